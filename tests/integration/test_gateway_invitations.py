"""The gateway's side of invitation lists, against the real services and a real MediaWiki: the REST routes
(create, poll until ready, the caller's lists), refusals naming each bad title with nothing created, who may see
what, the pages (the form, my lists, one list pending and ready) and the invitation opt-out on /preferences."""
import asyncio
import re
import uuid

import pytest

from eventcenter.invitations.v1 import invitations_service_pb2 as iapi
from eventcenter.services.devstack import provision
from eventcenter.services.gateway.access import dev_user_id
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity
from tests import builders
from tests.conftest import (
    TEST_DATABASE,
    WIKI_ID,
    _database_url,
    gateway_settings,
    invitations_settings,
    start_gateway,
)
from tests.integration.test_rest_events import sign_in
from tests.people import md, organizer
from tests.web import anonymous_client, csrf_of, signed_in_client

API = "/campaignevents/v0"
GROUPS = {"highly_recommended", "recommended", "other"}


def _name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def articles_of(mediawiki) -> list[str]:
    return [page.title for page in mediawiki.pages.values() if page.ns == 0]


def talk_page_of(mediawiki) -> str:
    return next(page.title for page in mediawiki.pages.values() if page.ns == 1)


def dev_person(name: str, *rights: str) -> Identity:
    """The identity dev sign-in gives `name`, for calling the services as that person."""
    return Identity(dev_user_id(name), name, frozenset(rights))


def expected_group(score: int) -> str:
    return "highly_recommended" if score >= 70 else "recommended" if score >= 25 else "other"


async def _organizer(http) -> dict:
    return await sign_in(http, groups=["event-organizer"])


async def _until_done(http, list_id: int, headers: dict, timeout: float = 90.0) -> dict:
    """GET the list until it is no longer pending (or the time is up)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        answer = await http.get(f"{API}/invitation_lists/{list_id}", headers=headers)
        assert answer.status_code == 200, answer.text
        found = answer.json()
        if found["status"] != "pending" or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.2)


async def _count(http, headers: dict) -> int:
    answer = await http.get(f"{API}/invitation_lists", params={"limit": 100}, headers=headers)
    assert answer.status_code == 200, answer.text
    return len(answer.json()["invitation_lists"])


async def test_rest_create_then_poll_until_ready_with_editors_in_groups(http, mediawiki):
    ada = await _organizer(http)
    titles = articles_of(mediawiki)
    # Bare titles (the gateway's default wiki), "wiki:Title", and {wiki, title} objects, all at once.
    body = {"name": "Astronomy drive", "articles": [titles[0], f"{WIKI_ID}:{titles[1]}",
                                                    {"wiki": WIKI_ID, "title": titles[2]}, *titles[3:]]}
    created = await http.post(f"{API}/invitation_lists", json=body, headers=ada["headers"])
    assert created.status_code == 201, created.text
    first = created.json()
    assert created.headers["location"].endswith(f"{API}/invitation_lists/{first['id']}")
    assert first["name"] == "Astronomy drive" and first["status"] in ("pending", "ready")
    assert first["progress"]["total"] == len(titles) and first["event_id"] is None
    assert len(first["created"]) == 14 and "editors" not in first
    assert {(a["wiki"], a["title"]) for a in first["articles"]} == {(WIKI_ID, t) for t in titles}

    done = await _until_done(http, first["id"], ada["headers"])
    assert done["status"] == "ready", done
    assert done["progress"] == {"read": len(titles), "total": len(titles)} and len(done["ready"]) == 14
    editors = done["editors"]
    assert editors, "the seeded wiki must leave someone to invite"
    assert [e["score"] for e in editors] == sorted((e["score"] for e in editors), reverse=True)
    for editor in editors:
        assert set(editor) == {"username", "score", "group", "user_page"}
        assert editor["group"] in GROUPS and editor["group"] == expected_group(editor["score"])
        assert editor["score"] >= 5 and editor["user_page"].startswith(mediawiki.server)
        assert "User:" in editor["user_page"]
    assert {e["username"] for e in editors} <= set(mediawiki.users)

    listed = (await http.get(f"{API}/invitation_lists", headers=ada["headers"])).json()
    assert [found["id"] for found in listed["invitation_lists"]] == [first["id"]]
    assert listed["invitation_lists"][0]["status"] == "ready" and "editors" not in listed["invitation_lists"][0]
    assert listed["next_page_token"] is None


async def test_rest_lists_are_the_callers_newest_first_page_by_page(http, mediawiki):
    ada = await _organizer(http)
    title = articles_of(mediawiki)[0]
    ids = []
    for index in range(3):
        created = await http.post(f"{API}/invitation_lists", json={"name": f"List {index}", "articles": [title]},
                                  headers=ada["headers"])
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    first = (await http.get(f"{API}/invitation_lists", params={"limit": 2}, headers=ada["headers"])).json()
    assert [found["id"] for found in first["invitation_lists"]] == ids[::-1][:2] and first["next_page_token"]
    second = (await http.get(f"{API}/invitation_lists", params={"limit": 2, "page_token": first["next_page_token"]},
                             headers=ada["headers"])).json()
    assert [found["id"] for found in second["invitation_lists"]] == ids[:1] and second["next_page_token"] is None
    bad = await http.get(f"{API}/invitation_lists", params={"page_token": "not-a-token"}, headers=ada["headers"])
    assert bad.status_code == 400


async def _refused(http, who: dict, body: dict, status: int) -> dict:
    """The create is refused with `status`, and the caller has no more lists than before."""
    before = await _count(http, who["headers"])
    answer = await http.post(f"{API}/invitation_lists", json=body, headers=who["headers"])
    assert answer.status_code == status, answer.text
    assert await _count(http, who["headers"]) == before
    return answer.json()


def _said(error: dict) -> str:
    """Everything the error tells: its message and each field's."""
    parts = list(error["messageTranslations"].values())
    parts += [v["description"] for v in error.get("fieldViolations", [])]
    return " ".join(parts)


