"""Campaigns hold programs, programs hold events: coordinators, rights, paging and the stream's program_id."""
import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.identity import ANONYMOUS, RIGHT_ORGANIZER
from tests import builders, stream
from tests.integration.test_events_api import reason, violations
from tests.integration.test_outbox_stream import SUBJECT, _for_event, _parsed
from tests.people import admin, md, organizer, person


def anon() -> tuple:
    """Anonymous callers' metadata, made when called: identity tokens live five minutes at most."""
    return md(ANONYMOUS)


def campaign(**overrides) -> pb.Campaign:
    values = dict(name="Art+Feminism 2030", description="Closing the gender gap.", start_date="2030-03-01",
                  end_date="2030-03-31")
    values.update(overrides)
    return pb.Campaign(**values)


def program(**overrides) -> pb.Program:
    values = dict(name="Edit-a-thons", start_date="2030-03-01", end_date="2030-03-15")
    values.update(overrides)
    return pb.Program(**values)


async def known_organizer(stub):
    someone = organizer()
    await stub.GrantRight(api.ChangeRightRequest(user_id=someone.user_id, name=someone.name, right=RIGHT_ORGANIZER),
                          metadata=md(admin()))
    return someone


async def code_of(call) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    return caught.value.code()


async def new_program(stub, coordinator):
    made = await stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign()), metadata=md(coordinator))
    return made, await stub.CreateProgram(api.CreateProgramRequest(campaign_id=made.id, program=program()),
                                          metadata=md(coordinator))


async def test_creator_is_the_first_coordinator_and_anyone_reads(stub):
    ada = organizer()
    bashir = await known_organizer(stub)
    made = await stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign(coordinator_usernames=[bashir.name])),
                                     metadata=md(ada))
    assert [c.user_id for c in made.coordinators] == [ada.user_id, bashir.user_id]
    assert (made.name, made.start_date, made.creator_user_id) == ("Art+Feminism 2030", "2030-03-01", ada.user_id)
    read = await stub.GetCampaign(api.GetCampaignRequest(campaign_id=made.id), metadata=anon())
    assert read == made


async def test_campaign_needs_the_organizer_right(stub):
    assert await code_of(stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign()), metadata=md(person()))) \
        == grpc.StatusCode.PERMISSION_DENIED
    assert await code_of(stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign()), metadata=anon())) \
        == grpc.StatusCode.PERMISSION_DENIED


async def test_bad_campaign_names_every_field_and_writes_nothing(stub):
    ada = organizer()
    bad = campaign(name="", start_date="2030-04-01", end_date="2030-03-01", description="x" * 8193,
                   coordinator_usernames=["Nobody at all 9f1"])
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.CreateCampaign(api.CreateCampaignRequest(campaign=bad), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(caught.value)) == {"campaign.name", "campaign.end_date", "campaign.description",
                                             "campaign.coordinator_usernames"}
    first = await stub.ListCampaigns(api.ListCampaignsRequest(page_size=1), metadata=anon())
    assert all(c.creator_user_id != ada.user_id for c in first.campaigns)


async def test_blocked_or_rightless_coordinators_are_refused(stub):
    blocked_one, plain = await known_organizer(stub), person()
    await stub.BlockUser(api.ChangeBlockRequest(user_id=blocked_one.user_id, reason="spam"), metadata=md(admin()))
    await stub.GrantRight(api.ChangeRightRequest(user_id=plain.user_id, name=plain.name, right="admin"),
                          metadata=md(admin()))
    for name in (blocked_one.name, plain.name):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign(coordinator_usernames=[name])),
                                      metadata=md(organizer()))
        assert "campaign.coordinator_usernames" in violations(caught.value)


