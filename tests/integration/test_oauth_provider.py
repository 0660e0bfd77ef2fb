"""The local MediaWiki-like OAuth 2.0 provider behaves like the real one where sign-in depends on it."""
import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.oauth_provider import LocalOAuthProvider

CLIENT_ID, CLIENT_SECRET = "eventcenter-test", "s3cret"
REDIRECT_URI = "http://127.0.0.1:9/auth/callback"  # never contacted: the test reads the Location header
ADA = {"sub": "12345", "username": "Ada", "editcount": 10, "confirmed_email": True, "blocked": False,
       "registered": "20200101000000", "groups": ["*", "user", "autoconfirmed", "event-organizer"],
       "rights": ["read", "edit"], "grants": ["basic"], "realname": "", "email": "ada@example.org"}


@pytest.fixture(scope="module")
async def provider():
    provider = LocalOAuthProvider(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
    provider.base_url = await provider.start()
    yield provider
    await provider.stop()


@pytest.fixture
async def client(provider):
    async with httpx.AsyncClient(base_url=provider.base_url + "/", follow_redirects=False, timeout=10) as client:
        yield client


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def authorize(client, challenge: str | None, client_id: str = CLIENT_ID, **extra) -> httpx.Response:
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT_URI, "state": "xyz", **extra}
    if challenge is not None:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return await client.get("oauth2/authorize", params=params)


async def code_for(client, challenge: str) -> str:
    answer = await authorize(client, challenge)
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


async def exchange(client, code: str, verifier: str | None, basic: bool = False) -> httpx.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    if verifier is not None:
        form["code_verifier"] = verifier
    if basic:
        return await client.post("oauth2/access_token", data=form, auth=(CLIENT_ID, CLIENT_SECRET))
    return await client.post(
        "oauth2/access_token", data=form | {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    )


@pytest.mark.parametrize("basic", [False, True], ids=["client_secret_post", "client_secret_basic"])
async def test_code_flow_with_s256_gives_a_token_for_the_signed_in_profile(provider, client, basic):
    provider.sign_in_as(ADA)
    verifier, challenge = pkce()
    code = await code_for(client, challenge)

    answer = await exchange(client, code, verifier, basic=basic)

    assert answer.status_code == 200, answer.text
    token = answer.json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 14400 and token["access_token"]
    assert provider.token_requests[-1]["code_verifier"] == verifier
    profile = await client.get("oauth2/resource/profile", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert profile.status_code == 200
    assert profile.json() == ADA


async def test_each_token_carries_the_profile_signed_in_when_it_was_authorized(provider, client):
    provider.sign_in_as(ADA)
    verifier, challenge = pkce()
    code = await code_for(client, challenge)
    provider.sign_in_as(ADA | {"sub": "777", "username": "Grace"})
    later_verifier, later_challenge = pkce()
    later_code = await code_for(client, later_challenge)

    ada = (await exchange(client, code, verifier)).json()["access_token"]
    grace = (await exchange(client, later_code, later_verifier)).json()["access_token"]

    for token, name in ((ada, "Ada"), (grace, "Grace")):
        profile = await client.get("oauth2/resource/profile", headers={"Authorization": f"Bearer {token}"})
        assert profile.json()["username"] == name


async def test_a_wrong_code_verifier_is_refused(provider, client):
    provider.sign_in_as(ADA)
    _, challenge = pkce()
    code = await code_for(client, challenge)

    answer = await exchange(client, code, pkce()[0])

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


async def test_a_missing_code_verifier_is_refused(provider, client):
    provider.sign_in_as(ADA)
    code = await code_for(client, pkce()[1])

    answer = await exchange(client, code, None)

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


async def test_a_code_works_only_once(provider, client):
    provider.sign_in_as(ADA)
    verifier, challenge = pkce()
    code = await code_for(client, challenge)
    assert (await exchange(client, code, verifier)).status_code == 200

    again = await exchange(client, code, verifier)

    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


async def test_a_wrong_client_secret_is_refused(provider, client):
    provider.sign_in_as(ADA)
    verifier, challenge = pkce()
    code = await code_for(client, challenge)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, "code_verifier": verifier}

    answer = await client.post("oauth2/access_token", data=form | {"client_id": CLIENT_ID, "client_secret": "nope"})

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


@pytest.mark.parametrize("extra", [{}, {"code_challenge": "x" * 43}, {"code_challenge": "x" * 43,
                                                                    "code_challenge_method": "plain"}],
                         ids=["no-challenge", "no-method", "plain"])
async def test_authorize_without_s256_pkce_is_refused(provider, client, extra):
    provider.sign_in_as(ADA)

    answer = await authorize(client, None, **extra)

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


async def test_an_unknown_client_is_refused(provider, client):
    provider.sign_in_as(ADA)

    answer = await authorize(client, pkce()[1], client_id="someone-else")

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_client"


async def test_a_foreign_redirect_uri_is_refused_without_redirecting(provider, client):
    provider.sign_in_as(ADA)

    answer = await authorize(client, pkce()[1], redirect_uri="https://attacker.example/cb")

    assert answer.status_code == 400
    assert "location" not in answer.headers


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic abc"])
async def test_the_profile_needs_a_valid_bearer_token(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}

    answer = await client.get("oauth2/resource/profile", headers=headers)

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_token"
