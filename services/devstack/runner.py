"""`eventcenter dev`: PostgreSQL, NATS, an SMTP sink and every service built so far, on loopback, until Ctrl-C."""
import asyncio
import contextlib
import os

from eventcenter.services.collaboration.bootstrap import CollaborationService
from eventcenter.services.collaboration.bootstrap import migrate as migrate_collaboration
from eventcenter.services.collaboration.settings import CollaborationSettings
from eventcenter.services.contributions.bootstrap import ContributionsService
from eventcenter.services.contributions.bootstrap import migrate as migrate_contributions
from eventcenter.services.contributions.settings import ContributionsSettings
from eventcenter.services.devstack import demo, provision
from eventcenter.services.devstack.mail_sink import MailSink
from eventcenter.services.devstack.nats import EmbeddedNats
from eventcenter.services.devstack.postgres import EmbeddedPostgres
from eventcenter.services.devstack.secrets import (
    home,
    identity_secret,
    nats_passwords,
    page_token_secret,
    session_secret,
)
from eventcenter.services.gateway.server import GatewayServer
from eventcenter.services.gateway.settings import GatewaySettings
from eventcenter.services.invitations.bootstrap import InvitationsService
from eventcenter.services.invitations.bootstrap import migrate as migrate_invitations
from eventcenter.services.invitations.settings import InvitationsSettings
from eventcenter.services.kernel import nats_access
from eventcenter.services.kernel.grpc_server import stop_on_signals
from eventcenter.services.notifications.bootstrap import NotificationsService
from eventcenter.services.notifications.bootstrap import migrate as migrate_notifications
from eventcenter.services.notifications.settings import NotificationsSettings
from eventcenter.services.registration.bootstrap import RegistrationService, migrate
from eventcenter.services.registration.settings import RegistrationSettings

DATABASE = "eventcenter"
PG_PORT = int(os.environ.get("EVENTCENTER_DEV_PG_PORT", "5433"))
NATS_PORT = int(os.environ.get("EVENTCENTER_DEV_NATS_PORT", "4222"))
REGISTRATION_ADDRESS = os.environ.get("EVENTCENTER_DEV_REGISTRATION_ADDRESS", "127.0.0.1:50051")
COLLABORATION_ADDRESS = os.environ.get("EVENTCENTER_DEV_COLLABORATION_ADDRESS", "127.0.0.1:50052")
NOTIFICATIONS_ADDRESS = os.environ.get("EVENTCENTER_DEV_NOTIFICATIONS_ADDRESS", "127.0.0.1:50054")
INVITATIONS_ADDRESS = os.environ.get("EVENTCENTER_DEV_INVITATIONS_ADDRESS", "127.0.0.1:50053")
CONTRIBUTIONS_ADDRESS = os.environ.get("EVENTCENTER_DEV_CONTRIBUTIONS_ADDRESS", "127.0.0.1:50055")
# The local wiki's id in worklists: the wiki the demo events' pages are on.
LOCAL_WIKI = "local"
WIKI_PORT = int(os.environ.get("EVENTCENTER_DEV_WIKI_PORT", "8081"))
GATEWAY_PORT = int(os.environ.get("EVENTCENTER_DEV_GATEWAY_PORT", "8080"))
SMTP_PORT = int(os.environ.get("EVENTCENTER_DEV_SMTP_PORT", "2525"))


async def run_dev(with_wiki: bool = False) -> None:
    async with contextlib.AsyncExitStack() as stack:
        wiki = await asyncio.to_thread(stack.enter_context, _sample_wiki()) if with_wiki else None
        await _run_services(wiki)


@contextlib.contextmanager
def _sample_wiki():
    """A local MediaWiki with sample articles, editors, reverts and blocks (made anew each run)."""
    from eventcenter.services.devstack.mediawiki import seeded_wiki

    print("Starting a local MediaWiki with sample data…", flush=True)
    with seeded_wiki(port=WIKI_PORT) as wiki:
        yield wiki


