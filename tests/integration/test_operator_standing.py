"""What an operator decides about someone (`eventcenter admin grant/revoke/block/unblock`, kept by registration) is
the one truth for every service: registration publishes each change (UserStandingChanged, from its outbox) and
contributions, invitations and notifications apply their copy of it to the caller before any rule, whatever the
caller's identity token still says. A revoke also takes away a right the sign-in brings from wiki groups."""
import grpc

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.invitations.v1 import invitations_service_pb2 as iapi
from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.kernel import standings
from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER, Standing
from tests import builders
from tests.integration.test_contributions import copied
from tests.people import admin, md, organizer, person
from tests.stream import wait_for
from tests.waiting import eventually

# How soon a change must reach every service here: the relay's and the consumers' latency in the tests.
WITHIN_SECONDS = 2.0


async def _code(call) -> grpc.StatusCode:
    try:
        await call
    except grpc.aio.AioRpcError as error:
        return error.code()
    return grpc.StatusCode.OK


async def _block(stub, someone, blocked: bool = True) -> None:
    change = stub.BlockUser if blocked else stub.UnblockUser
    await change(
        api.ChangeBlockRequest(user_id=someone.user_id, name=someone.name, reason="test"), metadata=md(admin())
    )


async def _right(stub, someone, right: str, grant: bool):
    change = stub.GrantRight if grant else stub.RevokeRight
    return await change(api.ChangeRightRequest(user_id=someone.user_id, name=someone.name, right=right),
                        metadata=md(admin()))


def _goal(event_id: int) -> capi.SetEventGoalRequest:
    return capi.SetEventGoalRequest(event_id=event_id, metric=capi.METRIC_PARTICIPANTS, target=5)


def _new_list() -> iapi.CreateInvitationListRequest:
    return iapi.CreateInvitationListRequest(name="Standing", from_past_participants=True)


async def _organizing(stub, contributions_stub, someone):
    event = await builders.create(stub, md(someone))
    await copied(contributions_stub, event.id, participants=0)
    return event


async def _everywhere(expected: grpc.StatusCode, calls) -> None:
    """Every call (made anew at each try) answers `expected` within WITHIN_SECONDS."""
    async def reached():
        return all([await _code(call()) == expected for call in calls])
    await eventually(reached, timeout=WITHIN_SECONDS)


async def test_an_operator_block_reaches_contributions_and_invitations_and_an_unblock_too(
        stub, contributions_stub, invitations_stub):
    olga = organizer()  # her token: the organizer right and no block, all along
    event = await _organizing(stub, contributions_stub, olga)
    writes = [lambda: contributions_stub.SetEventGoal(_goal(event.id), metadata=md(olga)),
              lambda: contributions_stub.SetWorklist(capi.SetWorklistRequest(event_id=event.id), metadata=md(olga)),
              lambda: contributions_stub.AssociateEdit(capi.AssociateEditRequest(event_id=event.id, wiki="testwiki",
                                                                                 rev_id=1), metadata=md(olga)),
              lambda: invitations_stub.CreateInvitationList(_new_list(), metadata=md(olga)),
              lambda: contributions_stub.UnlinkDashboardCourse(
                  capi.UnlinkDashboardCourseRequest(event_id=event.id), metadata=md(olga)),
              lambda: contributions_stub.LinkDashboardCourse(capi.LinkDashboardCourseRequest(
                  event_id=event.id, dashboard_url="http://127.0.0.1:9", course_slug="School/Course",
                  secret="secret"), metadata=md(olga))]
    assert [await _code(call()) for call in writes[:5]] == [
        grpc.StatusCode.OK, grpc.StatusCode.OK,
        grpc.StatusCode.FAILED_PRECONDITION,  # (the event has not started)
        grpc.StatusCode.OK, grpc.StatusCode.NOT_FOUND]  # (no course linked)

    await _block(stub, olga)
    await _everywhere(grpc.StatusCode.PERMISSION_DENIED, writes)
    assert await _code(stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(olga))) \
        == grpc.StatusCode.PERMISSION_DENIED

    await _block(stub, olga, blocked=False)
    await _everywhere(grpc.StatusCode.OK, [writes[0], writes[1], writes[3]])


async def test_revoking_a_wiki_groups_right_reaches_registration_contributions_and_invitations(
        stub, contributions_stub, invitations_stub):
    olga = organizer()  # the right comes from her wiki groups (her token), not from an operator
    event = await _organizing(stub, contributions_stub, olga)
    writes = [lambda: contributions_stub.SetEventGoal(_goal(event.id), metadata=md(olga)),
              lambda: invitations_stub.CreateInvitationList(_new_list(), metadata=md(olga)),
              lambda: stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(olga)),
              lambda: builders.create(stub, md(olga))]
    assert [await _code(call()) for call in writes] == [grpc.StatusCode.OK] * 4

    revoked = await _right(stub, olga, RIGHT_ORGANIZER, grant=False)
    assert list(revoked.revoked_rights) == [RIGHT_ORGANIZER] and list(revoked.rights) == []
    await _everywhere(grpc.StatusCode.PERMISSION_DENIED, writes)
    # Nor can others name her an organizer any more, though her sign-in still says she holds the right.
    ada = organizer()
    other = await builders.create(stub, md(ada))
    assert await _code(stub.SetOrganizers(api.SetOrganizersRequest(
        event_id=other.id, organizer_usernames=[ada.name, olga.name]), metadata=md(ada))) \
        == grpc.StatusCode.INVALID_ARGUMENT
    # She may still take part in events: a revoke takes a right, it is not a block.
    await builders.register(stub, md(olga), other.id)

    granted = await _right(stub, olga, RIGHT_ORGANIZER, grant=True)  # a grant lifts the denial
    assert list(granted.revoked_rights) == [] and list(granted.rights) == [RIGHT_ORGANIZER]
    await _everywhere(grpc.StatusCode.OK, writes)