async def test_bad_worklists_are_refused_naming_each_title_and_nothing_is_created(http, stub, mediawiki):
    ada = await _organizer(http)
    good, talk = articles_of(mediawiki)[0], talk_page_of(mediawiki)

    too_many = await _refused(http, ada, {"name": "Big", "articles": [f"Page {i}" for i in range(301)]}, 400)
    assert "301" in _said(too_many) and too_many["errorKey"] == "eventcenter-invalid-argument"

    missing = await _refused(http, ada, {"name": "Bad", "articles": [good, "No such article 9876", talk]}, 400)
    said = _said(missing)
    assert "No such article 9876" in said and talk in said
    assert {v["field"] for v in missing["fieldViolations"]} == {"articles[1].title", "articles[2].title"}
    assert (
        "No such article 9876" in missing["messageTranslations"]["en"] and talk in missing["messageTranslations"]["en"]
    )

    unknown = await _refused(http, ada, {"name": "Elsewhere", "articles": [f"nosuchwiki:{good}", good]}, 400)
    assert "nosuchwiki" in _said(unknown) and good in _said(unknown)
    assert [v["field"] for v in unknown["fieldViolations"]] == ["articles[0].wiki"]

    nameless = await _refused(http, ada, {"name": "", "articles": [good]}, 400)
    assert [v["field"] for v in nameless["fieldViolations"]] == ["name"]

    theirs = await builders.create(stub, md(organizer()))
    not_mine = await _refused(http, ada, {"name": "Theirs", "event_id": theirs.id, "articles": [good]}, 403)
    assert str(theirs.id) in _said(not_mine)
    nowhere = await _refused(http, ada, {"name": "Nowhere", "event_id": 987654321012, "articles": [good]}, 404)
    assert nowhere["errorKey"] == "campaignevents-rest-event-not-found"


async def test_a_list_for_ones_own_event_and_an_idempotent_repeat(http, stub, mediawiki):
    name = _name("Own")
    ada = await sign_in(http, username=name, groups=["event-organizer"])
    event = await builders.create(stub, md(dev_person(name, RIGHT_ORGANIZER)))
    body = {"name": "For my event", "event_id": event.id, "articles": [articles_of(mediawiki)[0]],
            "request_id": uuid.uuid4().hex}
    created = await http.post(f"{API}/invitation_lists", json=body, headers=ada["headers"])
    assert created.status_code == 201 and created.json()["event_id"] == event.id
    again = await http.post(f"{API}/invitation_lists", json=body, headers=ada["headers"])
    assert again.status_code == 201 and again.json()["id"] == created.json()["id"]
    assert await _count(http, ada["headers"]) == 1


