"""Participant lists (public/private, filter, keyset pages of 20) and removal by organizers."""
import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from tests import builders
from tests.people import admin, md, organizer, person


async def _event_with(stub, ada, public: int, private: int, prefix: str = ""):
    event = await builders.create(stub, md(ada))
    people = []
    for index in range(public + private):
        someone = person(name=f"{prefix}{index:03d} {event.id}")
        await builders.register(stub, md(someone), event.id, private=index >= public)
        people.append(someone)
    return event, people


async def test_public_list_pages_by_twenty_and_counts_private(stub):
    ada = organizer()
    event, people = await _event_with(stub, ada, public=23, private=3)
    first = await stub.ListParticipants(api.ListParticipantsRequest(event_id=event.id), metadata=md(person()))
    assert len(first.participants) == 20 and first.next_page_token
    assert first.private_count == 3 and first.registered_count == 26
    second = await stub.ListParticipants(
        api.ListParticipantsRequest(event_id=event.id, page_token=first.next_page_token), metadata=md(person())
    )
    assert len(second.participants) == 3 and not second.next_page_token
    names = [p.user_name for p in [*first.participants, *second.participants]]
    assert names == [p.name for p in people[:23]]
    ids = [p.participant_id for p in [*first.participants, *second.participants]]
    assert ids == sorted(ids)
    by_last_id = await stub.ListParticipants(
        api.ListParticipantsRequest(event_id=event.id, last_participant_id=first.participants[-1].participant_id),
        metadata=md(person()))
    assert [p.participant_id for p in by_last_id.participants] == ids[20:]


async def test_private_names_only_for_organizers_and_admins(stub):
    ada = organizer()
    event, people = await _event_with(stub, ada, public=1, private=2)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.ListParticipants(api.ListParticipantsRequest(event_id=event.id, include_private=True),
                                    metadata=md(person()))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    for viewer in (ada, admin()):
        seen = await stub.ListParticipants(api.ListParticipantsRequest(event_id=event.id, include_private=True),
                                           metadata=md(viewer))
        assert {p.user_id for p in seen.participants} == {p.user_id for p in people}
        assert sum(p.private for p in seen.participants) == 2


async def test_username_filter_is_case_insensitive_and_exclusions_apply(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    olga, nuno = person(name=f"Olga Ivanova {event.id}"), person(name=f"Nuno {event.id}")
    for someone in (olga, nuno):
        await builders.register(stub, md(someone), event.id)
    found = await stub.ListParticipants(api.ListParticipantsRequest(event_id=event.id, username_filter="oLGA"),
                                        metadata=md(person()))
    assert [p.user_id for p in found.participants] == [olga.user_id]
    literal = await stub.ListParticipants(api.ListParticipantsRequest(event_id=event.id, username_filter="%"),
                                          metadata=md(person()))
    assert list(literal.participants) == []
    rest = await stub.ListParticipants(api.ListParticipantsRequest(event_id=event.id, exclude_user_ids=[olga.user_id]),
                                       metadata=md(person()))
    assert [p.user_id for p in rest.participants] == [nuno.user_id]


async def test_bad_page_token_is_invalid_argument(stub):
    event = await builders.create(stub, md(organizer()))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.ListParticipants(api.ListParticipantsRequest(event_id=event.id, page_token="garbage!"),
                                    metadata=md(person()))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize("mode", ["ids", "all", "all_but"])
async def test_organizer_removes_participants_and_gets_public_private_counts(stub, mode):
    ada = organizer()
    event, people = await _event_with(stub, ada, public=3, private=2)
    keep = people[0]
    if mode == "ids":
        request = api.RemoveParticipantsRequest(event_id=event.id, user_ids=[people[1].user_id, people[4].user_id])
        expected, left = (1, 1), 3
    elif mode == "all":
        request = api.RemoveParticipantsRequest(event_id=event.id, all=True)
        expected, left = (3, 2), 0
    else:
        request = api.RemoveParticipantsRequest(event_id=event.id, user_ids=[keep.user_id], invert_users=True)
        expected, left = (2, 2), 1
    answer = await stub.RemoveParticipants(request, metadata=md(ada))
    assert (answer.public, answer.private) == expected
    seen = await stub.ListParticipants(api.ListParticipantsRequest(event_id=event.id, include_private=True),
                                       metadata=md(ada))
    assert len(seen.participants) == left == seen.registered_count


async def test_only_organizers_remove_participants(stub):
    event, _ = await _event_with(stub, organizer(), public=1, private=0)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.RemoveParticipants(api.RemoveParticipantsRequest(event_id=event.id, all=True),
                                      metadata=md(organizer()))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_remove_without_ids_or_all_is_invalid(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.RemoveParticipants(api.RemoveParticipantsRequest(event_id=event.id), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
