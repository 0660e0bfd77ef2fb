"""Events over gRPC against real PostgreSQL: create, read, full update, soft delete, and their rules."""
import datetime

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from tests import builders
from tests.people import admin, md, organizer, person


def violations(error: grpc.aio.AioRpcError) -> dict[str, str]:
    status = rpc_status.from_call(error)
    found = {}
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            found.update({v.field: v.description for v in bad.field_violations})
    return found


def reason(error: grpc.aio.AioRpcError) -> str:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.reason
    return ""


async def test_organizer_creates_open_event_and_reads_it_back(stub):
    ada = organizer()
    created = await builders.create(stub, md(ada))
    assert created.id > 0 and created.status == pb.EVENT_STATUS_OPEN
    assert created.name == created.page.title.removeprefix("Event:")
    fetched = await stub.GetEvent(api.GetEventRequest(event_id=created.id), metadata=md(ada))
    assert fetched.page == created.page and fetched.meeting_url == "https://meet.example.org/x"
    assert fetched.creator_user_id == ada.user_id


async def test_create_requires_the_organizer_right(stub):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.create(stub, md(person()))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert reason(caught.value) == "ORGANIZER_RIGHT_REQUIRED"


async def test_blocked_organizer_cannot_create(stub):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.create(stub, md(organizer(blocked=True)))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_invalid_event_lists_every_field_violation_and_writes_nothing(stub):
    ada = organizer()
    bad = builders.event(
        timezone="Mars/Olympus", types=["other", "contest"], meeting_url="ftp://x",
        participation_options=pb.PARTICIPATION_OPTIONS_IN_PERSON, country_code="",
        topics=["a", "b", "c", "d", "e", "f"],
    )
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.CreateEvent(api.CreateEventRequest(event=bad), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = violations(caught.value)
    assert {"event.timezone", "event.types", "event.meeting_url", "event.country_code", "event.topics"} <= set(found)
    listed = await stub.ListEventsByOrganizer(api.ListEventsByOrganizerRequest(user_id=ada.user_id), metadata=md(ada))
    assert list(listed.events) == []


async def test_start_in_the_past_is_refused_on_creation(stub):
    past = builders.local(datetime.timedelta(hours=-1))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.create(stub, md(organizer()), start_local_time=past)
    assert "event.start_local_time" in violations(caught.value)


async def test_a_page_is_registered_once_ever_even_after_deletion(stub):
    ada = organizer()
    first = await builders.create(stub, md(ada))
    await stub.DeleteEvent(api.DeleteEventRequest(event_id=first.id), metadata=md(ada))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.create(stub, md(ada), page=first.page)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS


async def test_create_with_same_request_id_returns_the_same_event(stub):
    ada = organizer()
    request = api.CreateEventRequest(event=builders.event(), request_id="retry-1")
    one = await stub.CreateEvent(request, metadata=md(ada))
    two = await stub.CreateEvent(request, metadata=md(ada))
    assert one.id == two.id


async def test_update_replaces_fields_and_can_close_registration(stub):
    ada = organizer()
    created = await builders.create(stub, md(ada))
    changed = pb.Event()
    changed.CopyFrom(created)
    changed.status = pb.EVENT_STATUS_CLOSED
    changed.participation_options = pb.PARTICIPATION_OPTIONS_IN_PERSON
    changed.meeting_url = ""
    changed.country_code = "fr"
    changed.address = "  12 rue de la Paix, Paris  "
    del changed.topics[:]
    updated = await stub.UpdateEvent(api.UpdateEventRequest(event=changed), metadata=md(ada))
    assert updated.status == pb.EVENT_STATUS_CLOSED
    assert updated.country_code == "FR" and updated.address == "12 rue de la Paix, Paris"
    assert list(updated.topics) == [] and updated.revision == created.revision + 1


async def test_only_organizers_update_and_admins_may_delete_any_event(stub):
    ada = organizer()
    created = await builders.create(stub, md(ada))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.UpdateEvent(api.UpdateEventRequest(event=created), metadata=md(organizer()))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    deleted = await stub.DeleteEvent(api.DeleteEventRequest(event_id=created.id), metadata=md(admin()))
    assert deleted.HasField("delete_time")
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GetEvent(api.GetEventRequest(event_id=created.id), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert caught.value.details() == "This event was deleted." and reason(caught.value) == "EVENT_DELETED"


async def test_links_are_shown_only_to_participants_and_organizers(stub):
    created = await builders.create(stub, md(organizer()), passcode="s3cret")
    stranger = person()
    seen = await stub.GetEvent(api.GetEventRequest(event_id=created.id), metadata=md(stranger))
    assert seen.meeting_url == "" and seen.chat_url == "" and seen.passcode == "" and seen.passcode_required
    await builders.register(stub, md(stranger), created.id, passcode="s3cret")
    seen = await stub.GetEvent(api.GetEventRequest(event_id=created.id), metadata=md(stranger))
    assert seen.meeting_url and seen.chat_url and seen.passcode == ""


async def test_someone_on_the_waiting_list_gets_the_links_with_their_place(stub):
    ada = organizer()
    created = await builders.create(stub, md(ada), participant_limit=1)
    first, waiting = person(), person()
    await builders.register(stub, md(first), created.id)
    await builders.register(stub, md(waiting), created.id)
    seen = await stub.GetEvent(api.GetEventRequest(event_id=created.id), metadata=md(waiting))
    assert seen.meeting_url == "" and seen.chat_url == ""
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=created.id), metadata=md(first))
    seen = await stub.GetEvent(api.GetEventRequest(event_id=created.id), metadata=md(waiting))  # promoted
    assert seen.meeting_url and seen.chat_url


async def test_an_organizer_can_send_back_what_they_got_without_losing_the_passcode(stub):
    ada = organizer()
    created = await builders.create(stub, md(ada), passcode="tulip-7")
    assert created.passcode == "tulip-7"
    created.topics.append("science")
    updated = await stub.UpdateEvent(api.UpdateEventRequest(event=created), metadata=md(ada))
    assert updated.passcode == "tulip-7" and list(updated.topics) == ["art", "science"]
