"""Organizers: 1 to 10 eligible people, the creator kept, soft removal restored on re-adding."""
import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity
from tests import builders
from tests.integration.test_events_api import violations
from tests.people import admin, md, organizer, person


async def _known_organizer(stub, operator):
    someone = organizer()
    await stub.GrantRight(api.ChangeRightRequest(user_id=someone.user_id, name=someone.name, right=RIGHT_ORGANIZER),
                          metadata=md(operator))
    return someone


async def test_set_organizers_adds_removes_and_restores(stub):
    root, ada = admin(), organizer()
    event = await builders.create(stub, md(ada))
    bashir = await _known_organizer(stub, root)
    both = await stub.SetOrganizers(
        api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name, bashir.name]), metadata=md(ada)
    )
    assert [(o.user_id, o.role) for o in both.organizers] == [
        (ada.user_id, pb.ORGANIZER_ROLE_CREATOR), (bashir.user_id, pb.ORGANIZER_ROLE_ORGANIZER)]
    await stub.SetOrganizers(
        api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name]), metadata=md(ada)
    )
    back = await stub.SetOrganizers(
        api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name, bashir.name]), metadata=md(ada)
    )
    assert len(back.organizers) == 2
    mine = await stub.ListEventsByOrganizer(
        api.ListEventsByOrganizerRequest(user_id=bashir.user_id), metadata=md(person())
    )
    assert [e.id for e in mine.events] == [event.id]


async def test_others_cannot_remove_the_creator(stub):
    root, ada = admin(), organizer()
    event = await builders.create(stub, md(ada))
    bashir = await _known_organizer(stub, root)
    await stub.SetOrganizers(api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name, bashir.name]),
                             metadata=md(ada))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.SetOrganizers(api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[bashir.name]),
                                 metadata=md(bashir))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_organizers_must_hold_the_right_and_not_be_blocked(stub):
    root, ada = admin(), organizer()
    event = await builders.create(stub, md(ada))
    plain = person()
    await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(plain))
    await stub.BlockUser(api.ChangeBlockRequest(user_id=plain.user_id, name=plain.name), metadata=md(root))
    blocked = await _known_organizer(stub, root)
    await stub.BlockUser(api.ChangeBlockRequest(user_id=blocked.user_id, reason="vandalism"), metadata=md(root))
    request = api.SetOrganizersRequest(
        event_id=event.id, organizer_usernames=[ada.name, plain.name, blocked.name, "Nobody Here"]
    )
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.SetOrganizers(request, metadata=md(ada))
    assert "organizer_usernames" in violations(caught.value)
    organizers = await stub.ListOrganizers(api.ListOrganizersRequest(event_id=event.id), metadata=md(ada))
    assert [o.user_id for o in organizers.organizers] == [ada.user_id]


async def test_at_most_ten_organizers(stub):
    root, ada = admin(), organizer()
    event = await builders.create(stub, md(ada))
    others = [await _known_organizer(stub, root) for _ in range(10)]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.SetOrganizers(api.SetOrganizersRequest(event_id=event.id,
                                 organizer_usernames=[ada.name, *[o.name for o in others]]), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_stored_block_stops_an_organizer_with_a_clean_token(stub):
    root, ada = admin(), organizer()
    event = await builders.create(stub, md(ada))
    await stub.BlockUser(api.ChangeBlockRequest(user_id=ada.user_id), metadata=md(root))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    await stub.UnblockUser(api.ChangeBlockRequest(user_id=ada.user_id), metadata=md(root))
    await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))


async def test_only_admins_grant_rights(stub):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GrantRight(api.ChangeRightRequest(user_id=person().user_id, name="X", right=RIGHT_ORGANIZER),
                              metadata=md(organizer()))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    root, target = admin(), person()
    granted = await stub.GrantRight(
        api.ChangeRightRequest(user_id=target.user_id, name=target.name, right=RIGHT_ORGANIZER), metadata=md(root)
    )
    assert list(granted.rights) == [RIGHT_ORGANIZER]
    created = await builders.create(stub, md(target))  # the stored right counts even if the token has none
    assert created.creator_user_id == target.user_id
    revoked = await stub.RevokeRight(
        api.ChangeRightRequest(user_id=target.user_id, right=RIGHT_ORGANIZER), metadata=md(root)
    )
    assert list(revoked.rights) == []


async def test_the_right_someone_signed_in_with_lets_others_name_them_until_a_sign_in_without_it(stub):
    """No administrator granted anything here: the wiki's group, in the token, is what counts."""
    ada = organizer()
    event = await builders.create(stub, md(ada))
    bashir = organizer()
    await builders.register(stub, md(bashir), (await builders.create(stub, md(ada))).id)  # the batched path
    both = await stub.SetOrganizers(
        api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name, bashir.name]), metadata=md(ada)
    )
    assert {o.user_id for o in both.organizers} == {ada.user_id, bashir.user_id}
    # The creator steps down, and the co-organizer brings them back: the creator's right is the one of their last call.
    await stub.SetOrganizers(api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[bashir.name]),
                             metadata=md(ada))
    back = await stub.SetOrganizers(
        api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[bashir.name, ada.name]), metadata=md(bashir)
    )
    assert {o.user_id for o in back.organizers} == {ada.user_id, bashir.user_id}
    # Bashir signs in again without the group (it was taken from them on the wiki): no longer eligible.
    plain_bashir = Identity(bashir.user_id, bashir.name, frozenset())
    other = await builders.create(stub, md(ada))
    await builders.register(stub, md(plain_bashir), other.id)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.SetOrganizers(
            api.SetOrganizersRequest(event_id=other.id, organizer_usernames=[ada.name, bashir.name]), metadata=md(ada)
        )
    assert "cannot organize" in violations(caught.value)["organizer_usernames"]