async def test_an_operator_granted_organizer_right_is_honoured_in_contributions_and_invitations(
        stub, contributions_stub, invitations_stub):
    gia = person()  # no wiki group
    assert await _code(invitations_stub.CreateInvitationList(_new_list(), metadata=md(gia))) \
        == grpc.StatusCode.PERMISSION_DENIED
    await _right(stub, gia, RIGHT_ORGANIZER, grant=True)
    event = await _organizing(stub, contributions_stub, gia)  # registration honours it at once
    await _everywhere(grpc.StatusCode.OK, [
        lambda: contributions_stub.SetEventGoal(_goal(event.id), metadata=md(gia)),
        lambda: invitations_stub.CreateInvitationList(_new_list(), metadata=md(gia))])


async def test_an_admin_right_granted_or_revoked_reaches_notifications(stub, notifications_stub):
    gia, sam = person(), admin()  # sam's admin right comes from the wiki's sysop group
    deliveries = napi.ListDeliveriesRequest(page_size=1)
    assert await _code(notifications_stub.ListDeliveries(deliveries, metadata=md(gia))) \
        == grpc.StatusCode.PERMISSION_DENIED
    assert await _code(notifications_stub.ListDeliveries(deliveries, metadata=md(sam))) == grpc.StatusCode.OK
    await _right(stub, gia, RIGHT_ADMIN, grant=True)
    await _right(stub, sam, RIGHT_ADMIN, grant=False)
    await _everywhere(grpc.StatusCode.OK, [lambda: notifications_stub.ListDeliveries(deliveries, metadata=md(gia))])
    await _everywhere(grpc.StatusCode.PERMISSION_DENIED,
                      [lambda: notifications_stub.ListDeliveries(deliveries, metadata=md(sam))])


async def test_associating_an_edit_is_refused_to_someone_blocked_before_anything_else(contributions_stub):
    blocked = person(blocked=True)
    request = capi.AssociateEditRequest(event_id=10**12, wiki="testwiki", rev_id=1)  # no such event
    assert await _code(contributions_stub.AssociateEdit(request, metadata=md(blocked))) \
        == grpc.StatusCode.PERMISSION_DENIED
    assert await _code(contributions_stub.AssociateEdit(request, metadata=md(person()))) == grpc.StatusCode.NOT_FOUND


async def test_each_change_is_published_whole_with_a_growing_version(infra, stub):
    olga = organizer()
    await _right(stub, olga, RIGHT_ADMIN, grant=True)
    await _right(stub, olga, RIGHT_ORGANIZER, grant=False)
    await _block(stub, olga)
    subject = standings.SUBJECT

    def hers(message) -> bool:
        change = events_pb2.UserStandingChanged.FromString(message.data)
        return change.user_id == olga.user_id

    found = await wait_for(infra.nats_url, subject, hers, expected=3)
    changes = [events_pb2.UserStandingChanged.FromString(m.data) for m in found]
    assert [(list(c.granted_rights), list(c.revoked_rights), c.blocked) for c in changes] == [
        ([RIGHT_ADMIN], [], False), ([RIGHT_ADMIN], [RIGHT_ORGANIZER], False),
        ([RIGHT_ADMIN], [RIGHT_ORGANIZER], True)]
    assert [c.version for c in changes] == sorted({c.version for c in changes})
    assert "reason" not in events_pb2.UserStandingChanged.DESCRIPTOR.fields_by_name  # the reason stays here


async def test_a_copy_keeps_the_newest_standing_whatever_the_order(contributions):
    from eventcenter.services.contributions.adapters.tables import user_standings

    user_id = person().user_id
    newer = events_pb2.UserStandingChanged(user_id=user_id, revoked_rights=[RIGHT_ORGANIZER], blocked=True, version=3)
    older = events_pb2.UserStandingChanged(user_id=user_id, granted_rights=[RIGHT_ORGANIZER], version=2)
    for change in (newer, older, newer):
        async with contributions.sessions() as session, session.begin():
            await standings.keep(session, user_standings, change)
    async with contributions.sessions() as session:
        assert await standings.standing_of(session, user_standings, user_id) == \
            Standing(frozenset(), frozenset({RIGHT_ORGANIZER}), True)
