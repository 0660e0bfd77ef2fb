"""Slow and many clients against a real gateway: a request head trickling in a header line at a time is cut off
at its deadline (here 1 s), a connection past the cap is closed on arrival, and neither limit touches a client
that sends its requests whole, kept-alive connections included."""
import asyncio

import pytest

from tests.conftest import gateway_settings, start_gateway
from tests.waiting import eventually

HEAD_TIMEOUT = 1.0
MAX_CONNECTIONS = 4
BOUND = 5.0  # how long a test waits for the server to act, at most (never how fast it must)
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n"


@pytest.fixture(scope="module")
async def bounded(registration):
    server = await start_gateway(gateway_settings(registration, http_head_timeout_seconds=HEAD_TIMEOUT,
                                                  http_max_connections=MAX_CONNECTIONS))
    yield server
    await server.stop()


async def _connect(server) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    host, port = server.url.removeprefix("http://").split(":")
    return await asyncio.open_connection(host, int(port))


async def _closed_by_server(reader: asyncio.StreamReader) -> bool:
    """True once the server closed the connection (end of stream or reset) within the bound."""
    try:
        return await asyncio.wait_for(reader.read(65536), BOUND) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes:
    writer.write(REQUEST)
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), BOUND)
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
    await asyncio.wait_for(reader.readexactly(length), BOUND)
    return head


async def _trickle(writer: asyncio.StreamWriter, stop: asyncio.Event) -> None:
    """A header line every 0.2 s, never the blank line that ends the head."""
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n")
    n = 0
    while not stop.is_set() and not writer.is_closing():
        try:
            writer.write(b"X-Slow-%d: still coming\r\n" % n)
            await writer.drain()
        except ConnectionError:
            return
        n += 1
        await asyncio.sleep(0.2)


async def test_a_head_trickling_in_is_closed_at_its_deadline(bounded):
    clients = [await _connect(bounded) for _ in range(3)]
    stop = asyncio.Event()
    trickles = [asyncio.create_task(_trickle(writer, stop)) for _, writer in clients]
    try:
        closed = await asyncio.gather(*(_closed_by_server(reader) for reader, _ in clients))
    finally:
        stop.set()
        await asyncio.gather(*trickles)
        for _, writer in clients:
            writer.close()
    assert closed == [True, True, True]


async def test_a_connection_that_sends_nothing_is_closed_at_the_deadline(bounded):
    reader, writer = await _connect(bounded)
    try:
        assert await _closed_by_server(reader)
    finally:
        writer.close()


async def test_a_kept_alive_connection_stays_open_between_whole_requests(bounded):
    reader, writer = await _connect(bounded)
    try:
        assert (await _answer(reader, writer)).startswith(b"HTTP/1.1 200")
        await asyncio.sleep(HEAD_TIMEOUT * 1.5)  # idle past the head deadline: the keep-alive time applies
        assert (await _answer(reader, writer)).startswith(b"HTTP/1.1 200")
    finally:
        writer.close()


async def test_connections_past_the_cap_are_closed_on_arrival(bounded):
    await eventually(lambda: not bounded.server.server_state.connections, BOUND)  # the other tests' are gone
    held = [await _connect(bounded) for _ in range(MAX_CONNECTIONS)]
    try:
        assert (await _answer(*held[0])).startswith(b"HTTP/1.1 200")  # the ones within the cap are served
        reader, writer = await _connect(bounded)
        try:
            assert await _closed_by_server(reader)
        finally:
            writer.close()
    finally:
        for _, writer in held:
            writer.close()