async def test_only_coordinators_edit_and_may_change_coordinators(stub):
    ada, stranger = organizer(), organizer()
    bashir = await known_organizer(stub)
    made = await stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign()), metadata=md(ada))
    change = campaign(id=made.id, name="Renamed", coordinator_usernames=[ada.name, bashir.name])
    assert await code_of(stub.UpdateCampaign(api.UpdateCampaignRequest(campaign=change), metadata=md(stranger))) \
        == grpc.StatusCode.PERMISSION_DENIED
    changed = await stub.UpdateCampaign(api.UpdateCampaignRequest(campaign=change), metadata=md(ada))
    assert changed.name == "Renamed" and [c.user_id for c in changed.coordinators] == [ada.user_id, bashir.user_id]
    kept = await stub.UpdateCampaign(api.UpdateCampaignRequest(campaign=campaign(id=made.id, name="Again")),
                                     metadata=md(bashir))
    assert kept.name == "Again" and len(kept.coordinators) == 2
    by_admin = await stub.UpdateCampaign(api.UpdateCampaignRequest(campaign=campaign(id=made.id)), metadata=md(admin()))
    assert by_admin.name == "Art+Feminism 2030"


async def test_programs_are_created_by_campaign_coordinators_and_listed_in_pages(stub):
    ada = organizer()
    made = await stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign()), metadata=md(ada))
    assert await code_of(stub.CreateProgram(api.CreateProgramRequest(campaign_id=made.id, program=program()),
                                            metadata=md(organizer()))) == grpc.StatusCode.PERMISSION_DENIED
    ids = [(await stub.CreateProgram(api.CreateProgramRequest(campaign_id=made.id, program=program(name=f"P{i}")),
                                     metadata=md(ada))).id for i in range(3)]
    first = await stub.ListPrograms(api.ListProgramsRequest(campaign_id=made.id, page_size=2), metadata=anon())
    second = await stub.ListPrograms(api.ListProgramsRequest(campaign_id=made.id, page_size=2,
                                                             page_token=first.next_page_token), metadata=anon())
    assert [p.id for p in [*first.programs, *second.programs]] == ids and second.next_page_token == ""
    assert (await stub.GetCampaign(api.GetCampaignRequest(campaign_id=made.id), metadata=anon())).program_count == 3


async def test_campaigns_list_newest_first_in_pages(stub):
    ada = organizer()
    ids = [(await stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign(name=f"C{i}")), metadata=md(ada))).id
           for i in range(3)]
    first = await stub.ListCampaigns(api.ListCampaignsRequest(page_size=2), metadata=anon())
    assert first.campaigns[0].id >= ids[-1] and first.campaigns[0].id > first.campaigns[1].id
    second = await stub.ListCampaigns(
        api.ListCampaignsRequest(page_size=2, page_token=first.next_page_token), metadata=anon()
    )
    assert all(c.id < first.campaigns[-1].id for c in second.campaigns)


async def test_program_coordinator_edits_program_others_cannot(stub):
    ada, bashir = organizer(), await known_organizer(stub)
    made = await stub.CreateCampaign(api.CreateCampaignRequest(campaign=campaign()), metadata=md(ada))
    prog = await stub.CreateProgram(api.CreateProgramRequest(
        campaign_id=made.id, program=program(coordinator_usernames=[bashir.name])), metadata=md(ada))
    assert [c.user_id for c in prog.coordinators] == [ada.user_id, bashir.user_id]
    changed = await stub.UpdateProgram(api.UpdateProgramRequest(program=program(id=prog.id, name="Workshops")),
                                       metadata=md(bashir))
    assert changed.name == "Workshops" and changed.campaign_id == made.id
    assert await code_of(stub.UpdateProgram(api.UpdateProgramRequest(program=program(id=prog.id)),
                                            metadata=md(organizer()))) == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.UpdateProgram(api.UpdateProgramRequest(program=program(id=prog.id, end_date="2029-01-01")),
                                 metadata=md(bashir))
    assert "program.end_date" in violations(caught.value)


async def test_coordinator_attaches_event_and_it_lists_under_the_program(stub):
    ada, eve = organizer(), organizer()
    _, prog = await new_program(stub, ada)
    event = await builders.create(stub, md(eve))
    attached = await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=prog.id),
                                          metadata=md(ada))
    assert attached.program_id == prog.id and attached.revision == event.revision + 1
    assert (await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=anon())).program_id == prog.id
    listed = await stub.ListProgramEvents(api.ListProgramEventsRequest(program_id=prog.id), metadata=anon())
    assert [e.id for e in listed.events] == [event.id] and listed.events[0].meeting_url == ""
    assert (await stub.GetProgram(api.GetProgramRequest(program_id=prog.id), metadata=anon())).event_count == 1


