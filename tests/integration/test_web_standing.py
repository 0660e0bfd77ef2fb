"""Pages offer what their reader may do as registration knows them: rights an administrator granted there and a
block, not only what the sign-in carried."""
import uuid

import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.services.gateway.access import dev_user_id
from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER
from tests.integration.test_web_pages import ORGANIZER, create_event, post_form
from tests.people import admin, md
from tests.web import csrf_of, signed_in_client


@pytest.fixture
def stub(channel):
    return registration_service_pb2_grpc.RegistrationServiceStub(channel)


async def _grant(stub, name: str, right: str) -> None:
    await stub.GrantRight(api.ChangeRightRequest(user_id=dev_user_id(name), name=name, right=right),
                          metadata=md(admin()))


async def _block(stub, name: str) -> None:
    await stub.BlockUser(api.ChangeBlockRequest(user_id=dev_user_id(name), name=name, reason="test"),
                         metadata=md(admin()))


async def test_an_organizer_right_granted_here_opens_the_organizer_pages(gateway, stub):
    name = f"Granted {uuid.uuid4().hex[:6]}"
    gia = await signed_in_client(gateway.url, name)  # a sign-in without the event-organizer group
    assert 'href="/organize/new"' not in (await gia.get("/")).text
    for path in ("/organize/new", "/campaigns/new", "/invitation_lists/new"):
        refused = await gia.get(path)
        assert refused.status_code == 403 and "<html" in refused.text, path
    assert "needs the event-organizer right" in (await gia.get("/organize/new")).text

    await _grant(stub, name, RIGHT_ORGANIZER)
    assert 'href="/organize/new"' in (await gia.get("/")).text
    for path in ("/organize/new", "/campaigns/new", "/invitation_lists/new"):
        assert (await gia.get(path)).status_code == 200, path
    event_id = await create_event(gia)
    assert "/invitation_lists/new?event_id=" in (await gia.get(f"/event/{event_id}")).text


async def test_an_admin_right_granted_here_opens_another_organizers_event(gateway, stub):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    name = f"Steward {uuid.uuid4().hex[:6]}"
    steward = await signed_in_client(gateway.url, name)
    assert (await steward.get(f"/event/{event_id}/edit")).status_code == 403
    await _grant(stub, name, RIGHT_ADMIN)
    assert (await steward.get(f"/event/{event_id}/edit")).status_code == 200


async def test_someone_blocked_here_is_not_offered_registration_but_may_cancel(gateway, stub):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    register_form = f'action="/event/{event_id}/register"'
    ines_name, bo_name = f"Ines {uuid.uuid4().hex[:6]}", f"Bo {uuid.uuid4().hex[:6]}"
    ines, bo = await signed_in_client(gateway.url, ines_name), await signed_in_client(gateway.url, bo_name)
    assert (await post_form(ines, f"/event/{event_id}", f"/event/{event_id}/register",
                            visibility="public")).status_code == 303
    assert register_form in (await bo.get(f"/event/{event_id}")).text

    await _block(stub, ines_name)
    await _block(stub, bo_name)
    bo_page = (await bo.get(f"/event/{event_id}")).text
    assert 'id="blocked-notice"' in bo_page and register_form not in bo_page
    ines_page = (await ines.get(f"/event/{event_id}")).text
    assert 'id="blocked-notice"' in ines_page and register_form not in ines_page
    assert f'action="/event/{event_id}/cancel"' in ines_page  # a blocked person may still cancel
    assert (await post_form(ines, f"/event/{event_id}", f"/event/{event_id}/cancel")).status_code == 303
    assert "cancelled" in (await ines.get(f"/event/{event_id}")).text


async def test_an_organizer_blocked_here_is_not_offered_the_creation_forms(gateway, stub):
    name = f"Blocked organizer {uuid.uuid4().hex[:6]}"
    olu = await signed_in_client(gateway.url, name, ORGANIZER)
    assert (await olu.get("/organize/new")).status_code == 200
    await _block(stub, name)
    assert 'href="/organize/new"' not in (await olu.get("/")).text
    for path in ("/organize/new", "/campaigns/new"):
        refused = await olu.get(path)
        assert refused.status_code == 403 and "You are blocked" in refused.text, path


async def test_the_program_form_is_refused_up_front_to_whoever_does_not_coordinate_the_campaign(gateway, stub):
    ada = await signed_in_client(gateway.url, f"Coord {uuid.uuid4().hex[:6]}", ORGANIZER)
    form = await ada.get("/campaigns/new")
    made = await ada.post("/campaigns/new", data={"token": csrf_of(form.text), "name": f"C {uuid.uuid4().hex[:6]}",
                                                   "start_date": "2030-05-01", "end_date": "2030-05-31"})
    program_form = made.headers["location"] + "/programs/new"
    assert (await ada.get(program_form)).status_code == 200
    other = await signed_in_client(gateway.url, f"Other {uuid.uuid4().hex[:6]}", ORGANIZER)
    refused = await other.get(program_form)
    assert refused.status_code == 403 and "Only the coordinators of this campaign" in refused.text
    assert 'name="start_date"' not in refused.text
    plain = await signed_in_client(gateway.url, f"Plain {uuid.uuid4().hex[:6]}")
    assert "needs the event-organizer right" in (await plain.get(program_form)).text
    admin_ = await signed_in_client(gateway.url, f"Admin {uuid.uuid4().hex[:6]}", ["sysop"])
    assert (await admin_.get(program_form)).status_code == 200
    blocked_name = f"Blocked coord {uuid.uuid4().hex[:6]}"
    blocked = await signed_in_client(gateway.url, blocked_name, ORGANIZER)
    await _block(stub, blocked_name)
    assert "You are blocked" in (await blocked.get(program_form)).text


async def test_a_co_organizer_blocked_here_sees_the_event_page_as_a_participant_would(gateway, stub):
    ada_name, name = f"Ada {uuid.uuid4().hex[:6]}", f"Co {uuid.uuid4().hex[:6]}"
    ada = await signed_in_client(gateway.url, ada_name, ORGANIZER)
    event_id = await create_event(ada)
    co = await signed_in_client(gateway.url, name, ORGANIZER)
    named = await post_form(ada, f"/event/{event_id}/organizers", f"/event/{event_id}/organizers",
                            usernames=f"{ada_name}\n{name}")
    assert named.status_code == 303, named.text[-1500:]
    assert (await co.get(f"/event/{event_id}/edit")).status_code == 200
    await _block(stub, name)
    page = await co.get(f"/event/{event_id}")
    assert page.status_code == 200 and f'href="/event/{event_id}/edit"' not in page.text
    assert (await co.get(f"/event/{event_id}/edit")).status_code == 403
