"""Every REST write, and the private list, refused for each actor who may not: anonymous (with a valid
CSRF token), blocked, and signed in without being the event's organizer. Nothing changes."""
import uuid

import httpx
import pytest

from tests.integration.test_rest_events import event_body, sign_in
from tests.web import csrf_of

API = "/campaignevents/v0"
ANONYMOUS_KEY = "rest-permission-denied-anon"


def _routes(event_id: int) -> dict[str, tuple[str, str, dict | None]]:
    base = f"{API}/event_registration/{event_id}"
    return {
        "enable": ("POST", f"{API}/event_registration", event_body()),
        "edit": ("PUT", base, {**event_body(), "status": "open"}),
        "delete": ("DELETE", base, {}),
        "register": ("PUT", f"{base}/participants/self", {"is_private": False}),
        "remove": ("DELETE", f"{base}/participants", {"user_ids": None}),
        "organizers": ("PUT", f"{base}/organizers", {"organizer_usernames": ["Somebody"]}),
        "email": ("POST", f"{base}/email", {"subject": "Hi", "message": "A message long enough."}),
        "private list": ("GET", f"{base}/participants?include_private=true", None),
    }


# What each actor gets (all 403, as CampaignEvents answers permission refusals); None: allowed, not checked here.
DELETE_DENIED = "campaignevents-delete-not-allowed-registration"
EDIT_DENIED = "campaignevents-edit-not-allowed-registration"
REMOVE_DENIED = "campaignevents-unregister-participants-permission-denied"
PRIVATE_DENIED = "campaignevents-rest-list-participants-cannot-see-private"
WRITES = ("enable", "edit", "register", "remove", "organizers", "email")
EXPECTED = {
    "anonymous": {**{name: ANONYMOUS_KEY for name in WRITES}, "delete": DELETE_DENIED, "private list": PRIVATE_DENIED},
    "blocked": {**{name: "campaignevents-rest-blocked" for name in WRITES}, "delete": DELETE_DENIED,
                "private list": PRIVATE_DENIED},
    "not an organizer": {"enable": None, "register": None, "edit": EDIT_DENIED, "delete": DELETE_DENIED,
                         "remove": REMOVE_DENIED, "organizers": EDIT_DENIED, "email": EDIT_DENIED,
                         "private list": PRIVATE_DENIED},
}


async def _anonymous_with_csrf(http) -> tuple[dict, str]:
    """A browser session that is not signed in but holds a real CSRF token (so CSRF is not what refuses)."""
    async with httpx.AsyncClient(base_url=http.base_url) as browser:  # its own cookie jar, nobody else's
        form = await browser.get("/dev/login")
        return {"cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items())}, csrf_of(form.text)


async def _actor(http, who: str) -> tuple[dict, str | None]:
    if who == "anonymous":
        return await _anonymous_with_csrf(http)
    if who == "blocked":
        return (await sign_in(http, groups=["event-organizer"], blocked=True))["headers"], None
    return (await sign_in(http, groups=["event-organizer"]))["headers"], None


@pytest.mark.parametrize("who", list(EXPECTED))
async def test_each_actor_is_refused_where_it_may_not_act(http, who):
    ada = await sign_in(http, groups=["event-organizer"])
    event_id = (await http.post(f"{API}/event_registration", json=event_body(), headers=ada["headers"])).json()["id"]
    before = (await http.get(f"{API}/event_registration/{event_id}", headers=ada["headers"])).json()
    headers, csrf = await _actor(http, who)
    for name, (method, url, body) in _routes(event_id).items():
        expected = EXPECTED[who].get(name)
        if expected is None:
            continue
        if body is not None and csrf:
            body = {**body, "token": csrf}
        answer = await http.request(method, url, json=body, headers=headers)
        assert (answer.status_code, answer.json().get("errorKey")) == (403, expected), (who, name, answer.text)
    after = (await http.get(f"{API}/event_registration/{event_id}", headers=ada["headers"])).json()
    assert after == before


async def test_a_blocked_participant_may_still_cancel(http):
    ada = await sign_in(http, groups=["event-organizer"])
    event_id = (await http.post(f"{API}/event_registration", json=event_body(), headers=ada["headers"])).json()["id"]
    name = f"Later Blocked {uuid.uuid4().hex[:8]}"
    before = await sign_in(http, username=name)
    await http.put(f"{API}/event_registration/{event_id}/participants/self", json={"is_private": False},
                   headers=before["headers"])
    blocked = await sign_in(http, username=name, blocked=True)
    cancelled = await http.request("DELETE", f"{API}/event_registration/{event_id}/participants/self",
                                   headers=blocked["headers"])
    assert cancelled.status_code == 200 and cancelled.json() == {"modified": True}


async def test_every_write_from_a_cookie_session_needs_the_csrf_token(http, gateway):
    from tests.web import signed_in_client

    ada = await sign_in(http, groups=["event-organizer"])
    event_id = (await http.post(f"{API}/event_registration", json=event_body(), headers=ada["headers"])).json()["id"]
    browser = await signed_in_client(gateway.url, f"Cookie {uuid.uuid4().hex[:8]}", ["event-organizer"])
    try:
        for name, (method, url, body) in _routes(event_id).items():
            if method == "GET":
                continue
            for token in (None, "forged-token"):
                sent = body if token is None else {**body, "token": token}
                answer = await browser.request(method, url, json=sent)
                assert (answer.status_code, answer.json()["errorKey"]) == (403, "rest-badtoken"), (name, token)
    finally:
        await browser.aclose()
