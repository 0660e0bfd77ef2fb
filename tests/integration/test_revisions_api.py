"""Whole-resource replaces over gRPC carry the revision they were made from: a stale one is refused (ABORTED,
REVISION_CHANGED, with both revisions) and changes nothing; concurrent saves from one revision let exactly one win."""
import asyncio

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER
from tests import builders
from tests.conftest import WIKI_ID
from tests.integration.test_campaigns import anon, campaign, new_program
from tests.integration.test_contributions import copied
from tests.integration.test_events_api import reason
from tests.people import admin, md, organizer


def revisions_of(error: grpc.aio.AioRpcError) -> tuple[str, str]:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.metadata["expected_revision"], info.metadata["current_revision"]
    raise AssertionError("no ErrorInfo")


async def refused(call) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    assert caught.value.code() == grpc.StatusCode.ABORTED and reason(caught.value) == "REVISION_CHANGED"
    return caught.value


async def co_organized(stub):
    """An event with two organizers, both allowed to edit it."""
    ada, bashir = organizer(), organizer()
    await stub.GrantRight(api.ChangeRightRequest(user_id=bashir.user_id, name=bashir.name, right=RIGHT_ORGANIZER),
                          metadata=md(admin()))
    event = await builders.create(stub, md(ada), passcode="letmein")
    await stub.SetOrganizers(api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name, bashir.name]),
                             metadata=md(ada))
    return ada, bashir, await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))


def edited(event: pb.Event, **changes) -> pb.Event:
    copy = pb.Event()
    copy.CopyFrom(event)
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


async def test_a_stale_expected_revision_is_refused_and_changes_nothing(stub):
    ada, bashir, event = await co_organized(stub)
    first = await stub.UpdateEvent(api.UpdateEventRequest(event=edited(event, address="", description="Bashir's"),
                                                          expected_revision=event.revision), metadata=md(bashir))
    assert first.revision == event.revision + 1
    error = await refused(stub.UpdateEvent(api.UpdateEventRequest(
        event=edited(event, description="Ada's"), expected_revision=event.revision), metadata=md(ada)))
    assert revisions_of(error) == (str(event.revision), str(first.revision))
    assert "Nothing was saved" in error.details()
    kept = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert (kept.description, kept.revision) == ("Bashir's", first.revision)


async def test_two_saves_from_one_revision_let_exactly_one_win(stub):
    ada, bashir, event = await co_organized(stub)
    saves = [stub.UpdateEvent(api.UpdateEventRequest(event=edited(event, description=who.name),
                                                     expected_revision=event.revision), metadata=md(who))
             for who in (ada, bashir)]
    results = await asyncio.gather(*saves, return_exceptions=True)
    won = [r for r in results if isinstance(r, pb.Event)]
    lost = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(won) == 1 and len(lost) == 1 and reason(lost[0]) == "REVISION_CHANGED"
    kept = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert kept.description == won[0].description and kept.revision == event.revision + 1


async def test_an_update_without_an_expected_revision_still_replaces(stub):
    ada, _, event = await co_organized(stub)
    saved = await stub.UpdateEvent(api.UpdateEventRequest(event=edited(event, description="No check")),
                                   metadata=md(ada))
    assert saved.description == "No check" and saved.revision == event.revision + 1


async def test_keep_passcode_leaves_the_stored_passcode_whatever_the_event_says(stub):
    ada, _, event = await co_organized(stub)
    assert event.passcode == "letmein"
    saved = await stub.UpdateEvent(api.UpdateEventRequest(event=edited(event, passcode="", description="Edited"),
                                                          keep_passcode=True), metadata=md(ada))
    assert saved.passcode == "letmein" and saved.description == "Edited"
    cleared = await stub.UpdateEvent(api.UpdateEventRequest(event=edited(saved, passcode="")), metadata=md(ada))
    assert cleared.passcode == "" and not cleared.passcode_required  # sent, and not kept: cleared on purpose


async def test_organizers_changes_are_revisions_of_the_event(stub):
    ada, bashir, event = await co_organized(stub)
    listed = await stub.ListOrganizers(api.ListOrganizersRequest(event_id=event.id), metadata=md(ada))
    assert listed.revision == event.revision
    alone = await stub.SetOrganizers(api.SetOrganizersRequest(
        event_id=event.id, organizer_usernames=[ada.name], expected_revision=event.revision), metadata=md(ada))
    assert alone.revision == event.revision + 1 and [o.user_id for o in alone.organizers] == [ada.user_id]
    await refused(stub.SetOrganizers(api.SetOrganizersRequest(
        event_id=event.id, organizer_usernames=[ada.name, bashir.name], expected_revision=event.revision),
        metadata=md(ada)))
    # An event update made before the organizers changed is stale too: the organizers are part of the event.
    await refused(stub.UpdateEvent(api.UpdateEventRequest(event=edited(event, description="Late"),
                                                          expected_revision=event.revision), metadata=md(ada)))
    after = await stub.ListOrganizers(api.ListOrganizersRequest(event_id=event.id), metadata=md(ada))
    assert [o.user_id for o in after.organizers] == [ada.user_id] and after.revision == alone.revision


