"""Putting events into a program and taking them out, from the program's page (and the event's), without
JavaScript: coordinators get the forms, everyone else a refusal shown on the page."""
import uuid

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.access import dev_user_id
from tests.integration.test_web_pages import ORGANIZER, create_event, post_form
from tests.people import admin, md
from tests.web import anonymous_client, csrf_of, signed_in_client


async def _program(client) -> str:
    """A new campaign with one program, both coordinated by `client`; the program's path."""
    form = await client.get("/campaigns/new")
    made = await client.post("/campaigns/new", data={"token": csrf_of(form.text), "name": f"C {uuid.uuid4().hex[:6]}",
                                                      "start_date": "2030-05-01", "end_date": "2030-05-31"})
    assert made.status_code == 303, made.text[-2000:]
    campaign = made.headers["location"]
    form = await client.get(f"{campaign}/programs/new")
    made = await client.post(f"{campaign}/programs/new", data={
        "token": csrf_of(form.text), "name": f"Program {uuid.uuid4().hex[:6]}", "start_date": "2030-05-02",
        "end_date": "2030-05-03"})
    assert made.status_code == 303, made.text[-2000:]
    return made.headers["location"]


async def _person(gateway, who: str, groups=ORGANIZER):
    return await signed_in_client(gateway.url, f"{who} {uuid.uuid4().hex[:6]}", groups)


def _add_form(program: str) -> str:
    return f'action="{program}/events"'


async def test_a_coordinator_puts_an_event_into_a_program_and_takes_it_out(gateway):
    ada, bo = await _person(gateway, "Coord"), await _person(gateway, "Organizer")
    program = await _program(ada)
    event_id = await create_event(bo, event_page=f"Event:Walk {uuid.uuid4().hex[:6]}")
    empty = await ada.get(program)
    assert "This program has no events yet." in empty.text and _add_form(program) in empty.text

    # The address of the event's page, as copied from the browser, names the event.
    added = await post_form(ada, program, f"{program}/events", event=f"{gateway.url}/event/{event_id}")
    assert added.status_code == 303 and added.headers["location"] == program
    shown = await ada.get(program)
    assert f'id="event-{event_id}"' in shown.text and "is now in this program." in shown.text
    assert "This program has no events yet." not in shown.text
    assert f'name="event_id" value="{event_id}"' in shown.text  # the take-out form
    reader = await anonymous_client(gateway.url)
    public = await reader.get(program)
    assert f'id="event-{event_id}"' in public.text
    assert _add_form(program) not in public.text and f"{program}/events/remove" not in public.text
    event_page = await reader.get(f"/event/{event_id}")
    assert f'href="{program}"' in event_page.text and "/program/remove" not in event_page.text

    again = await post_form(ada, program, f"{program}/events", event=str(event_id))
    assert again.status_code == 303 and "was already in this program." in (await ada.get(program)).text

    removed = await post_form(ada, program, f"{program}/events/remove", event_id=str(event_id))
    assert removed.status_code == 303 and removed.headers["location"] == program
    after = await ada.get(program)
    assert "was taken out of this program." in after.text and f'id="event-{event_id}"' not in after.text
    assert "This program has no events yet." in after.text
    assert f'href="{program}"' not in (await reader.get(f"/event/{event_id}")).text


async def test_a_campaign_coordinator_and_an_admin_may_add_events_to_its_programs(gateway, stub):
    ada = await _person(gateway, "Coord")
    program = await _program(ada)
    admin_ = await _person(gateway, "Admin", ["sysop"])
    assert _add_form(program) in (await admin_.get(program)).text
    event_id = await create_event(ada)
    added = await post_form(admin_, program, f"{program}/events", event=f"#{event_id}")
    assert added.status_code == 303
    assert f'id="event-{event_id}"' in (await admin_.get(program)).text
    # A coordinator blocked since is offered nothing.
    name = f"Blocked coord {uuid.uuid4().hex[:6]}"
    blocked = await signed_in_client(gateway.url, name, ORGANIZER)
    other_program = await _program(blocked)
    await stub.BlockUser(api.ChangeBlockRequest(user_id=dev_user_id(name), name=name, reason="test"),
                         metadata=md(admin()))
    assert _add_form(other_program) not in (await blocked.get(other_program)).text


