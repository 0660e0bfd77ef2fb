"""NATS JetStream: the one EVENTCENTER stream, subjects, and message headers."""
import asyncio
import ssl
from urllib.parse import urlsplit

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError

from eventcenter.services.kernel import nats_access
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.settings import ServiceSettings, StreamSettings

log = get_logger(__name__)

STREAM = "EVENTCENTER"
SUBJECTS = ["eventcenter.>"]
HEADER_MESSAGE_ID = "Nats-Msg-Id"
HEADER_TYPE = "Eventcenter-Type"
HEADER_TIME = "Eventcenter-Time"
HEADER_REQUEST_ID = "Eventcenter-Request-Id"
# A relay that published and then crashed before marking its row republishes later; keep ids long enough.
DUPLICATE_WINDOW_SECONDS = 24 * 3600


def subject_for(service: str, event_name: str) -> str:
    return f"eventcenter.{service}.v1.{event_name}"


async def connect(url: str, name: str, user: str = "", password: str = "", tls_ca_file: str = "",
                  **options: object) -> Client:
    """As `user` when given (its replies on its own inbox prefix, the only one it may listen on); over TLS with a
    tls:// URL, checking the server's name against the URL's host, whichever server of the cluster answers."""
    if user:
        options.update(user=user, password=password, inbox_prefix=nats_access.inbox_prefix(user))
    if url.startswith("tls://"):
        options.update(tls=ssl.create_default_context(cafile=tls_ca_file or None), tls_hostname=urlsplit(url).hostname)
    return await nats.connect(
        servers=[url], name=name, max_reconnect_attempts=-1, reconnect_time_wait=0.5,
        allow_reconnect=True, **options,
    )


async def ensure_stream(js: JetStreamContext, replicas: int = 1, max_age_days: int | None = None) -> None:
    max_age_days = max_age_days or StreamSettings().stream_max_age_days
    config = StreamConfig(
        name=STREAM,
        subjects=SUBJECTS,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        num_replicas=replicas,
        # Older messages are removed by the server itself (EVENTCENTER_STREAM_MAX_AGE_DAYS).
        max_age=max_age_days * 86400,
    )
    try:
        await js.add_stream(config)
    except BadRequestError:
        await js.update_stream(config)


class StreamConnection:
    """A service's connection to NATS, made when NATS answers. Until then the outbox keeps the service's events
    and its consumers wait: a service starts and serves whether or not NATS is up."""

    def __init__(self, url: str, name: str, replicas: int | None = None, user: str = "", password: str = "",
                 tls_ca_file: str = "") -> None:
        self.url, self.name = url, name
        self.credentials = {"user": user, "password": password, "tls_ca_file": tls_ca_file}
        # EVENTCENTER_STREAM_* unless told: every service makes the stream alike, whoever starts first.
        stream = StreamSettings()
        self.replicas = replicas or stream.stream_replicas
        self.max_age_days = stream.stream_max_age_days
        self.client: Client | None = None

    async def jetstream(self) -> JetStreamContext:
        self.client = self.client or await connect(self.url, self.name, **self.credentials)
        js = self.client.jetstream()
        await ensure_stream(js, self.replicas, self.max_age_days)
        return js

    @classmethod
    def of(cls, settings: ServiceSettings, service: str) -> "StreamConnection":
        """The service's connection, as its own NATS user."""
        return cls(settings.nats_url, f"eventcenter-{service}", user=settings.nats_user,
                   password=settings.nats_password.get_secret_value(), tls_ca_file=settings.nats_tls_ca_file)

    async def when_up(self, stopping: asyncio.Event) -> JetStreamContext | None:
        """The stream once NATS answers; None if the service stops first."""
        while not stopping.is_set():
            try:
                return await self.jetstream()
            except Exception as error:
                log.warning("nats_not_ready", error=repr(error))
                await asyncio.sleep(1.0)
        return None

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()
