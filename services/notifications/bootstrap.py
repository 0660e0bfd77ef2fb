"""The one place that wires the notifications service: database, stream consumer, delivery worker, reminder
scheduler, gRPC server. `bootstrap` wires the use cases to a unit of work: the SQL one in the service, an
in-memory one in the use-case tests (tests/service_layer)."""
import asyncio
import datetime
import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr
from urllib.parse import urlsplit

from eventcenter.notifications.v1 import notifications_service_pb2, notifications_service_pb2_grpc
from eventcenter.services.kernel import bus, i18n, migrations, standings
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.database import create_engine, session_factory
from eventcenter.services.kernel.grpc_server import ServiceBinding, create_server, mark_serving
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.observability import observe
from eventcenter.services.kernel.pruning import pruning_loop
from eventcenter.services.notifications.adapters import repositories
from eventcenter.services.notifications.adapters.calendar_attachment import event_file
from eventcenter.services.notifications.adapters.metrics import deliveries_probe
from eventcenter.services.notifications.adapters.smtp import SmtpSender
from eventcenter.services.notifications.adapters.tables import processed_messages, user_standings
from eventcenter.services.notifications.entrypoints import stream
from eventcenter.services.notifications.entrypoints.delivery_worker import DeliveryWorker, MailSettings
from eventcenter.services.notifications.entrypoints.grpc_api import NotificationsServicer
from eventcenter.services.notifications.entrypoints.reminder_scheduler import ReminderScheduler
from eventcenter.services.notifications.service_layer.delivery import RetryPolicy
from eventcenter.services.notifications.service_layer.reactions import Reactions
from eventcenter.services.notifications.service_layer.unit_of_work import UnitOfWork
from eventcenter.services.notifications.settings import NotificationsSettings

SERVICE = "notifications"
FULL_NAME = notifications_service_pb2.DESCRIPTOR.services_by_name["NotificationsService"].full_name
HERE = pathlib.Path(__file__).parent
log = get_logger(__name__)
i18n.register_catalogs(HERE / "locales")


async def migrate(settings: NotificationsSettings) -> None:
    await migrations.migrate_service(settings.database_url, settings.database_schema, HERE / "migrations")


def mail_settings(s: NotificationsSettings) -> MailSettings:
    domain = parseaddr(s.mail_from)[1].rpartition("@")[2] or "eventcenter.invalid"
    return MailSettings(
        sender=s.mail_from, domain=domain, preferences_url=f"{s.public_url}/preferences",
        batch_size=s.delivery_batch_size, lease=datetime.timedelta(seconds=s.delivery_lease_seconds),
        idle_seconds=s.delivery_idle_seconds, max_attempts=s.delivery_max_attempts,
        first_retry=datetime.timedelta(seconds=s.delivery_first_retry_seconds))


@dataclass
class Wiring:
    """The use cases wired to one unit of work, and the entry points that need nothing else."""
    uow: UnitOfWork
    reactions: Reactions
    reminders: ReminderScheduler
    retry_policy: RetryPolicy
    servicer: NotificationsServicer


def bootstrap(settings: NotificationsSettings, uow: UnitOfWork, queued: Callable[[], None] = lambda: None) -> Wiring:
    """`queued` is called once a transaction that queued mail has committed (it wakes the delivery worker)."""
    host = urlsplit(settings.public_url).hostname or "eventcenter"  # names calendar entries (UIDs)
    mail = mail_settings(settings)
    return Wiring(
        uow=uow, reactions=Reactions(settings.public_url, lambda event_id, facts: event_file(event_id, facts, host)
                                     .content, queued),
        reminders=ReminderScheduler(uow, settings.public_url, queued, settings.reminder_interval_seconds),
        retry_policy=RetryPolicy(mail.max_attempts, mail.first_retry),
        servicer=NotificationsServicer(uow))


@dataclass
class NotificationsService:
    settings: NotificationsSettings
    # Each part can be left out, e.g. a replica that only sends mail, or a test that drives one part.
    consume: bool = True
    deliver: bool = True
    schedule: bool = True
    clock: Clock = field(default_factory=Clock)

    def now(self) -> datetime.datetime:
        return self.clock.now()

    async def open_storage(self) -> None:
        s = self.settings
        self.stopping = asyncio.Event()
        self.nats = bus.StreamConnection.of(s, SERVICE)
        self.engine = create_engine(s.database_url, s.database_schema, s.database_pool_size)
        self.sessions = session_factory(self.engine)
        self.uow = UnitOfWork(self.sessions, repositories.work, self.clock)
        self.sender = SmtpSender(s.smtp_host, s.smtp_port, s.smtp_username, s.smtp_password.get_secret_value(),
                                 s.smtp_start_tls, s.smtp_timeout_seconds, s.smtp_connections)
        self.worker = DeliveryWorker(self.sessions, self.uow, self.sender, mail_settings(s), lambda: self.now())
        self.wiring = bootstrap(s, self.uow, self.worker.wake.set)
        self.scheduler = self.wiring.reminders
        # The stream's handler (one message, in the consumer's transaction).
        self.handle = stream.handler(self.uow, self.wiring.reactions)

    async def close(self) -> None:
        await self.nats.close()
        await self.sender.close()
        await self.engine.dispose()

    async def start(self) -> int:
        s = self.settings
        await self.open_storage()
        self.observability = await observe(SERVICE, s.metrics_address, s.otlp_endpoint,
                                           {"notification_deliveries": deliveries_probe(self.sessions)})
        binding = ServiceBinding(FULL_NAME, lambda server: notifications_service_pb2_grpc
                                 .add_NotificationsServiceServicer_to_server(self.wiring.servicer, server))
        self.server, port, self.health = create_server(
            s.grpc_address, [binding], s.identity_secret.get_secret_value(), s.default_deadline_seconds,
            standing=standings.applier(self.sessions, user_standings))
        await self.server.start()
        self.tasks = []
        if self.consume:
            self.tasks.append(asyncio.create_task(self._consume_when_nats_is_up()))
            pruning = pruning_loop(self.sessions, s, processed=processed_messages)
            self.tasks.append(asyncio.create_task(pruning.run(self.stopping)))
        if self.deliver:
            self.tasks.append(asyncio.create_task(self.worker.run(self.stopping)))
        if self.schedule:
            self.tasks.append(asyncio.create_task(self.scheduler.run(self.stopping)))
        await mark_serving(self.health, [FULL_NAME])
        log.info("service_started", service=SERVICE, port=port)
        return port

    async def _consume_when_nats_is_up(self) -> None:
        js = await self.nats.when_up(self.stopping)
        if js is not None:
            await stream.consumer(js, self.sessions, self.settings.consumer_name, self.handle).run(self.stopping)

    async def stop(self) -> None:
        await mark_serving(self.health, [FULL_NAME], serving=False)
        await self.server.stop(self.settings.shutdown_grace_seconds)
        self.stopping.set()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.observability.close()
        await self.close()
        log.info("service_stopped", service=SERVICE)
