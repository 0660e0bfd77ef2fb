"""Page titles and names (issue 21, item 5): control and format characters are refused wherever a name or title is
taken, over gRPC and REST, in the caller's language; and a deleted event's page stays blocked until an admin frees
it, which is logged and recorded, after which a new event may use the page."""
import contextlib
import json
import logging
import uuid

import grpc
import pytest
import structlog
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy import select

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.registration.adapters.tables import page_releases
from tests import builders
from tests.integration.test_admin_cli import _cli
from tests.integration.test_events_api import reason
from tests.people import admin, md, organizer, person

RLO = "\u202e"  # right-to-left override: "Event:Photo\u202egnp.exe" shows as "Event:Photoexe.png"


def bad_request(error: grpc.aio.AioRpcError) -> list[error_details_pb2.BadRequest.FieldViolation]:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            found = error_details_pb2.BadRequest()
            detail.Unpack(found)
            return list(found.field_violations)
    return []


async def refused(call, language: str = "en"):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, caught.value.details()
    return bad_request(caught.value)


@pytest.mark.parametrize("character", [RLO, "\u200b", "\u2066", "\ufeff", "\u00ad", "\n"])
async def test_an_event_page_title_with_a_control_or_format_character_is_refused_and_nothing_is_created(
        stub, character):
    ada = organizer()
    title = f"Event:Photo {uuid.uuid4().hex[:8]}{character}gnp.exe"
    violations = await refused(builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=title)))
    assert [(v.field, v.reason) for v in violations] == [("event.page.title", "VIOLATION_HIDDEN_CHARACTERS")]
    assert f"U+{ord(character):04X}" in violations[0].description
    mine = await stub.ListEventsByOrganizer(api.ListEventsByOrganizerRequest(user_id=ada.user_id), metadata=md(ada))
    assert not mine.events


async def test_the_refusal_is_in_the_callers_language(stub):
    for language, word in (("fr", "caractères"), ("ar", "محارف")):
        title = f"Event:Photo{RLO}{uuid.uuid4().hex[:8]}"
        violations = await refused(builders.create(stub, (*md(organizer()), ("accept-language", language)),
                                                   page=pb.EventPage(wiki="enwiki", title=title)))
        assert violations[0].localized_message.locale == language and word in violations[0].localized_message.message


