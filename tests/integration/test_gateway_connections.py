"""The gateway keeps an idle connection open longer than its clients keep theirs (httpx: 5 s), so a client never
sends a request on a connection the gateway is closing at that moment (the request would fail with a read error)."""
import asyncio

from tests.conftest import gateway_settings, start_gateway

HEALTH = b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n"


def connect(server):
    return asyncio.open_connection("127.0.0.1", int(server.url.rsplit(":", 1)[1]))


async def answer_status(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes:
    """The status line of one request on an open connection, or b"" when the gateway closed it."""
    writer.write(HEALTH)
    status = await reader.readline()
    length = 0
    while status and (header := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = header.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length if status else 0)  # the body, so the next answer starts at its status line
    return status


async def test_a_connection_idle_longer_than_httpx_keeps_one_still_serves(registration, collaboration):
    server = await start_gateway(gateway_settings(registration, collaboration))
    try:
        reader, writer = await connect(server)
        assert (await answer_status(reader, writer)).startswith(b"HTTP/1.1 200")
        await asyncio.sleep(5.5)  # httpx drops its idle connections after 5 s; the gateway keeps its own longer
        assert (await answer_status(reader, writer)).startswith(b"HTTP/1.1 200")
        writer.close()
    finally:
        await server.stop()


async def test_an_idle_connection_is_closed_after_the_keep_alive_time(registration, collaboration):
    server = await start_gateway(gateway_settings(registration, collaboration, http_keep_alive_seconds=0.2))
    try:
        reader, writer = await connect(server)
        assert (await answer_status(reader, writer)).startswith(b"HTTP/1.1 200")
        assert await asyncio.wait_for(reader.read(), timeout=5) == b""  # closed by the gateway, idle
        writer.close()
    finally:
        await server.stop()
