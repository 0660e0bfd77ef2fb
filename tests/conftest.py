"""Session-wide real servers and the registration service running in-process on a free port."""
import pathlib
import secrets
import shutil
import tempfile

import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.services.devstack import provision
from eventcenter.services.registration.bootstrap import RegistrationService, migrate
from eventcenter.services.registration.settings import RegistrationSettings
from tests import infrastructure

TEST_DATABASE = "eventcenter_test"
SECRET = secrets.token_urlsafe(48)


@pytest.fixture(scope="session")
def infra():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="eventcenter-test-"))
    servers = infrastructure.start(folder)
    yield servers
    servers.stop()
    shutil.rmtree(folder, ignore_errors=True)  # PostgreSQL's files: tens of megabytes a run


def _database_url(admin_url: str, user: str, password: str) -> str:
    host = admin_url.split("@", 1)[1].rsplit("/", 1)[0]
    return f"postgresql+asyncpg://{user}:{password}@{host}/{TEST_DATABASE}"


@pytest.fixture(scope="session")
async def registration_settings(infra) -> RegistrationSettings:
    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_database(infra.postgres_admin_url, TEST_DATABASE)
    await provision.ensure_service_role(admin_db, "registration", "registration")
    settings = RegistrationSettings(
        database_url=_database_url(infra.postgres_admin_url, "registration", "registration"),
        database_schema="registration",
        **infra.nats_settings("registration"),
        grpc_address="127.0.0.1:0",
        identity_secret=SECRET,
        relay_idle_seconds=0.05,
    )
    await migrate(settings)
    return settings


@pytest.fixture(scope="session")
async def registration(registration_settings):
    service = RegistrationService(registration_settings, run_timers=False)
    service.port = await service.start()
    yield service
    await service.stop()


@pytest.fixture(scope="session")
async def collaboration(infra, registration_settings):
    from eventcenter.services.collaboration.bootstrap import CollaborationService
    from eventcenter.services.collaboration.bootstrap import migrate as migrate_collaboration
    from eventcenter.services.collaboration.settings import CollaborationSettings

    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_service_role(admin_db, "collaboration", "collaboration", extensions=("pg_trgm",))
    settings = CollaborationSettings(
        database_url=_database_url(infra.postgres_admin_url, "collaboration", "collaboration"),
        **infra.nats_settings("collaboration"), grpc_address="127.0.0.1:0", identity_secret=SECRET,
        page_token_secret=secrets.token_urlsafe(32),
        # Nothing listens there: the tests never reach the real Wikidata (they run their own, see wikidata_server).
        wikidata_sparql_url="http://127.0.0.1:9/sparql", wikidata_api_url="http://127.0.0.1:9/w/api.php")
    await migrate_collaboration(settings)
    service = CollaborationService(settings)
    service.port = await service.start()
    yield service
    await service.stop()


@pytest.fixture(scope="session")
async def collaboration_stub(collaboration):
    from eventcenter.collaboration.v1 import collaboration_service_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{collaboration.port}",
                                         interceptors=[AnonymousIdentity()]) as channel:
        yield collaboration_service_pb2_grpc.CollaborationServiceStub(channel)


class AnonymousIdentity(grpc.aio.UnaryUnaryClientInterceptor):
    """Calls as an anonymous reader (a signed identity token for no one), as the gateway makes them."""

    async def intercept_unary_unary(self, continuation, details, request):
        from eventcenter.services.kernel.identity import ANONYMOUS, bearer_metadata, issue_token

        if not details.metadata:
            details = details._replace(metadata=bearer_metadata(issue_token(ANONYMOUS, SECRET)))
        return await continuation(details, request)


@pytest.fixture(scope="session")
async def channel(registration):
    async with grpc.aio.insecure_channel(f"127.0.0.1:{registration.port}") as channel:
        yield channel


@pytest.fixture(scope="session")
def stub(channel):
    return registration_service_pb2_grpc.RegistrationServiceStub(channel)


@pytest.fixture
def clock(registration):
    """The service's clock; moved back after each test."""
    offset = registration.clock.offset
    yield registration.clock
    registration.clock.offset = offset


