"""The gateway's side of notifications, against the real services: contacts recorded at sign-in, the preferences
and inbox pages, the unread badge, the real count of an organizer's mail, and the development mail pages."""
import asyncio
import re
import uuid

import httpx
import pytest

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.services.devstack.mail_sink import MailSink
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.gateway.access import dev_user_id
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.notifications.adapters.rendering import Rendered
from eventcenter.services.notifications.adapters.smtp import SmtpSender, compose
from tests import builders
from tests.conftest import gateway_settings, start_gateway
from tests.integration.test_oauth_sign_in import CLIENT_ID, CLIENT_SECRET, PROFILE, _follow_sign_in
from tests.integration.test_rest_participants import API, _event
from tests.notifications_helpers import inbox_of, with_email
from tests.oauth_provider import LocalOAuthProvider
from tests.people import md, organizer, person
from tests.web import anonymous_client, csrf_of, signed_in_client

BADGE = re.compile(r'id="unread-count">(\d+)<')
TEXT = "See you on Saturday at the library."


def _name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def _address() -> str:
    return f"{uuid.uuid4().hex[:12]}@mail.test"


def dev_person(name: str) -> Identity:
    """The identity dev sign-in gives `name`, for calling the services as that person."""
    return Identity(dev_user_id(name), name)


def badge(html: str) -> int | None:
    found = BADGE.search(html)
    return int(found.group(1)) if found else None


async def test_dev_sign_in_with_an_email_records_the_contact_in_the_page_language(gateway, notifications_stub):
    name, address = _name("Mail"), _address()
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30, headers={"accept-language": "fr"}) as client:
        form = await client.get("/dev/login")
        assert 'name="email"' in form.text
        answer = await client.post("/dev/login", data={"username": name, "email": address,
                                                       "token": csrf_of(form.text)})
        assert answer.status_code == 303
    contact = await notifications_stub.GetContact(napi.GetContactRequest(), metadata=md(dev_person(name)))
    assert contact.email == address and contact.language == "fr" and contact.user_name == name
    # Signing in again from an English page keeps the language chosen: the page's is only a first guess.
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30, headers={"accept-language": "en"}) as client:
        form = await client.get("/dev/login")
        await client.post("/dev/login", data={"username": name, "email": address, "token": csrf_of(form.text)})
    again = await notifications_stub.GetContact(napi.GetContactRequest(), metadata=md(dev_person(name)))
    assert again.language == "fr"


async def test_dev_login_refuses_a_malformed_email_beside_the_field(gateway):
    client = await anonymous_client(gateway.url)
    form = await client.get("/dev/login")
    answer = await client.post("/dev/login", data={"username": _name("Typo"), "email": "not an address",
                                                   "token": csrf_of(form.text)})
    assert answer.status_code == 400 and 'id="email-problem"' in answer.text
    assert (await client.get("/auth/session")).json() == {"signed_in": False}


async def test_dev_token_records_an_email_and_refuses_a_malformed_one(http, notifications_stub):
    name, address = _name("Token"), _address()
    answer = await http.post("/dev/token", json={"username": name, "email": address})
    assert answer.status_code == 200 and answer.json()["user_id"] == dev_user_id(name)
    contact = await notifications_stub.GetContact(napi.GetContactRequest(), metadata=md(dev_person(name)))
    assert contact.email == address
    bad = await http.post("/dev/token", json={"username": name, "email": "two@at@signs"})
    assert bad.status_code == 400


async def test_sign_in_and_pages_work_when_notifications_cannot_be_reached(registration):
    server = await start_gateway(gateway_settings(registration))  # notifications: nothing listens there
    try:
        name = _name("Offline")
        client = await signed_in_client(server.url, name, email=_address())
        home = await client.get("/")
        assert home.status_code == 200 and name in home.text and badge(home.text) is None
        assert (await client.get("/readyz")).json().get("notifications") is None
    finally:
        await server.stop()