async def _run_services(wiki) -> None:
    folder = home()
    postgres = EmbeddedPostgres(folder / "postgres", PG_PORT)
    # Each service and the gateway as its own NATS user, limited to its own subjects, as in production.
    nats = EmbeddedNats(folder / "nats", NATS_PORT, passwords=nats_passwords(folder))
    mail = MailSink(folder / "mail", SMTP_PORT)
    postgres.start()
    nats.start()
    mail.start()
    running = []
    try:
        settings = await prepare_registration(postgres, nats, identity_secret(folder))
        for service in (RegistrationService(settings),
                        CollaborationService(await prepare_collaboration(postgres, nats, settings, folder)),
                        NotificationsService(await prepare_notifications(postgres, nats, settings, mail)),
                        InvitationsService(await prepare_invitations(postgres, nats, settings, wiki)),
                        ContributionsService(await prepare_contributions(postgres, nats, settings, wiki))):
            await service.start()
            running.append(service)
            if isinstance(service, RegistrationService):
                await demo.seed_once(folder, REGISTRATION_ADDRESS, settings.identity_secret.get_secret_value())
        gateway = GatewayServer(GatewaySettings(
            environment="development", http_port=GATEWAY_PORT, dev_sign_in=True,
            registration_address=REGISTRATION_ADDRESS, collaboration_address=COLLABORATION_ADDRESS,
            notifications_address=NOTIFICATIONS_ADDRESS, invitations_address=INVITATIONS_ADDRESS,
            contributions_address=CONTRIBUTIONS_ADDRESS, **nats.credentials(nats_access.GATEWAY),
            default_wiki=LOCAL_WIKI, dev_mail_folder=str(mail.folder), identity_secret=settings.identity_secret,
            session_secret=session_secret(folder)))
        await gateway.start()
        running.append(gateway)
        print_table(postgres, nats, mail, folder, wiki)
        stop = asyncio.Event()
        stop_on_signals(stop)
        await stop.wait()
        print("\nStopping…", flush=True)
    finally:
        for service in reversed(running):
            await service.stop()
        mail.stop()
        nats.stop()
        postgres.stop()


async def prepare_registration(postgres: EmbeddedPostgres, nats: EmbeddedNats, secret: str) -> RegistrationSettings:
    admin_url = postgres.url()
    await provision.ensure_database(admin_url, DATABASE)
    await provision.ensure_service_role(postgres.url(database=DATABASE), "registration", "registration")
    settings = RegistrationSettings(
        database_url=postgres.url("registration", "registration", DATABASE),
        database_schema="registration",
        **nats.credentials("registration"),
        grpc_address=REGISTRATION_ADDRESS,
        identity_secret=secret,
    )
    await migrate(settings)
    return settings


async def prepare_collaboration(postgres: EmbeddedPostgres, nats: EmbeddedNats, registration: RegistrationSettings,
                                folder) -> CollaborationSettings:
    await provision.ensure_service_role(postgres.url(database=DATABASE), "collaboration", "collaboration",
                                        extensions=("pg_trgm",))
    settings = CollaborationSettings(
        database_url=postgres.url("collaboration", "collaboration", DATABASE), **nats.credentials("collaboration"),
        grpc_address=COLLABORATION_ADDRESS, identity_secret=registration.identity_secret,
        page_token_secret=page_token_secret(folder))
    await migrate_collaboration(settings)
    return settings


async def prepare_notifications(postgres: EmbeddedPostgres, nats: EmbeddedNats, registration: RegistrationSettings,
                                mail: MailSink) -> NotificationsSettings:
    await provision.ensure_service_role(postgres.url(database=DATABASE), "notifications", "notifications")
    settings = NotificationsSettings(
        database_url=postgres.url("notifications", "notifications", DATABASE), **nats.credentials("notifications"),
        grpc_address=NOTIFICATIONS_ADDRESS, identity_secret=registration.identity_secret,
        public_url=f"http://127.0.0.1:{GATEWAY_PORT}", smtp_host=mail.host, smtp_port=mail.port,
        mail_from="Event Center <no-reply@eventcenter.localhost>")
    await migrate_notifications(settings)
    return settings