@pytest.fixture(scope="session", autouse=True)
def quiet_logs():
    from eventcenter.services.kernel.logs import configure_logging

    configure_logging("warning")


def gateway_settings(registration, collaboration=None, **overrides):
    from eventcenter.services.gateway.settings import GatewaySettings

    # Every test client comes from loopback: limits are tested on their own gateway.
    values = dict(environment="development", http_port=0, dev_sign_in=True, user_writes_per_minute=0,
                  address_writes_per_minute=0, registration_address=f"127.0.0.1:{registration.port}",
                  collaboration_address=f"127.0.0.1:{collaboration.port}" if collaboration else "127.0.0.1:9",
                  notifications_address="127.0.0.1:9",  # none unless a test passes the real one
                  invitations_address="127.0.0.1:9",  # likewise
                  contributions_address="127.0.0.1:9",  # likewise
                  default_wiki=WIKI_ID,  # bare worklist titles are on the test wiki
                  identity_secret=SECRET, session_secret=secrets.token_urlsafe(48),
                  # The services' NATS, as the gateway's own user: sign-outs are kept there (a stand-in service has
                  # none).
                  **infrastructure.gateway_nats(getattr(getattr(registration, "settings", None), "nats_url",
                                                        "nats://127.0.0.1:9")))
    return GatewaySettings(**{**values, **overrides})


async def start_gateway(settings):
    from eventcenter.services.gateway.server import GatewayServer

    server = GatewayServer(settings)
    server.url = f"http://127.0.0.1:{await server.start()}"
    return server


@pytest.fixture(scope="session")
async def gateway(registration, collaboration, notifications, invitations, contributions):
    server = await start_gateway(gateway_settings(registration, collaboration,
                                                  notifications_address=f"127.0.0.1:{notifications.port}",
                                                  invitations_address=f"127.0.0.1:{invitations.port}",
                                                  contributions_address=f"127.0.0.1:{contributions.port}"))
    yield server
    await server.stop()


@pytest.fixture(scope="session")
async def http(gateway):
    import httpx

    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        yield client


def notifications_settings(infra, smtp_port: int, **overrides):
    from eventcenter.services.notifications.settings import NotificationsSettings

    values = dict(database_url=_database_url(infra.postgres_admin_url, "notifications", "notifications"),
                  **infra.nats_settings("notifications"), grpc_address="127.0.0.1:0", identity_secret=SECRET,
                  smtp_host="127.0.0.1", smtp_port=smtp_port, mail_from="Event Center <no-reply@eventcenter.test>",
                  public_url="http://eventcenter.test", delivery_idle_seconds=0.05, delivery_first_retry_seconds=0.2,
                  delivery_max_attempts=3, smtp_timeout_seconds=3)
    return NotificationsSettings(**{**values, **overrides})


@pytest.fixture(scope="session")
def smtp():
    """One real SMTP server for the session; tests tell their mail apart by its recipients."""
    from tests.smtp_server import SmtpServer

    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="session")
async def notifications_database(infra, registration_settings):
    from eventcenter.services.notifications.bootstrap import migrate as migrate_notifications

    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_service_role(admin_db, "notifications", "notifications")
    await migrate_notifications(notifications_settings(infra, 25))


@pytest.fixture(scope="session")
async def notifications(infra, smtp, registration, notifications_database):
    """The service with its consumer and delivery worker; reminders are run by the tests themselves."""
    from eventcenter.services.notifications.bootstrap import NotificationsService

    service = NotificationsService(notifications_settings(infra, smtp.port), schedule=False)
    service.port = await service.start()
    yield service
    await service.stop()


@pytest.fixture(scope="session")
async def notifications_stub(notifications):
    from eventcenter.notifications.v1 import notifications_service_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{notifications.port}") as channel:
        yield notifications_service_pb2_grpc.NotificationsServiceStub(channel)


WIKI_ID = "testwiki"  # the test wiki's id in worklists (see services/devstack/mediawiki.py)


