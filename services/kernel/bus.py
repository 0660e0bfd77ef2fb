"""NATS JetStream: the one EVENTCENTER stream, subjects, and message headers."""
import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError

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


async def connect(url: str, name: str, **options: object) -> Client:
    return await nats.connect(
        servers=[url], name=name, max_reconnect_attempts=-1, reconnect_time_wait=0.5,
        allow_reconnect=True, **options,
    )


async def ensure_stream(js: JetStreamContext, replicas: int = 1) -> None:
    config = StreamConfig(
        name=STREAM,
        subjects=SUBJECTS,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        num_replicas=replicas,
    )
    try:
        await js.add_stream(config)
    except BadRequestError:
        await js.update_stream(config)
