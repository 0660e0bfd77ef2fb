"""The kernel's gRPC server on its own: default deadlines, and unexpected errors that leak nothing."""
import asyncio

import grpc
import pytest

from eventcenter.services.kernel.grpc_server import ServiceBinding, create_server
from eventcenter.services.kernel.identity import Identity, bearer_metadata, issue_token

SECRET = "kernel-test-secret-kernel-test-secret-0123456789"


async def _slow(request: bytes, context) -> bytes:
    await asyncio.sleep(5)
    return request


async def _broken(request: bytes, context) -> bytes:
    raise RuntimeError("database password is hunter2")


def _binding() -> ServiceBinding:
    handlers = {name: grpc.unary_unary_rpc_method_handler(behavior) for name, behavior in
                (("Slow", _slow), ("Broken", _broken))}
    return ServiceBinding("test.Probe", lambda server: server.add_generic_rpc_handlers(
        (grpc.method_handlers_generic_handler("test.Probe", handlers),)))


@pytest.fixture
async def probe():
    server, port, _ = create_server("127.0.0.1:0", [_binding()], SECRET, default_deadline=0.3)
    await server.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel
    await server.stop(0)


def _call(channel, method: str, timeout: float | None = None):
    return channel.unary_unary(f"/test.Probe/{method}")(
        b"x", metadata=bearer_metadata(issue_token(Identity(7, "Probe"), SECRET)), timeout=timeout)


async def test_calls_without_a_deadline_get_the_default_one(probe):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await _call(probe, "Slow")
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


async def test_long_client_deadlines_are_capped(probe):
    started = asyncio.get_running_loop().time()
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await _call(probe, "Slow", timeout=60)
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert asyncio.get_running_loop().time() - started < 5


async def test_unexpected_errors_are_internal_without_details(probe):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await _call(probe, "Broken")
    assert caught.value.code() == grpc.StatusCode.INTERNAL
    assert "hunter2" not in caught.value.details() and "Traceback" not in caught.value.details()