def invitations_settings(infra, registration, wiki_api_url: str, **overrides):
    from eventcenter.services.invitations.settings import InvitationsSettings

    values = dict(database_url=_database_url(infra.postgres_admin_url, "invitations", "invitations"),
                  **infra.nats_settings("invitations"), grpc_address="127.0.0.1:0", identity_secret=SECRET,
                  registration_address=f"127.0.0.1:{registration.port}", wikis={WIKI_ID: wiki_api_url},
                  worker_idle_seconds=0.1, relay_idle_seconds=0.05, user_agent="EventCenter-tests/0.1 (tests)")
    return InvitationsSettings(**{**values, **overrides})


@pytest.fixture(scope="session")
async def invitations(infra, registration, registration_settings, mediawiki):
    from eventcenter.services.invitations.bootstrap import InvitationsService
    from eventcenter.services.invitations.bootstrap import migrate as migrate_invitations

    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_service_role(admin_db, "invitations", "invitations")
    settings = invitations_settings(infra, registration, mediawiki.api_url)
    await migrate_invitations(settings)
    service = InvitationsService(settings)
    service.port = await service.start()
    yield service
    await service.stop()


@pytest.fixture(scope="session")
async def invitations_stub(invitations):
    from eventcenter.invitations.v1 import invitations_service_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{invitations.port}") as channel:
        yield invitations_service_pb2_grpc.InvitationsServiceStub(channel)


@pytest.fixture(scope="session")
def mediawiki():
    """A real local MediaWiki (Debian's 1.39, PHP's built-in server) seeded with known pages, users, reverts and
    blocks; see services/devstack/mediawiki.py for what it holds (SeededWiki)."""
    from eventcenter.services.devstack.mediawiki import seeded_wiki

    with seeded_wiki() as wiki:
        yield wiki


def contributions_settings(infra, wiki_api_url: str, **overrides):
    from eventcenter.services.contributions.settings import ContributionsSettings

    values = dict(database_url=_database_url(infra.postgres_admin_url, "contributions", "contributions"),
                  **infra.nats_settings("contributions"), grpc_address="127.0.0.1:0", identity_secret=SECRET,
                  wikis={WIKI_ID: wiki_api_url}, user_agent="EventCenter-tests/0.1 (tests)")
    return ContributionsSettings(**{**values, **overrides})


@pytest.fixture(scope="session")
async def contributions(infra, registration, registration_settings, mediawiki, dashboard_port):
    """The service with its consumer of the registration stream, reading the seeded local wiki."""
    from eventcenter.services.contributions.bootstrap import ContributionsService
    from eventcenter.services.contributions.bootstrap import migrate as migrate_contributions

    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_service_role(admin_db, "contributions", "contributions")
    # Worklists gathered and revisions checked every second, so tests see them without waiting a minute. The
    # local Dashboard (the `dashboard` fixture) is on the operator's list beside Wikimedia's.
    settings = contributions_settings(infra, mediawiki.api_url, gather_interval_seconds=1.0,
                                      revision_check_seconds=1.0,
                                      dashboard_urls=["https://outreachdashboard.wmflabs.org",
                                                      f"http://127.0.0.1:{dashboard_port}"])
    await migrate_contributions(settings)
    service = ContributionsService(settings)
    service.port = await service.start()
    yield service
    await service.stop()


@pytest.fixture(scope="session")
async def contributions_stub(contributions):
    from eventcenter.contributions.v1 import contributions_service_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{contributions.port}") as channel:
        yield contributions_service_pb2_grpc.ContributionsServiceStub(channel)


@pytest.fixture(scope="session")
def dashboard_port() -> int:
    """Where the local Dashboard listens, the same for every test: the contributions service allows it."""
    from eventcenter.services.devstack.ports import free_port

    return free_port()


@pytest.fixture
def dashboard(dashboard_port):
    """A local Programs & Events Dashboard (tests/dashboard_server.py), fresh for each test."""
    from tests.dashboard_server import FakeDashboard

    server = FakeDashboard(port=dashboard_port).start()
    yield server
    server.stop()


@pytest.fixture
def quick_dashboard_retries(contributions):
    """The contributions service tries failed Dashboard syncs again after 0.2 s (then 0.4, 0.8... s)."""
    sync = contributions.dashboard_sync
    kept, sync.interval = sync.interval, 0.2
    sync.wake()
    yield sync
    sync.interval = kept