async def test_wiki_sign_in_records_the_confirmed_email_and_clears_an_unconfirmed_one(
        registration, notifications, notifications_stub):
    port = free_port()
    callback = f"http://127.0.0.1:{port}/auth/callback"
    provider = LocalOAuthProvider(CLIENT_ID, CLIENT_SECRET, callback)
    server = await start_gateway(gateway_settings(
        registration, http_port=port, dev_sign_in=False, oauth_provider_url=await provider.start(),
        oauth_client_id=CLIENT_ID, oauth_client_secret=CLIENT_SECRET, oauth_redirect_url=callback,
        notifications_address=f"127.0.0.1:{notifications.port}"))
    someone, address = person(), _address()
    profile = {**PROFILE, "sub": str(someone.user_id), "username": someone.name, "email": address}
    try:
        for confirmed, expected in ((True, address), (False, "")):
            provider.sign_in_as({**profile, "confirmed_email": confirmed})
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                assert (await _follow_sign_in(client)).status_code == 303
            contact = await notifications_stub.GetContact(napi.GetContactRequest(), metadata=md(someone))
            assert contact.email == expected
    finally:
        await server.stop()
        await provider.stop()


async def test_preferences_page_saves_switches_language_and_user_mail(gateway, notifications_stub):
    name, address = _name("Prefs"), _address()
    client = await signed_in_client(gateway.url, name, email=address)
    shown = await client.get("/preferences")
    assert shown.status_code == 200 and address in shown.text
    assert 'value="reminder" id="email-reminder" checked' in shown.text  # everything is on at first
    saved = await client.post("/preferences", data={
        "token": csrf_of(shown.text), "language": "fr", "email": ["registration_confirmation"],
        "in_app": ["registration_confirmation", "organizer_message"]})  # accept_user_mail left unchecked
    assert saved.status_code == 303 and saved.headers["location"] == "/preferences"
    preferences = await notifications_stub.GetPreferences(napi.GetPreferencesRequest(), metadata=md(dev_person(name)))
    switches = {p.kind: (p.email, p.in_app) for p in preferences.kinds}
    assert switches[napi.NOTIFICATION_KIND_REGISTRATION_CONFIRMATION] == (True, True)
    assert switches[napi.NOTIFICATION_KIND_ORGANIZER_MESSAGE] == (False, True)
    assert switches[napi.NOTIFICATION_KIND_REMINDER] == (False, False)
    assert preferences.accept_user_mail is False
    contact = await notifications_stub.GetContact(napi.GetContactRequest(), metadata=md(dev_person(name)))
    assert contact.language == "fr" and contact.email == address  # the email on file is kept
    again = await client.get("/preferences")
    assert "Your preferences are saved." in again.text and 'value="fr" lang="fr" selected' in again.text


async def test_preferences_need_a_signed_in_person_and_the_csrf_token(gateway):
    anonymous = await anonymous_client(gateway.url)
    assert (await anonymous.get("/preferences")).headers["location"] == "/auth/login?returnto=/preferences"
    client = await signed_in_client(gateway.url, _name("Forge"))
    assert (await client.post("/preferences", data={"language": "fr"})).status_code == 403


async def test_inbox_lists_items_newest_first_and_the_badge_counts_down_as_they_are_read(
        gateway, stub, notifications_stub):
    name = _name("Reader")
    client = await signed_in_client(gateway.url, name, email=_address())
    reader = dev_person(name)
    events = [await builders.create(stub, md(organizer())) for _ in range(2)]
    for event in events:
        await builders.register(stub, md(reader), event.id)
    newest, _ = await inbox_of(notifications_stub, reader, count=2)
    inbox = await client.get("/inbox")
    assert inbox.status_code == 200 and badge(inbox.text) == 2 and "Unread: 2" in inbox.text
    assert inbox.text.index(events[1].name) < inbox.text.index(events[0].name)
    assert f"/event/{events[1].id}" in inbox.text
    marked = await client.post("/inbox/read", data={"token": csrf_of(inbox.text), "ids": str(newest.id)})
    assert marked.status_code == 303 and marked.headers["location"] == "/inbox"
    assert badge((await client.get("/")).text) == 1
    everything = await client.post("/inbox/read", data={"token": csrf_of(inbox.text), "all": "1"})
    assert everything.status_code == 303
    after = await client.get("/inbox")
    assert badge(after.text) is None and "Unread: 0" in after.text and "Mark as read" not in after.text


