"""Sessions ended by signing out, known to every gateway replica, so that a copy of a session cookie stops working
when its person signs out (the cookie itself is signed, not stored: without this, a copy stayed good until it
expired).

The gateway keeps no database; the record is a NATS JetStream key-value bucket: the session's id -> when it would
have expired anyway. The bucket forgets a record after the longest a session lives (its TTL), so it never grows
past a day's sign-outs. Each replica watches the bucket and keeps the ended ids in memory: a request asks a
dictionary, never NATS, and a sign-out on one replica reaches the others as soon as NATS delivers it. Until a
replica has read the whole bucket (its start, NATS down since), it honours no session: it cannot tell which
ended, and /readyz says so."""
import asyncio
import contextlib
import time
from collections.abc import Callable

from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import BadRequestError
from nats.js.kv import KV_DEL, KV_PURGE, KeyValue

from eventcenter.services.kernel import bus, nats_access
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.settings import StreamSettings

log = get_logger(__name__)
# The one bucket the gateway's NATS user may touch (kernel/nats_access.py).
BUCKET = nats_access.SIGNED_OUT_BUCKET
RETRY_SECONDS = 1.0
PRUNE_EVERY_SECONDS = 60.0


class SignOutUnavailable(Exception):
    """NATS did not take the record: the session was not ended."""


async def signed_out_bucket(js: JetStreamContext, ttl_seconds: int, replicas: int) -> KeyValue:
    """The bucket, made by whichever replica starts first; a longer session lifetime since lengthens its TTL."""
    config = KeyValueConfig(bucket=BUCKET, history=1, ttl=ttl_seconds, storage=StorageType.FILE, replicas=replicas,
                            description="Gateway sessions ended by signing out, until they would have expired")
    try:
        return await js.create_key_value(config)
    except BadRequestError:  # there already, made with other settings
        stream = (await js.stream_info(f"KV_{BUCKET}")).config
        stream.max_age, stream.num_replicas = ttl_seconds, replicas
        await js.update_stream(stream)
        return await js.key_value(BUCKET)


class SignedOutSessions:
    def __init__(self, nats_url: str, ttl_seconds: int, timeout: float = 5.0,
                 clock: Callable[[], float] = time.time, credentials: dict[str, str] | None = None) -> None:
        """`credentials`: the gateway's NATS user, password and CA (bus.connect's user, password, tls_ca_file)."""
        self.nats_url, self.ttl_seconds, self.timeout, self.clock = nats_url, ttl_seconds, timeout, clock
        self.credentials = credentials or {}
        self.ended: dict[str, float] = {}  # session id -> when it would have expired (epoch seconds)
        self.ready = asyncio.Event()
        self.kv: KeyValue | None = None
        self.client = None
        self.task: asyncio.Task | None = None
        self.pruned = clock()

    def has_ended(self, session_id: str) -> bool:
        """True for a session signed out, and for any while the sign-outs are not known yet."""
        return not self.ready.is_set() or session_id in self.ended

    async def end(self, session_id: str) -> None:
        """Records the sign-out (every replica refuses the session from then on); SignOutUnavailable if NATS did
        not take it."""
        expires = self.clock() + self.ttl_seconds  # the session began before now: it ends by then at the latest
        if self.kv is None:
            raise SignOutUnavailable("NATS is not connected")
        try:
            await asyncio.wait_for(self.kv.put(session_id, str(int(expires)).encode()), self.timeout)
        except Exception as error:
            raise SignOutUnavailable(repr(error)) from error
        self._keep(session_id, expires)  # this replica at once, whatever the watch's delay

    async def start(self, wait_seconds: float) -> None:
        """Starts reading the bucket, and waits (at most `wait_seconds`) until all of it is read."""
        self.task = asyncio.create_task(self._run())
        try:
            await asyncio.wait_for(self.ready.wait(), wait_seconds)
        except TimeoutError:
            log.warning("signed_out_sessions_not_ready", nats_url=self.nats_url,
                        note="no session is honoured until NATS answers")

    async def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        if self.client is not None:
            await self.client.close()

    async def _run(self) -> None:
        while True:
            try:
                self.client = self.client or await bus.connect(self.nats_url, "eventcenter-gateway",
                                                               error_cb=_nats_error, **self.credentials)
                self.kv = await signed_out_bucket(self.client.jetstream(), self.ttl_seconds,
                                                  StreamSettings().stream_replicas)
                await self._watch(self.kv)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("signed_out_sessions_unavailable", error=repr(error))
                await asyncio.sleep(RETRY_SECONDS)

    async def _watch(self, kv: KeyValue) -> None:
        watcher = await kv.watchall()
        try:
            async for entry in watcher:
                if entry is None:  # the bucket's records so far are all read
                    self.ready.set()
                elif entry.operation in (KV_DEL, KV_PURGE):
                    self.ended.pop(entry.key, None)
                else:
                    self._keep(entry.key, _expiry(entry.value, self.clock() + self.ttl_seconds))
        finally:
            with contextlib.suppress(Exception):
                await watcher.stop()

    def _keep(self, session_id: str, expires: float) -> None:
        now = self.clock()
        if expires > now:
            self.ended[session_id] = expires
        if now - self.pruned > PRUNE_EVERY_SECONDS:  # sessions past their expiry are refused anyway
            self.ended = {key: until for key, until in self.ended.items() if until > now}
            self.pruned = now


def _expiry(value: bytes | None, otherwise: float) -> float:
    try:
        return float((value or b"").decode())
    except ValueError:  # not written by a gateway: kept as long as any session lives
        return otherwise


async def _nats_error(error: Exception) -> None:
    """The client's own reports (a refused connection, a reconnect), as log lines rather than tracebacks."""
    log.warning("nats_error", error=repr(error))