async def prepare_invitations(postgres: EmbeddedPostgres, nats: EmbeddedNats, registration: RegistrationSettings,
                              wiki) -> InvitationsSettings:
    """Worklists name the local wiki with --wiki; otherwise the wikis of EVENTCENTER_WIKIS, if any."""
    await provision.ensure_service_role(postgres.url(database=DATABASE), "invitations", "invitations")
    settings = InvitationsSettings(
        database_url=postgres.url("invitations", "invitations", DATABASE), **nats.credentials("invitations"),
        grpc_address=INVITATIONS_ADDRESS, identity_secret=registration.identity_secret,
        registration_address=REGISTRATION_ADDRESS, **({"wikis": {LOCAL_WIKI: wiki.api_url}} if wiki else {}))
    await migrate_invitations(settings)
    return settings


async def prepare_contributions(postgres: EmbeddedPostgres, nats: EmbeddedNats, registration: RegistrationSettings,
                                wiki) -> ContributionsSettings:
    """Events track edits on the local wiki with --wiki; otherwise on the wikis of EVENTCENTER_WIKIS, if any."""
    await provision.ensure_service_role(postgres.url(database=DATABASE), "contributions", "contributions")
    settings = ContributionsSettings(
        database_url=postgres.url("contributions", "contributions", DATABASE), **nats.credentials("contributions"),
        grpc_address=CONTRIBUTIONS_ADDRESS, identity_secret=registration.identity_secret,
        **({"wikis": {LOCAL_WIKI: wiki.api_url}} if wiki else {}))
    await migrate_contributions(settings)
    return settings


def print_table(postgres: EmbeddedPostgres, nats: EmbeddedNats, mail: MailSink, folder, wiki=None) -> None:
    rows = [
        ("web pages", f"http://127.0.0.1:{GATEWAY_PORT}/"),
        ("REST API (OpenAPI)", f"http://127.0.0.1:{GATEWAY_PORT}/openapi.json"),
        ("registration (gRPC, reflection)", REGISTRATION_ADDRESS),
        ("collaboration (gRPC, reflection)", COLLABORATION_ADDRESS),
        ("invitations (gRPC, reflection)", INVITATIONS_ADDRESS),
        ("contributions (gRPC, reflection)", CONTRIBUTIONS_ADDRESS),
        ("notifications (gRPC, reflection)", NOTIFICATIONS_ADDRESS),
        ("PostgreSQL", f"127.0.0.1:{postgres.port}  database {DATABASE}"),
        ("NATS JetStream", f"{nats.url}  stream EVENTCENTER, user operator (password in "
                           f"{folder / 'nats-passwords' / 'operator'})"),
        ("SMTP sink", f"{mail.host}:{mail.port}  keeps mail in {mail.folder}"),
        ("captured mail (web)", f"http://127.0.0.1:{GATEWAY_PORT}/dev/mail"),
        ("data", str(folder)),
    ]
    if wiki is not None:
        rows.insert(-1, (f"MediaWiki '{LOCAL_WIKI}' (sample data)", f"{wiki.server}/index.php  API {wiki.api_url}"))
    width = max(len(name) for name, _ in rows)
    print("\nEvent Center is running:", flush=True)
    for name, where in rows:
        print(f"  {name.ljust(width)}  {where}", flush=True)
    print("\nA token for grpcurl:  eventcenter token --user-id 1001 --name Ada --rights event-organizer", flush=True)
    print(f"A token for the REST API:  curl -XPOST http://127.0.0.1:{GATEWAY_PORT}/dev/token "
          "-H 'content-type: application/json' -d '{\"username\": \"Ada\", \"groups\": [\"event-organizer\"]}'",
          flush=True)
    print("Press Ctrl-C to stop.", flush=True)