async def test_organizer_coordinator_campaign_program_and_admin_given_names_are_refused(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    spoof = f"{ada.name}{RLO}"
    violations = await refused(stub.SetOrganizers(api.SetOrganizersRequest(
        event_id=event.id, organizer_usernames=[ada.name, spoof]), metadata=md(ada)))
    assert [(v.field, v.reason) for v in violations] == [("organizer_usernames", "VIOLATION_HIDDEN_CHARACTERS")]
    plan = dict(description="", start_date="2030-01-01", end_date="2030-12-31")
    violations = await refused(stub.CreateCampaign(api.CreateCampaignRequest(campaign=pb.Campaign(
        name=f"Drive{RLO}", **plan)), metadata=md(ada)))
    assert [v.field for v in violations] == ["campaign.name"]
    violations = await refused(stub.CreateCampaign(api.CreateCampaignRequest(campaign=pb.Campaign(
        name="Drive", coordinator_usernames=["Someone\u200d else"], **plan)), metadata=md(ada)))
    assert [v.field for v in violations] == ["campaign.coordinator_usernames"]
    campaign = await stub.CreateCampaign(api.CreateCampaignRequest(campaign=pb.Campaign(name="Drive", **plan)),
                                         metadata=md(ada))
    violations = await refused(stub.CreateProgram(api.CreateProgramRequest(campaign_id=campaign.id, program=pb.Program(
        name="Spring\u2060", **plan)), metadata=md(ada)))
    assert [v.field for v in violations] == ["program.name"]
    violations = await refused(stub.GrantRight(api.ChangeRightRequest(
        user_id=person().user_id, name=f"New{RLO}comer", right="event-organizer"), metadata=md(admin())))
    assert [v.field for v in violations] == ["name"]


async def test_rest_answers_400_in_the_mediawiki_shape_under_campaignevents_key(http):
    from tests.integration.test_rest_events import event_body, sign_in

    ada = await sign_in(http, groups=["event-organizer"])
    answer = await http.post("/campaignevents/v0/event_registration", params={"uselang": "fr"},
                             json=event_body(event_page=f"Event:Photo{RLO}{uuid.uuid4().hex[:8]}"),
                             headers=ada["headers"])
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["httpCode"] == 400 and body["httpReason"] == "Bad Request"
    assert body["errorKey"] == "campaignevents-error-invalid-title"
    assert "U+202E" in body["messageTranslations"]["en"] and "caractères" in body["messageTranslations"]["fr"]
    assert [v["field"] for v in body["fieldViolations"]] == ["event.page.title"]


@contextlib.contextmanager
def info_logs():
    """The service's log lines at info level (the tests' logs are at warning), as structured entries."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    try:
        with structlog.testing.capture_logs() as entries:
            yield entries
    finally:
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


async def _deleted_event(stub, ada) -> pb.Event:
    event = await builders.create(stub, md(ada))
    await stub.DeleteEvent(api.DeleteEventRequest(event_id=event.id), metadata=md(ada))
    return event


async def _create_on(stub, someone, page: pb.EventPage):
    return await builders.create(stub, md(someone), page=pb.EventPage(wiki=page.wiki, title=page.title))


async def test_a_deleted_events_page_stays_blocked_until_an_admin_frees_it(stub, registration):
    ada, root = organizer(), admin()
    event = await _deleted_event(stub, ada)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await _create_on(stub, organizer(), event.page)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS and reason(caught.value) == "PAGE_REGISTERED_DELETED"
    with info_logs() as logs:
        release = await stub.FreeEventPage(api.FreeEventPageRequest(event_id=event.id), metadata=md(root))
    assert (release.event_id, release.page, release.admin_user_id) == (event.id, event.page, root.user_id)
    assert release.admin_name == root.name and release.HasField("free_time")
    [line] = [entry for entry in logs if entry["event"] == "event_page_freed"]
    assert (line["event_id"], line["title"], line["admin_user_id"]) == (event.id, event.page.title, root.user_id)
    async with registration.sessions() as session:
        rows = (await session.execute(select(page_releases).where(page_releases.c.event_id == event.id))).all()
    assert [(r.page_wiki, r.page_title, r.admin_user_id, r.admin_name) for r in rows] == [
        (event.page.wiki, event.page.title, root.user_id, root.name)]
    again = await _create_on(stub, organizer(), event.page)
    assert again.id != event.id and again.page == event.page
    with pytest.raises(grpc.aio.AioRpcError) as caught:  # the new event holds the page as any other
        await _create_on(stub, organizer(), event.page)
    assert reason(caught.value) == "PAGE_ALREADY_REGISTERED"
    with info_logs() as logs:  # freeing it again answers the first record, and records and logs nothing more
        repeated = await stub.FreeEventPage(api.FreeEventPageRequest(event_id=event.id), metadata=md(admin()))
    assert repeated == release and not [entry for entry in logs if entry["event"] == "event_page_freed"]
    deleted = await stub.ListEventsByOrganizer(api.ListEventsByOrganizerRequest(
        user_id=ada.user_id, include_deleted=True), metadata=md(ada))
    assert [(e.id, e.page.title) for e in deleted.events] == [(event.id, event.page.title)]  # kept for the record


@pytest.mark.parametrize("caller, code", [
    (lambda: organizer(), grpc.StatusCode.PERMISSION_DENIED), (lambda: person(), grpc.StatusCode.PERMISSION_DENIED),
    (lambda: person({"admin"}, blocked=True), grpc.StatusCode.PERMISSION_DENIED),
], ids=["organizer", "user", "blocked admin"])
async def test_only_an_admin_who_is_not_blocked_frees_a_page(stub, caller, code):
    ada = organizer()
    event = await _deleted_event(stub, ada)
    for someone in (caller(), ada):  # not even the event's own organizer
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.FreeEventPage(api.FreeEventPageRequest(event_id=event.id), metadata=md(someone))
        assert caught.value.code() == code
    with pytest.raises(grpc.aio.AioRpcError):
        await _create_on(stub, organizer(), event.page)


async def test_a_live_events_page_cannot_be_freed(stub):
    event = await builders.create(stub, md(organizer()))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.FreeEventPage(api.FreeEventPageRequest(event_id=event.id), metadata=md(admin()))
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION and reason(caught.value) == "EVENT_NOT_DELETED"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.FreeEventPage(api.FreeEventPageRequest(event_id=987654321987), metadata=md(admin()))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


async def test_the_operator_frees_a_page_from_the_command_line(stub, registration):
    event = await _deleted_event(stub, organizer())
    done = await _cli(registration, "admin", "free-page", str(event.id))
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["page"]["title"] == event.page.title and shown["admin_name"] == "operator"
    assert (await _create_on(stub, organizer(), event.page)).page == event.page


async def test_an_admin_frees_a_page_through_rest(http):
    from tests.integration.test_rest_events import event_body, sign_in

    ada, root = await sign_in(http, groups=["event-organizer"]), await sign_in(http, groups=["sysop"])
    body = event_body()
    event_id = (await http.post("/campaignevents/v0/event_registration", json=body, headers=ada["headers"])).json()[
        "id"
    ]
    await http.delete(f"/campaignevents/v0/event_registration/{event_id}", headers=ada["headers"])
    url = f"/campaignevents/v0/event_registration/{event_id}/free_page"
    denied = await http.post(url, headers=ada["headers"])
    assert denied.status_code == 403 and {"errorKey", "messageTranslations"} <= set(denied.json())
    freed = await http.post(url, headers=root["headers"])
    assert freed.status_code == 200, freed.text
    assert freed.json()["event_page"] == body["event_page"] and freed.json()["freed_by"]["user_id"] == root["user_id"]
    again = await http.post("/campaignevents/v0/event_registration", json={**body, "event_page": body["event_page"]},
                            headers=ada["headers"])
    assert again.status_code == 201, again.text