async def test_only_the_creator_sees_a_list_and_only_organizers_create(http, mediawiki):
    ada, bea = await _organizer(http), await _organizer(http)
    created = await http.post(f"{API}/invitation_lists", json={"name": "Mine", "articles": [articles_of(mediawiki)[0]]},
                              headers=ada["headers"])
    list_id = created.json()["id"]
    hidden = await http.get(f"{API}/invitation_lists/{list_id}", headers=bea["headers"])
    assert hidden.status_code == 404 and hidden.json()["errorKey"] == "eventcenter-list-not-found"
    assert await _count(http, bea["headers"]) == 0
    anonymous = await http.get(f"{API}/invitation_lists/{list_id}")
    assert anonymous.status_code == 403 and anonymous.json()["errorKey"] == "rest-permission-denied-anon"

    cy = await sign_in(http)  # no event-organizer group
    refused = await _refused(http, cy, {"name": "Not allowed", "articles": [articles_of(mediawiki)[0]]}, 403)
    assert refused["errorKey"] == "eventcenter-organizer-required"
    blocked = await sign_in(http, groups=["event-organizer"], blocked=True)
    assert (await _refused(http, blocked, {"name": "Blocked", "articles": [articles_of(mediawiki)[0]]},
                           403))["errorKey"] == "campaignevents-rest-blocked"


async def test_rest_create_from_a_browser_session_needs_the_csrf_token(gateway, mediawiki):
    client = await signed_in_client(gateway.url, _name("Session"), groups=["event-organizer"])
    body = {"name": "No token", "articles": [articles_of(mediawiki)[0]]}
    refused = await client.post(f"{API}/invitation_lists", json=body)
    assert refused.status_code == 403 and refused.json()["errorKey"] == "rest-badtoken"
    token = csrf_of((await client.get("/preferences")).text)
    accepted = await client.post(f"{API}/invitation_lists", json={**body, "token": token})
    assert accepted.status_code == 201, accepted.text


# ---------------------------------------------------------------------------------------------- pages

async def test_the_header_links_invitation_lists_for_organizers_only(gateway):
    ada = await signed_in_client(gateway.url, _name("Header"), groups=["event-organizer"])
    assert 'href="/invitation_lists"' in (await ada.get("/")).text
    cy = await signed_in_client(gateway.url, _name("Plain"))
    assert 'href="/invitation_lists"' not in (await cy.get("/")).text
    form = await cy.get("/invitation_lists/new")
    assert form.status_code == 403 and "Only event organizers may generate invitation lists." in form.text
    anonymous = await anonymous_client(gateway.url)
    for path in ("/invitation_lists", "/invitation_lists/new", "/invitation_lists/1"):
        answer = await anonymous.get(path)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/auth/login?returnto=")