async def test_inbox_pages_through_older_items(gateway, stub, notifications_stub):
    name = _name("Busy")
    client = await signed_in_client(gateway.url, name)
    reader = dev_person(name)
    for _ in range(21):
        await builders.register(stub, md(reader), (await builders.create(stub, md(organizer()))).id)
    await _unread_reaches(notifications_stub, reader, 21)
    first = await client.get("/inbox")
    assert first.text.count('class="card inbox-item') == 20
    token = re.search(r'href="/inbox\?page_token=([^"]+)"', first.text).group(1)
    second = await client.get(f"/inbox?page_token={token}")
    assert second.text.count('class="card inbox-item') == 1 and 'href="/inbox?page_token=' not in second.text


async def _unread_reaches(notifications_stub, someone: Identity, count: int) -> None:
    for _ in range(300):
        answer = await notifications_stub.ListInboxItems(napi.ListInboxItemsRequest(page_size=1), metadata=md(someone))
        if answer.unread_count >= count:
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"the inbox never held {count} unread items")


async def _participant(http, notifications_stub, event_id: int, email: bool) -> dict:
    """Signed in through the gateway (no email), given a confirmed address or not, and registered."""
    name = _name("Rest")
    signed = (await http.post("/dev/token", json={"username": name})).json()
    headers = {"authorization": f"Bearer {signed['access_token']}"}
    if email:
        await with_email(notifications_stub, dev_person(name))
    answer = await http.put(f"{API}/event_registration/{event_id}/participants/self", json={"is_private": False},
                            headers=headers)
    assert answer.status_code == 200, answer.text
    return {"user_id": signed["user_id"], "name": name}


async def test_rest_email_sent_counts_participants_with_a_confirmed_email_who_accept_user_mail(
        http, notifications_stub):
    ada, event_id = await _event(http)
    for _ in range(2):
        await _participant(http, notifications_stub, event_id, email=True)
    refusing = await _participant(http, notifications_stub, event_id, email=True)
    await notifications_stub.UpdatePreferences(napi.UpdatePreferencesRequest(accept_user_mail=False),
                                               metadata=md(dev_person(refusing["name"])))
    silent = [await _participant(http, notifications_stub, event_id, email=False) for _ in range(2)]
    url = f"{API}/event_registration/{event_id}/email"
    everyone = await http.post(url, json={"subject": "Hello", "message": TEXT}, headers=ada["headers"])
    assert everyone.status_code == 202 and everyone.json() == {"sent": 2}
    unreachable = await http.post(url, json={"subject": "Hello", "message": TEXT,
                                             "user_ids": [p["user_id"] for p in silent]}, headers=ada["headers"])
    assert unreachable.status_code == 202 and unreachable.json() == {"sent": 0}


@pytest.fixture(scope="module")
async def dev_mail(registration, notifications, tmp_path_factory):
    """A development gateway showing the mail a real SMTP sink keeps in a folder (the readers' emails are those
    the real notifications service has)."""
    root = tmp_path_factory.mktemp("dev-mail")
    sink = MailSink(root / "mail", free_port())
    sink.start()
    server = await start_gateway(gateway_settings(registration, dev_mail_folder=str(sink.folder),
                                                  notifications_address=f"127.0.0.1:{notifications.port}"))
    yield sink, server
    await server.stop()
    sink.stop()


async def _send(sink: MailSink, to: str, subject: str, text: str) -> None:
    sender = SmtpSender(sink.host, sink.port)
    await sender.send(compose("noreply@eventcenter.test", to, Rendered(subject, text, "<p>html</p>"),
                              f"<{uuid.uuid4().hex}@eventcenter.test>"))


async def _reader(server, name: str, email: str | None = None, groups: tuple[str, ...] = ()) -> dict:
    """A dev sign-in (recording the email, as a browser's would) and the headers that carry it."""
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        made = await client.post("/dev/token", json={"username": name, "email": email, "groups": list(groups)})
    assert made.status_code == 200, made.text
    return {"authorization": f"Bearer {made.json()['access_token']}"}


