"""Signing out ends the session for every copy of its cookie, on every gateway replica (the sign-outs are kept in
NATS), and a sign-out that could not be recorded says so and signs no one out."""
import uuid

import httpx
import pytest

from eventcenter.services.devstack.nats import EmbeddedNats
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.gateway.sign_in.sessions import COOKIE
from tests.conftest import gateway_settings, start_gateway
from tests.waiting import eventually
from tests.web import csrf_of, signed_in_client


def copy_of(cookie: str, base_url: str) -> httpx.AsyncClient:
    """Another browser holding the same session cookie (copied, stolen, or left on a shared computer)."""
    return httpx.AsyncClient(base_url=base_url, timeout=30, cookies={COOKIE: cookie})


async def signed_in(client: httpx.AsyncClient) -> bool:
    return (await client.get("/auth/session")).json()["signed_in"]


async def sign_out(client: httpx.AsyncClient) -> httpx.Response:
    form = await client.get("/")
    return await client.post("/auth/logout", data={"token": csrf_of(form.text)})


@pytest.fixture
async def two_replicas(registration):
    """Two gateways of one installation: the same secrets, the same NATS."""
    first = await start_gateway(gateway_settings(registration))
    second = await start_gateway(first.settings.model_copy(update={"http_port": 0}))
    yield first, second
    await second.stop()
    await first.stop()


async def test_a_copied_cookie_stops_working_once_its_person_signs_out(two_replicas):
    first, second = two_replicas
    name = f"Leaving {uuid.uuid4().hex[:6]}"
    ada = await signed_in_client(first.url, name)
    stolen = ada.cookies[COOKIE]
    copy, elsewhere = copy_of(stolen, first.url), copy_of(stolen, second.url)
    try:
        assert await signed_in(copy) and await signed_in(elsewhere)  # the copies work until then
        session = (await copy.get("/auth/session")).json()
        assert (await sign_out(ada)).status_code == 303

        assert not await signed_in(ada)
        assert not await signed_in(copy)
        home = (await copy.get("/")).text
        assert 'action="/auth/logout"' not in home and "/auth/login?" in home
        # A write with the copy and the session's CSRF token is anonymous: refused.
        write = await copy.put("/campaignevents/v0/event_registration/1/participants/self",
                                json={"is_private": False, "token": session["csrf_token"]})
        assert write.status_code in (401, 403)
        # The other replica learns of the sign-out from NATS.
        await eventually(signed_out_elsewhere(elsewhere), 5)
        # So does a replica started afterwards, from the bucket.
        third = await start_gateway(first.settings.model_copy(update={"http_port": 0}))
        try:
            async with copy_of(stolen, third.url) as late:
                assert not await signed_in(late)
        finally:
            await third.stop()
    finally:
        for client in (ada, copy, elsewhere):
            await client.aclose()


def signed_out_elsewhere(client: httpx.AsyncClient):
    """A check for `eventually` (a coroutine function: its answer is awaited)."""
    async def check() -> bool:
        return not await signed_in(client)
    return check


async def test_signing_in_again_after_signing_out_starts_a_new_session(two_replicas):
    first, _ = two_replicas
    name = f"Back {uuid.uuid4().hex[:6]}"
    ada = await signed_in_client(first.url, name)
    try:
        await sign_out(ada)
        again = await signed_in_client(first.url, name)
        try:
            assert await signed_in(again) and not await signed_in(ada)
        finally:
            await again.aclose()
    finally:
        await ada.aclose()


async def test_a_sign_out_nats_does_not_take_is_refused_and_the_session_goes_on(registration, tmp_path):
    nats = EmbeddedNats(tmp_path / "nats", free_port())
    nats.start()
    gateway = await start_gateway(gateway_settings(registration, nats_url=nats.url, call_timeout_seconds=1.0))
    try:
        ada = await signed_in_client(gateway.url, f"Stays {uuid.uuid4().hex[:6]}")
        try:
            assert await signed_in(ada)
            assert (await ada.get("/readyz")).json()["signed_out_sessions"] is True  # (no collaboration here)
            nats.stop()
            answer = await sign_out(ada)
            assert answer.status_code == 503 and "still signed in" in answer.text
            assert await signed_in(ada)
        finally:
            await ada.aclose()
    finally:
        await gateway.stop()
        nats.stop()


async def test_a_gateway_that_cannot_read_the_sign_outs_honours_no_session_and_is_not_ready(registration):
    unreachable = f"nats://127.0.0.1:{free_port()}"
    server = await start_gateway(gateway_settings(registration, nats_url=unreachable, call_timeout_seconds=1.0))
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            ready = await client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["signed_out_sessions"] is False
        ada = await signed_in_client(server.url, f"Unknown {uuid.uuid4().hex[:6]}")
        try:
            assert not await signed_in(ada)
        finally:
            await ada.aclose()
    finally:
        await server.stop()