async def test_organizer_cannot_put_event_in_a_program_they_do_not_coordinate_but_can_take_it_out(stub):
    ada, eve = organizer(), organizer()
    _, prog = await new_program(stub, ada)
    event = await builders.create(stub, md(eve))
    assert await code_of(stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=prog.id),
                                              metadata=md(eve))) == grpc.StatusCode.PERMISSION_DENIED
    await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=prog.id), metadata=md(ada))
    out = await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=0), metadata=md(eve))
    assert out.program_id == 0
    assert (
        await stub.ListProgramEvents(api.ListProgramEventsRequest(program_id=prog.id), metadata=anon())
    ).events == []


async def test_once_its_organizers_took_an_event_out_its_coordinator_cannot_put_it_back(stub):
    ada, eve = organizer(), organizer()
    _, prog = await new_program(stub, ada)
    event = await builders.create(stub, md(eve))

    def put(who, program_id=prog.id):
        return stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=program_id),
                                    metadata=md(who))

    await put(ada)
    await put(ada, 0)  # the coordinator's own choice: they may change their mind
    await put(ada)
    await put(eve, 0)  # the organizers' choice
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await put(ada)
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert reason(caught.value) == "WITHDRAWN_BY_ORGANIZERS"
    assert "only they can put it back" in caught.value.details()
    assert (await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=anon())).program_id == 0
    # The organizers may put it back (coordinating the program or not); it is the coordinator's again then.
    assert (await put(eve)).program_id == prog.id
    await put(ada, 0)
    assert (await put(ada)).program_id == prog.id
    await put(eve, 0)
    assert (await put(admin())).program_id == prog.id


async def test_organizer_who_coordinates_puts_own_event_in_program(stub):
    ada = organizer()
    _, prog = await new_program(stub, ada)
    event = await builders.create(stub, md(ada))
    moved = await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=prog.id),
                                       metadata=md(ada))
    assert moved.program_id == prog.id


async def test_unknown_program_and_event_are_not_found(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    assert await code_of(stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=10**15),
                                              metadata=md(ada))) == grpc.StatusCode.NOT_FOUND
    assert (
        await code_of(stub.GetCampaign(api.GetCampaignRequest(campaign_id=10**15), metadata=anon()))
        == grpc.StatusCode.NOT_FOUND
    )
    assert (
        await code_of(stub.GetProgram(api.GetProgramRequest(program_id=0), metadata=anon()))
        == grpc.StatusCode.INVALID_ARGUMENT
    )


async def test_updating_an_event_keeps_its_program(stub):
    ada = organizer()
    _, prog = await new_program(stub, ada)
    event = await builders.create(stub, md(ada))
    await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=prog.id), metadata=md(ada))
    current = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    current.name = ""
    current.description = "Now with a description."
    updated = await stub.UpdateEvent(api.UpdateEventRequest(event=current), metadata=md(ada))
    assert updated.program_id == prog.id


async def test_program_changes_are_published_as_event_updates(stub, infra):
    ada = organizer()
    _, prog = await new_program(stub, ada)
    event = await builders.create(stub, md(ada))
    await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=prog.id), metadata=md(ada))
    await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id, program_id=prog.id), metadata=md(ada))
    await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event.id), metadata=md(ada))
    messages = await stream.wait_for(infra.nats_url, SUBJECT, _for_event(event.id), expected=3)
    parsed = [_parsed(m) for m in messages]
    assert [kind for kind, _ in parsed] == ["EventCreated", "EventUpdated", "EventUpdated"]
    assert [(list(p.changed_fields), p.event.program_id) for _, p in parsed[1:]] == [
        (["program_id"], prog.id), (["program_id"], 0)]
