"""A person's own registration: register, edit (modified), cancel, and when registration is refused."""
import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from tests import builders
from tests.integration.test_events_api import reason, violations
from tests.people import md, organizer, person


async def test_register_then_repeat_reports_modified_only_when_something_changed(stub):
    event = await builders.create(stub, md(organizer()), question_ids=[4, 5])
    ines = person()
    first = await builders.register(stub, md(ines), event.id)
    assert first.modified and first.registration.participant.state == pb.REGISTRATION_STATE_REGISTERED
    same = await builders.register(stub, md(ines), event.id)
    assert not same.modified
    private = await builders.register(stub, md(ines), event.id, private=True)
    assert private.modified and private.registration.participant.private
    answered = await builders.register(stub, md(ines), event.id, private=True,
                                       answers=[pb.Answer(question_id=5, option=1, text="WM France")])
    assert answered.modified
    own = await stub.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event.id), metadata=md(ines))
    assert [(a.question_id, a.option, a.text) for a in own.answers] == [(5, 1, "WM France")]


async def test_answers_to_questions_the_event_does_not_ask_are_refused(stub):
    event = await builders.create(stub, md(organizer()), question_ids=[4])
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.register(stub, md(person()), event.id, answers=[pb.Answer(question_id=1, option=2)])
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "answers[0].question_id" in violations(caught.value)


async def test_personal_questions_need_the_policy_accepted(stub):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.create(stub, md(organizer()), question_ids=[1, 2])
    assert "accept_personal_data_policy" in violations(caught.value)
    created = await builders.create(stub, md(organizer()), question_ids=[1, 2], accept_policy=True)
    organizers = await stub.ListOrganizers(api.ListOrganizersRequest(event_id=created.id), metadata=md(person()))
    assert organizers.organizers[0].HasField("personal_data_policy_accept_time")


async def test_cancel_deletes_answers_and_reregistering_starts_fresh(stub):
    event = await builders.create(stub, md(organizer()), question_ids=[4])
    jonas = person()
    await builders.register(stub, md(jonas), event.id, answers=[pb.Answer(question_id=4, option=3)])
    cancelled = await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(jonas))
    assert cancelled.modified
    again = await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(jonas))
    assert not again.modified
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event.id), metadata=md(jonas))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    back = await builders.register(stub, md(jonas), event.id)
    assert back.modified and list(back.registration.answers) == []


async def test_closed_event_refuses_newcomers_but_lets_participants_edit(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    grace = person()
    await builders.register(stub, md(grace), event.id)
    event.status = pb.EVENT_STATUS_CLOSED
    await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.register(stub, md(person()), event.id)
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION and reason(caught.value) == "EVENT_CLOSED"
    edited = await builders.register(stub, md(grace), event.id, private=True)
    assert edited.modified


async def test_ended_event_refuses_newcomers(stub, clock):
    event = await builders.create(stub, md(organizer()))
    clock.advance(days=4)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.register(stub, md(person()), event.id)
    assert reason(caught.value) == "EVENT_ENDED"


async def test_deleted_event_refuses_registration(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    await stub.DeleteEvent(api.DeleteEventRequest(event_id=event.id), metadata=md(ada))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.register(stub, md(person()), event.id)
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


async def test_blocked_user_cannot_register_but_can_cancel(stub):
    event = await builders.create(stub, md(organizer()))
    hiro = person()
    await builders.register(stub, md(hiro), event.id)
    blocked = hiro.__class__(hiro.user_id, hiro.name, hiro.rights, True)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.register(stub, md(blocked), event.id, private=True)
    assert reason(caught.value) == "USER_BLOCKED"
    assert (
        await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(blocked))
    ).modified


async def test_wrong_passcode_is_refused_and_organizers_see_the_passcode(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada), passcode="tulip-7")
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.register(stub, md(person()), event.id, passcode="rose-77")
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED and reason(caught.value) == "INCORRECT_PASSCODE"
    assert (await builders.register(stub, md(person()), event.id, passcode="tulip-7")).modified
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert seen.passcode == "tulip-7"


async def test_anonymous_callers_cannot_register(stub):
    from eventcenter.services.kernel.identity import ANONYMOUS

    event = await builders.create(stub, md(organizer()))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.register(stub, md(ANONYMOUS), event.id)
    assert reason(caught.value) == "SIGN_IN_REQUIRED"


async def test_events_by_participant_hide_private_registrations_from_others(stub):
    mei = person()
    public_event = await builders.create(stub, md(organizer()))
    private_event = await builders.create(stub, md(organizer()))
    await builders.register(stub, md(mei), public_event.id)
    await builders.register(stub, md(mei), private_event.id, private=True)
    request = api.ListEventsByParticipantRequest(user_id=mei.user_id)
    others = await stub.ListEventsByParticipant(request, metadata=md(person()))
    own = await stub.ListEventsByParticipant(request, metadata=md(mei))
    assert [e.id for e in others.events] == [public_event.id]
    assert {e.id for e in own.events} == {public_event.id, private_event.id}
    assert all(e.meeting_url == "" for e in own.events)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.ListEventsByParticipant(api.ListEventsByParticipantRequest(user_id=mei.user_id, page_size=51),
                                           metadata=md(mei))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