async def test_the_form_lists_ones_open_events_and_shows_each_bad_title_beside_the_field(gateway, stub, mediawiki):
    name = _name("Former")
    client = await signed_in_client(gateway.url, name, groups=["event-organizer"])
    event = await builders.create(stub, md(dev_person(name, RIGHT_ORGANIZER)))
    form = await client.get("/invitation_lists/new")
    assert form.status_code == 200
    for field in ('name="name"', 'name="event_id"', '<textarea id="articles" name="articles"',
                  'name="from_past_participants"', f'value="{WIKI_ID}"'):
        assert field in form.text, field
    assert re.search(rf'<option value="{event.id}"\s*>{re.escape(event.name)}</option>', form.text)

    good, talk = articles_of(mediawiki)[0], talk_page_of(mediawiki)
    lines = f"{good}\nNo such article 4321\n\n{talk}\nnosuchwiki:{good}\n"
    refused = await client.post("/invitation_lists/new", data={
        "token": csrf_of(form.text), "name": "Typos", "articles": lines, "wiki": WIKI_ID})
    assert refused.status_code == 400
    beside = refused.text.split('id="articles-problem"')[1].split("</ul>")[0]
    assert "nosuchwiki" in beside and good in beside  # the unknown wiki is found before the pages are read
    assert "No such article 4321" in refused.text and 'value="Typos"' in refused.text  # the values are kept
    refused = await client.post("/invitation_lists/new", data={
        "token": csrf_of(form.text), "name": "Typos", "articles": f"{good}\nNo such article 4321\n{talk}",
        "wiki": WIKI_ID})
    beside = refused.text.split('id="articles-problem"')[1].split("</ul>")[0]
    assert refused.status_code == 400 and "No such article 4321" in beside and talk in beside
    assert "Please correct the problems shown below." in refused.text

    theirs = await builders.create(stub, md(organizer()))
    not_mine = await client.post("/invitation_lists/new", data={
        "token": csrf_of(form.text), "name": "Theirs", "event_id": str(theirs.id), "articles": good})
    assert not_mine.status_code == 403 and 'id="event_id-problem"' in not_mine.text
    assert (await client.get(f"{API}/invitation_lists")).json()["invitation_lists"] == []

    forged = await client.post("/invitation_lists/new", data={"name": "Forged", "articles": good})
    assert forged.status_code == 403
    assert (await client.get(f"{API}/invitation_lists")).json()["invitation_lists"] == []


async def test_the_form_makes_a_list_and_its_page_shows_the_editors_in_groups(gateway, mediawiki):
    name = _name("Maker")
    client = await signed_in_client(gateway.url, name, groups=["event-organizer"])
    form = await client.get("/invitation_lists/new")
    titles = articles_of(mediawiki)
    made = await client.post("/invitation_lists/new", data={
        "token": csrf_of(form.text), "name": "Lighthouses and planets", "articles": "\n".join(titles),
        "wiki": WIKI_ID, "request_id": re.search(r'name="request_id" value="([^"]+)"', form.text).group(1)})
    assert made.status_code == 303, made.text
    list_id = int(re.fullmatch(r"/invitation_lists/(\d+)", made.headers["location"]).group(1))
    deadline = asyncio.get_running_loop().time() + 90
    while True:
        shown = await client.get(f"/invitation_lists/{list_id}")
        assert shown.status_code == 200
        if 'id="list-status"' in shown.text and ">Pending<" not in shown.text:
            break
        assert 'http-equiv="refresh" content="3"' in shown.text and "articles read" in shown.text
        assert asyncio.get_running_loop().time() < deadline, "the list never became ready"
        await asyncio.sleep(0.3)
    assert "http-equiv" not in shown.text and ">Ready<" in shown.text
    found = (await client.get(f"{API}/invitation_lists/{list_id}")).json()
    for editor in found["editors"]:
        section = shown.text.split(f'id="section-{editor["group"]}"')[1].split("</section>")[0]
        assert f'href="{editor["user_page"]}"' in section and editor["username"] in section
    assert "Highly recommended" in shown.text and "Recommended" in shown.text

    mine = await client.get("/invitation_lists")
    assert mine.status_code == 200 and f'href="/invitation_lists/{list_id}"' in mine.text
    assert "Lighthouses and planets" in mine.text and ">Ready<" in mine.text
    assert f"{len(titles)} of {len(titles)} articles read" in mine.text
    other = await signed_in_client(gateway.url, _name("Nosy"), groups=["event-organizer"])
    assert (await other.get(f"/invitation_lists/{list_id}")).status_code == 404


@pytest.fixture(scope="module")
async def idle(infra, registration, mediawiki):
    """An invitations service of its own (own schema) that runs no jobs until a test runs one, and a gateway
    in front of it: a list stays pending as long as a test needs."""
    from eventcenter.services.invitations.bootstrap import InvitationsService
    from eventcenter.services.invitations.bootstrap import migrate as migrate_invitations

    role = "invitations_idle"
    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_service_role(admin_db, role, role)
    settings = invitations_settings(infra, registration, mediawiki.api_url, database_schema=role,
                                    database_url=_database_url(infra.postgres_admin_url, role, role))
    await migrate_invitations(settings)
    service = InvitationsService(settings, work=False)
    service.port = await service.start()
    server = await start_gateway(gateway_settings(registration, invitations_address=f"127.0.0.1:{service.port}"))
    yield service, server
    await server.stop()
    await service.stop()


