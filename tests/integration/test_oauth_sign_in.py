"""Sign-in through a MediaWiki-like OAuth 2.0 provider (authorization code + PKCE), end to end over HTTP."""
import secrets
import urllib.parse

import httpx
import pytest

from eventcenter.services.devstack.ports import free_port
from tests import builders
from tests.conftest import gateway_settings, start_gateway
from tests.oauth_provider import LocalOAuthProvider
from tests.people import md, organizer

CLIENT_ID, CLIENT_SECRET = "eventcenter-test", secrets.token_urlsafe(24)
PROFILE = {"sub": "777001", "username": "Wiki Ada", "editcount": 1200, "confirmed_email": True, "blocked": False,
           "registered": "20200101000000", "groups": ["*", "user", "autoconfirmed", "event-organizer"],
           "rights": ["read", "edit"], "grants": ["basic"], "realname": "", "email": "ada@example.org"}


@pytest.fixture(scope="module")
async def signed_in_setup(registration):
    port = free_port()
    callback = f"http://127.0.0.1:{port}/auth/callback"
    provider = LocalOAuthProvider(CLIENT_ID, CLIENT_SECRET, callback)
    provider_url = await provider.start()
    server = await start_gateway(gateway_settings(
        registration, http_port=port, dev_sign_in=False, oauth_provider_url=provider_url,
        oauth_client_id=CLIENT_ID, oauth_client_secret=CLIENT_SECRET, oauth_redirect_url=callback))
    yield provider, server
    await server.stop()
    await provider.stop()


async def _follow_sign_in(client: httpx.AsyncClient, returnto: str = "/my/events") -> httpx.Response:
    """Browser-like: to the provider, which approves at once, and back to our callback."""
    to_provider = await client.get("/auth/login", params={"returnto": returnto})
    assert to_provider.status_code == 302, to_provider.text
    authorize = to_provider.headers["location"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    approved = await client.get(authorize)
    assert approved.status_code == 302, approved.text
    return await client.get(approved.headers["location"])


async def test_the_provider_profile_signs_the_person_in_with_rights(signed_in_setup):
    provider, server = signed_in_setup
    provider.sign_in_as(PROFILE)
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        back = await _follow_sign_in(client)
        assert back.status_code == 303 and back.headers["location"] == "/my/events"
        assert provider.token_requests[-1]["code_verifier"]  # PKCE: the verifier went with the code
        session = (await client.get("/auth/session")).json()
        assert session["user_id"] == 777001 and session["username"] == "Wiki Ada"
        new_event = await client.get("/organize/new")
        assert new_event.status_code == 200 and "Wiki Ada" in new_event.text


async def test_a_blocked_wiki_account_is_signed_in_but_cannot_register(signed_in_setup, stub):
    provider, server = signed_in_setup
    event = await builders.create(stub, md(organizer()))
    provider.sign_in_as({**PROFILE, "sub": "777002", "username": "Wiki Blocked", "blocked": True, "groups": ["user"]})
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        await _follow_sign_in(client)
        token = (await client.get("/auth/session")).json()["csrf_token"]
        answer = await client.put(f"/campaignevents/v0/event_registration/{event.id}/participants/self",
                                  json={"is_private": False, "token": token})
        assert answer.status_code == 403 and answer.json()["errorKey"] == "campaignevents-rest-blocked"


async def test_a_forged_callback_is_refused_and_nobody_is_signed_in(signed_in_setup):
    _, server = signed_in_setup
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        await client.get("/auth/login")
        forged = await client.get("/auth/callback", params={"code": "stolen", "state": "not-ours"})
        assert forged.status_code == 400 and "<html" in forged.text
        assert (await client.get("/auth/session")).json() == {"signed_in": False}


async def test_a_denied_authorization_is_a_clear_page(signed_in_setup):
    _, server = signed_in_setup
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        to_provider = await client.get("/auth/login")
        state = urllib.parse.parse_qs(urllib.parse.urlsplit(to_provider.headers["location"]).query)["state"][0]
        denied = await client.get("/auth/callback", params={"error": "access_denied", "state": state})
        assert denied.status_code == 400 and "did not work" in denied.text


async def test_dev_sign_in_is_not_served_when_off(signed_in_setup):
    _, server = signed_in_setup
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        assert (await client.post("/dev/token", json={"username": "Mallory"})).status_code == 404
        assert (await client.get("/dev/login")).status_code == 404


@pytest.mark.parametrize("environment", ["prod", "Production", "staging"])
async def test_dev_sign_in_is_not_served_outside_development_whatever_the_settings_say(registration, environment):
    """Settings made without their check (the start refuses them, see tests/unit/test_gateway_settings.py)."""
    unchecked = gateway_settings(registration).model_copy(update={"environment": environment})
    assert unchecked.dev_sign_in
    server = await start_gateway(unchecked)
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            minted = await client.post("/dev/token", json={"username": "Mallory", "groups": ["sysop"]})
            assert minted.status_code == 404
            assert (await client.get("/dev/login")).status_code == 404
            assert (await client.get("/auth/login")).headers.get("location") != "/dev/login"
    finally:
        await server.stop()