async def test_someone_who_does_not_coordinate_gets_no_form_and_a_refused_post_shows_the_problem(gateway):
    ada, other = await _person(gateway, "Coord"), await _person(gateway, "Other")
    program = await _program(ada)
    mine = await create_event(other)
    page = await other.get(program)
    assert page.status_code == 200 and _add_form(program) not in page.text
    refused = await other.post(f"{program}/events", data={"token": csrf_of(page.text), "event": str(mine)})
    assert refused.status_code == 403
    assert 'class="error-box"' in refused.text and "You are not a coordinator of program" in refused.text
    assert _add_form(program) not in refused.text  # still the program page, as its reader may use it
    assert f'id="event-{mine}"' not in (await other.get(program)).text

    theirs = await create_event(ada)
    assert (await post_form(ada, program, f"{program}/events", event=str(theirs))).status_code == 303
    taken = await other.post(f"{program}/events/remove", data={"token": csrf_of(page.text), "event_id": str(theirs)})
    assert taken.status_code == 403 and "You are not a coordinator of program" in taken.text
    assert f'id="event-{theirs}"' in (await other.get(program)).text


async def test_what_does_not_name_an_event_that_may_join_is_shown_as_a_problem(gateway):
    ada = await _person(gateway, "Coord")
    program, elsewhere = await _program(ada), await _program(ada)

    async def refused(typed: str, status: int) -> str:
        answer = await post_form(ada, program, f"{program}/events", event=typed)
        assert answer.status_code == status, (typed, answer.text[-2000:])
        assert 'class="error-box"' in answer.text and _add_form(program) in answer.text
        return answer.text

    text = await refused("the walk in May", 400)
    assert "neither an event number nor the address of an event page" in text
    assert 'value="the walk in May"' in text  # kept as typed, to be corrected
    assert "Say which event to add" in await refused("   ", 400)
    assert "There is no event 999999999999." in await refused("999999999999", 404)
    assert "neither an event number" in await refused("99999999999999999999999", 400)
    test_event = await create_event(ada, test_event="1")
    assert "is a test event" in await refused(str(test_event), 400)
    deleted = await create_event(ada)
    assert (await post_form(ada, f"/event/{deleted}/delete", f"/event/{deleted}/delete")).status_code == 303
    assert f"Event {deleted} was deleted." in await refused(str(deleted), 404)
    busy = await create_event(ada)
    assert (await post_form(ada, elsewhere, f"{elsewhere}/events", event=f"/event/{busy}")).status_code == 303
    assert "is already in the program" in await refused(str(busy), 409)
    assert f'id="event-{busy}"' in (await ada.get(elsewhere)).text  # not moved

    await ada.get("/language", params={"code": "fr", "returnto": "/"})
    assert "Il n’y a pas d’événement 999999999999." in await refused("999999999999", 404)


async def test_an_organizer_takes_their_event_out_of_its_program_from_the_event_page(gateway):
    ada, bo = await _person(gateway, "Coord"), await _person(gateway, "Organizer")
    program = await _program(ada)
    event_id = await create_event(bo)
    assert (await post_form(ada, program, f"{program}/events", event=str(event_id))).status_code == 303
    event_page = await bo.get(f"/event/{event_id}")
    assert f'href="{program}"' in event_page.text and f"/event/{event_id}/program/remove" in event_page.text
    program_id = program.rsplit("/", 1)[1]
    left = await post_form(bo, f"/event/{event_id}", f"/event/{event_id}/program/remove", program_id=program_id)
    assert left.status_code == 303 and left.headers["location"] == f"/event/{event_id}"
    after = await bo.get(f"/event/{event_id}")
    assert "The event is no longer in a program." in after.text and f'href="{program}"' not in after.text
    assert f'id="event-{event_id}"' not in (await ada.get(program)).text
    stale = await post_form(bo, f"/event/{event_id}", f"/event/{event_id}/program/remove", program_id=program_id)
    assert stale.status_code == 303 and "nothing was changed" in (await bo.get(f"/event/{event_id}")).text


async def test_a_coordinator_cannot_put_back_from_the_program_page_an_event_its_organizers_took_out(gateway):
    ada, bo = await _person(gateway, "Coord"), await _person(gateway, "Organizer")
    program = await _program(ada)
    event_id = await create_event(bo)
    assert (await post_form(ada, program, f"{program}/events", event=str(event_id))).status_code == 303
    taken = await post_form(bo, f"/event/{event_id}", f"/event/{event_id}/program/remove",
                            program_id=program.rsplit("/", 1)[1])
    assert taken.status_code == 303
    refused = await post_form(ada, program, f"{program}/events", event=str(event_id))
    assert refused.status_code == 403
    assert 'class="error-box"' in refused.text and "only they can put it back." in refused.text
    assert f'id="event-{event_id}"' not in (await ada.get(program)).text
    await ada.get("/language", params={"code": "ar", "returnto": "/"})
    assert "وحدهم يستطيعون إعادتها إليه" in (await post_form(ada, program, f"{program}/events",
                                                              event=str(event_id))).text