async def test_a_pending_list_refreshes_itself_and_shows_how_far_it_got(idle, mediawiki):
    service, server = idle
    client = await signed_in_client(server.url, _name("Patient"), groups=["event-organizer"])
    titles = articles_of(mediawiki)
    form = await client.get("/invitation_lists/new")
    made = await client.post("/invitation_lists/new", data={
        "token": csrf_of(form.text), "name": "Waiting", "articles": "\n".join(titles)})  # the default wiki
    assert made.status_code == 303
    pending = await client.get(made.headers["location"])
    assert pending.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in pending.text.split("</head>")[0]
    assert f"0 of {len(titles)} articles read" in pending.text and ">Pending<" in pending.text
    mine = await client.get("/invitation_lists")
    assert ">Pending<" in mine.text and "Waiting" in mine.text

    assert await service.worker.run_once()
    ready = await client.get(made.headers["location"])
    assert "http-equiv" not in ready.text.split("</head>")[0] and ">Ready<" in ready.text
    assert 'class="invited-editor"' in ready.text


# ---------------------------------------------------------------------------------------------- preferences

async def test_the_opt_out_switch_on_preferences_saves(gateway, invitations_stub):
    name = _name("Shy")
    client = await signed_in_client(gateway.url, name, email=f"{uuid.uuid4().hex[:10]}@mail.test")
    shown = await client.get("/preferences")
    assert shown.status_code == 200
    assert 'name="appear_on_invitation_lists" value="1" id="appear_on_invitation_lists"\n' in shown.text
    assert re.search(r'id="appear_on_invitation_lists"\s+checked', shown.text)  # everyone appears at first
    saved = await client.post("/preferences", data={"token": csrf_of(shown.text), "language": "en",
                                                    "invitations_shown": "1"})  # the switch left unchecked
    assert saved.status_code == 303
    someone = dev_person(name)
    opt_out = await invitations_stub.GetInvitationOptOut(iapi.GetInvitationOptOutRequest(), metadata=md(someone))
    assert opt_out.opted_out is True
    again = await client.get("/preferences")
    assert "Your preferences are saved." in again.text
    assert not re.search(r'id="appear_on_invitation_lists"\s+checked', again.text)
    await client.post("/preferences", data={"token": csrf_of(again.text), "language": "en",
                                            "invitations_shown": "1", "appear_on_invitation_lists": "1"})
    opt_out = await invitations_stub.GetInvitationOptOut(iapi.GetInvitationOptOutRequest(), metadata=md(someone))
    assert opt_out.opted_out is False
    # A form from a page that did not show the switch leaves the choice alone.
    await client.post("/preferences", data={"token": csrf_of(again.text), "language": "en"})
    opt_out = await invitations_stub.GetInvitationOptOut(iapi.GetInvitationOptOutRequest(), metadata=md(someone))
    assert opt_out.opted_out is False


async def test_preferences_work_without_the_invitations_service(registration, notifications):
    server = await start_gateway(gateway_settings(  # invitations: nothing listens there
        registration, notifications_address=f"127.0.0.1:{notifications.port}"))
    try:
        client = await signed_in_client(server.url, _name("Offline"))
        shown = await client.get("/preferences")
        assert shown.status_code == 200 and "appear_on_invitation_lists" not in shown.text
        saved = await client.post("/preferences", data={"token": csrf_of(shown.text), "language": "fr"})
        assert saved.status_code == 303
        assert "Your preferences are saved." in (await client.get("/preferences")).text
        stale = await client.post("/preferences", data={"token": csrf_of(shown.text), "language": "en",
                                                        "invitations_shown": "1"})
        assert stale.status_code == 303
        assert "could not be saved right now" in (await client.get("/preferences")).text
        assert (await client.get("/readyz")).json().get("invitations") is None
        lists = await client.get("/invitation_lists")
        assert lists.status_code == 503
    finally:
        await server.stop()
