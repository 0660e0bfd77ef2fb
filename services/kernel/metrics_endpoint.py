"""/metrics on a side port, served in the service's own event loop so that probes can use its database pool."""
import asyncio

from prometheus_client import CONTENT_TYPE_LATEST

from eventcenter.services.kernel import metrics
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)
READ_TIMEOUT_SECONDS = 10.0


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT_SECONDS)
        method, _, rest = head.partition(b" ")
        path = rest.partition(b" ")[0].partition(b"?")[0]
        if path == b"/metrics" and method in (b"GET", b"HEAD"):
            status, kind, body = b"200 OK", CONTENT_TYPE_LATEST.encode(), await metrics.render()
        else:
            status, kind, body = b"404 Not Found", b"text/plain; charset=utf-8", b"not found; see /metrics\n"
        writer.write(b"HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                     % (status, kind, len(body)))
        if method != b"HEAD":
            writer.write(body)
        await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
        pass  # a client that went away or never finished its request gets nothing
    finally:
        writer.close()


class MetricsEndpoint:
    def __init__(self, server: asyncio.Server, address: str) -> None:
        self.server, self.address, self.users = server, address, 1

    @property
    def port(self) -> int:
        return self.server.sockets[0].getsockname()[1]


# The dev stack runs every service in one process with one EVENTCENTER_METRICS_ADDRESS: the first service to
# start serves it, the registry (and so every service's metrics) is shared, and the last to stop closes it.
_serving: dict[str, MetricsEndpoint] = {}


async def open_endpoint(address: str) -> MetricsEndpoint:
    """Serves /metrics at "host:port" ("0.0.0.0:9090"; port 0 picks a free one, never shared)."""
    if (endpoint := _serving.get(address)) is not None:
        endpoint.users += 1
        return endpoint
    host, _, port = address.rpartition(":")
    server = await asyncio.start_server(_answer, host.strip("[]") or None, int(port))
    endpoint = MetricsEndpoint(server, address)
    if not address.endswith(":0"):
        _serving[address] = endpoint
    log.info("metrics_serving", address=address, port=endpoint.port)
    return endpoint


async def close_endpoint(endpoint: MetricsEndpoint) -> None:
    endpoint.users -= 1
    if endpoint.users > 0:
        return
    _serving.pop(endpoint.address, None)
    endpoint.server.close()
    await endpoint.server.wait_closed()
