"""The gateway's HTTP/1.1 connections: uvicorn's httptools protocol with two limits it lacks.

- A request's head (request line and headers) must arrive whole within a deadline, counted from the connection's
  opening for its first request and from the first byte of each later one; otherwise the connection is closed.
  uvicorn times out only idle kept-alive connections, so a client sending a header line every few seconds held
  its connection (and its memory) for as long as it liked.
- At most so many connections are open at once: one more is closed as soon as it is accepted, before anything
  of it is read. uvicorn's `limit_concurrency` still answers 503 past as many requests in progress."""
import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)


class BoundedHttpProtocol(HttpToolsProtocol):
    head_timeout: float = 10.0
    max_connections: int = 1000

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self.head_deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            log.warning("http_connection_refused", reason="too many connections", limit=self.max_connections)
            transport.close()
            return
        self._arm_head_deadline()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm_head_deadline()  # a later request on a kept-alive connection: counted from its first byte

    def on_headers_complete(self) -> None:
        self._cancel_head_deadline()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        if self.head_deadline is None:
            self.head_deadline = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _cancel_head_deadline(self) -> None:
        if self.head_deadline is not None:
            self.head_deadline.cancel()
            self.head_deadline = None

    def _head_too_slow(self) -> None:
        self.head_deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            # A pipelined head arriving slowly while an answer is being made: finish that answer, then close.
            self.cycle.keep_alive = False
            return
        log.info("http_head_timeout", seconds=self.head_timeout)
        self.transport.close()


def bounded_protocol(head_timeout: float, max_connections: int) -> type[BoundedHttpProtocol]:
    """The protocol class for one server (uvicorn makes each connection's protocol from the class alone)."""
    return type("GatewayHttpProtocol", (BoundedHttpProtocol,),
                {"head_timeout": head_timeout, "max_connections": max_connections})