async def test_campaign_and_program_updates_name_their_revision(stub):
    ada = organizer()
    made, program = await new_program(stub, ada)
    assert made.revision == 1 and program.revision == 1
    renamed = await stub.UpdateCampaign(api.UpdateCampaignRequest(
        campaign=campaign(id=made.id, name="Renamed"), expected_revision=1), metadata=md(ada))
    assert renamed.revision == 2
    await refused(stub.UpdateCampaign(api.UpdateCampaignRequest(
        campaign=campaign(id=made.id, name="Stale"), expected_revision=1), metadata=md(ada)))
    assert (await stub.GetCampaign(api.GetCampaignRequest(campaign_id=made.id), metadata=anon())).name == "Renamed"
    program.name = "Programme"
    moved_on = await stub.UpdateProgram(api.UpdateProgramRequest(program=program, expected_revision=1),
                                        metadata=md(ada))
    assert moved_on.revision == 2
    program.name = "Stale"
    await refused(stub.UpdateProgram(api.UpdateProgramRequest(program=program, expected_revision=1),
                                     metadata=md(ada)))
    assert (await stub.GetProgram(api.GetProgramRequest(program_id=program.id), metadata=anon())).name == "Programme"


async def copied_event(stub, contributions_stub, ada) -> pb.Event:
    event = await builders.create(stub, md(ada), wikis=[WIKI_ID], tracks_contributions=True)
    await copied(contributions_stub, event.id, participants=0)
    return event


def goal(contributions_stub, who, event_id: int, target: int, **expected):
    return contributions_stub.SetEventGoal(capi.SetEventGoalRequest(
        event_id=event_id, metric=capi.METRIC_EDITS, target=target, **expected), metadata=md(who))


async def test_a_goal_names_its_revision_and_zero_means_none_yet(stub, contributions_stub):
    ada = organizer()
    event = await copied_event(stub, contributions_stub, ada)
    first = await goal(contributions_stub, ada, event.id, 5, expected_revision=0)
    assert first.revision == 1
    error = await refused(goal(contributions_stub, ada, event.id, 7, expected_revision=0))
    assert revisions_of(error) == ("0", "1")
    assert (await goal(contributions_stub, ada, event.id, 8, expected_revision=1)).revision == 2
    await refused(goal(contributions_stub, ada, event.id, 9, expected_revision=1))
    shown = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event.id),
                                                     metadata=md(ada))
    assert (shown.goal.target, shown.goal.revision) == (8, 2)
    assert (await goal(contributions_stub, ada, event.id, 10)).revision == 3  # no revision named: replaced


async def test_two_goals_from_one_revision_let_exactly_one_win(stub, contributions_stub):
    ada = organizer()
    event = await copied_event(stub, contributions_stub, ada)
    results = await asyncio.gather(*(goal(contributions_stub, ada, event.id, target, expected_revision=0)
                                     for target in (3, 4)), return_exceptions=True)
    won = [r for r in results if isinstance(r, capi.EventGoal)]
    assert len(won) == 1 and [reason(r) for r in results if isinstance(r, grpc.aio.AioRpcError)] == ["REVISION_CHANGED"]
    shown = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event.id),
                                                     metadata=md(ada))
    assert (shown.goal.target, shown.goal.revision) == (won[0].target, 1)


def worklist(contributions_stub, who, event_id: int, gather: bool, **expected):
    return contributions_stub.SetWorklist(capi.SetWorklistRequest(event_id=event_id, gather=gather, **expected),
                                          metadata=md(who))


async def test_a_worklist_names_its_revision_and_a_stale_one_changes_nothing(stub, contributions_stub):
    ada = organizer()
    event = await copied_event(stub, contributions_stub, ada)
    unset = await contributions_stub.GetWorklist(capi.GetWorklistRequest(event_id=event.id), metadata=md(ada))
    assert unset.revision == 0
    results = await asyncio.gather(*(worklist(contributions_stub, ada, event.id, False, expected_revision=0)
                                     for _ in range(2)), return_exceptions=True)
    won = [r for r in results if isinstance(r, capi.Worklist)]
    assert len(won) == 1 and won[0].revision == 1
    assert [reason(r) for r in results if isinstance(r, grpc.aio.AioRpcError)] == ["REVISION_CHANGED"]
    error = await refused(worklist(contributions_stub, ada, event.id, False, expected_revision=0))
    assert revisions_of(error) == ("0", "1")
    kept = await contributions_stub.GetWorklist(capi.GetWorklistRequest(event_id=event.id), metadata=md(ada))
    assert kept.revision == 1
    assert (await worklist(contributions_stub, ada, event.id, False, expected_revision=1)).revision == 2
    assert (await worklist(contributions_stub, ada, event.id, False)).revision == 3