async def test_dev_mail_lists_the_kept_mail_newest_first_and_shows_one_escaped(dev_mail):
    sink, server = dev_mail
    older, newer = f"Older {uuid.uuid4().hex[:6]}", f"Newer <b>{uuid.uuid4().hex[:6]}</b>"
    await _send(sink, "bea@example.org", older, "First message.")
    await _send(sink, "cy@example.org", newer, "Hello <script>alert(1)</script>")
    admin = await _reader(server, _name("Admin"), groups=("sysop",))
    async with httpx.AsyncClient(base_url=server.url, timeout=30, headers=admin) as client:
        listing = await client.get("/dev/mail")
        assert listing.status_code == 200 and "<b>" not in listing.text.split("<main")[1]
        assert 'id="dev-mail-scope"' not in listing.text  # an administrator sees all
        escaped = newer.replace("<", "&lt;").replace(">", "&gt;")
        assert listing.text.index(escaped) < listing.text.index(older) and "cy@example.org" in listing.text
        newest = sink.messages()[-1].name
        shown = await client.get(f"/dev/mail/{newest}")
        assert shown.status_code == 200 and "cy@example.org" in shown.text and "noreply@eventcenter.test" in shown.text
        assert "Hello &lt;script&gt;alert(1)&lt;/script&gt;" in shown.text and "<script>alert" not in shown.text


async def test_dev_mail_shows_a_person_only_the_mail_addressed_to_them(dev_mail):
    sink, server = dev_mail
    mine, theirs = _address(), _address()
    to_me, to_them = f"For me {uuid.uuid4().hex[:6]}", f"For them {uuid.uuid4().hex[:6]}"
    await _send(sink, f"Dee <{mine.upper()}>", to_me, "Yours.")
    mine_file = sink.messages()[-1].name
    await _send(sink, theirs, to_them, "Not yours: a passcode, a meeting link.")
    theirs_file = sink.messages()[-1].name
    dee = await _reader(server, _name("Dee"), mine)
    nobody = await _reader(server, _name("No mail"))  # no email on file: no mail is theirs
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        listing = (await client.get("/dev/mail", headers=dee)).text
        assert to_me in listing and to_them not in listing and theirs not in listing
        assert f"Only the mail addressed to you ({mine})" in listing
        assert (await client.get(f"/dev/mail/{mine_file}", headers=dee)).status_code == 200
        refused = await client.get(f"/dev/mail/{theirs_file}", headers=dee)
        assert refused.status_code == 404 and "Not yours" not in refused.text
        listing = (await client.get("/dev/mail", headers=nobody)).text
        assert to_me not in listing and to_them not in listing and "No email is on file for you" in listing
        assert (await client.get(f"/dev/mail/{mine_file}", headers=nobody)).status_code == 404
        # Signed out: asked to sign in, and shown nothing.
        for path in ("/dev/mail", f"/dev/mail/{mine_file}"):
            anonymous = await client.get(path)
            assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/auth/login?")
            assert to_me not in anonymous.text


async def test_dev_mail_refuses_names_that_are_not_plain_files_of_its_folder(dev_mail):
    sink, server = dev_mail
    secret = sink.folder.parent / "secret.eml"
    secret.write_text("To: root@example.org\nSubject: secret\n\nnot for the web\n")
    (sink.folder / "notes.txt").write_text("To: root@example.org\nSubject: notes\n\nnot mail\n")
    (sink.folder / "link.eml").symlink_to(secret)
    admin = await _reader(server, _name("Admin"), groups=("sysop",))
    async with httpx.AsyncClient(base_url=server.url, timeout=30, headers=admin) as client:
        for name in ("..%2Fsecret.eml", "%2E%2E", "..", "notes.txt", "link.eml", "%2Fetc%2Fpasswd", ".hidden.eml"):
            answer = await client.get(f"/dev/mail/{name}")
            assert answer.status_code == 404 and "not for the web" not in answer.text, name
        assert "secret" not in (await client.get("/dev/mail")).text.split("<main")[1]


async def test_dev_mail_is_not_served_outside_development(registration, http, tmp_path):
    assert (await http.get("/dev/mail")).status_code == 404  # development, but no mail folder
    server = await start_gateway(gateway_settings(registration, environment="staging", dev_sign_in=False,
                                                  dev_mail_folder=str(tmp_path)))
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            assert (await client.get("/dev/mail")).status_code == 404
    finally:
        await server.stop()
