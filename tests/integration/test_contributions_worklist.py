"""An event's worklist on the real local MediaWiki: once the organizer turns gathering on, the edits its active
public participants make on the worklist's articles during the event are associated by themselves (and nothing
else: a private participant associates their own); a worklist that cannot be kept is refused, storing nothing."""
import asyncio
import uuid

import grpc

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from tests.conftest import WIKI_ID
from tests.integration.test_contributions import (
    associate,
    copied,
    edit,
    listed,
    new_wiki_account,
    ongoing_event,
    refused,
    wiki_participant,
)
from tests.integration.test_contributions_privacy import private_and_public_edits
from tests.people import md, organizer, person
from tests.waiting import eventually


def worklist(stub, who, event_id: int, titles: list[str], gather: bool = True, wiki: str = WIKI_ID):
    return stub.SetWorklist(capi.SetWorklistRequest(
        event_id=event_id, gather=gather, articles=[capi.WorklistArticle(wiki=wiki, title=t) for t in titles]),
        metadata=md(who))


def new_title(kind: str) -> str:
    return f"{kind} {uuid.uuid4().hex[:8]}"


async def test_worklist_edits_of_participants_are_gathered_once_turned_on(stub, clock, contributions,
                                                                          contributions_stub, mediawiki):
    olga = organizer()
    editor, password, event = await wiki_participant(stub, clock, contributions_stub, mediawiki, olga)
    name = editor.name
    outsider, outsider_password = await new_wiki_account(mediawiki)

    listed_title, other_title = new_title("Worklist article"), new_title("Elsewhere")
    first = await asyncio.to_thread(edit, mediawiki.api_url, name, password, listed_title, "First words.")
    await asyncio.to_thread(edit, mediawiki.api_url, name, password, other_title, "Not on the worklist.")
    by_outsider = await asyncio.to_thread(edit, mediawiki.api_url, outsider, outsider_password, listed_title,
                                          "First words. An outsider adds this.")
    await asyncio.sleep(1.5)
    assert await listed(contributions_stub, olga, event.id) == []  # nothing is gathered before it is turned on

    # The wiki's own spelling of the title is kept (first letter upper case, underscores as spaces).
    answer = await worklist(contributions_stub, olga, event.id, [listed_title.lower().replace(" ", "_")])
    assert ([(a.wiki, a.title) for a in answer.articles], answer.gather) == ([(WIKI_ID, listed_title[0].upper()
                                                                              + listed_title[1:].lower())], True)
    answer = await worklist(contributions_stub, olga, event.id, [listed_title])
    assert [a.title for a in answer.articles] == [listed_title]

    async def gathered_revisions():
        return {c.rev_id for c in await listed(contributions_stub, olga, event.id)}

    await eventually(_equals(gathered_revisions, {first}))
    later = await asyncio.to_thread(edit, mediawiki.api_url, name, password, listed_title,
                                    "First words. An outsider adds this. The participant adds more.")
    await eventually(_equals(gathered_revisions, {first, later}))

    found = {c.rev_id: c for c in await listed(contributions_stub, editor, event.id)}
    assert found[first].gathered and found[first].page_created and found[first].user_name == name
    assert not found[later].page_created and by_outsider not in found
    assert await refused(associate(contributions_stub, editor, event.id, later)) == (
        grpc.StatusCode.ALREADY_EXISTS, "This edit is already associated with an event.")
    metrics = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event.id),
                                                       metadata=md(person()))
    assert (metrics.edits, metrics.articles_created, metrics.editors) == (2, 1, 1)
    shown = await contributions_stub.GetWorklist(capi.GetWorklistRequest(event_id=event.id), metadata=md(person()))
    assert shown.gather and shown.HasField("last_gather_time")

    # Turned off: later edits are left for the participant to associate by hand.
    await worklist(contributions_stub, olga, event.id, [listed_title], gather=False)
    ignored = await asyncio.to_thread(edit, mediawiki.api_url, name, password, listed_title, "Rewritten.")
    await asyncio.sleep(2.5)
    assert await gathered_revisions() == {first, later}
    assert (await associate(contributions_stub, editor, event.id, ignored)).rev_id == ignored


def _equals(read, expected):
    async def check():
        return await read() == expected
    return check


async def test_a_worklist_that_cannot_be_kept_is_refused_and_nothing_is_stored(stub, clock, contributions,
                                                                                contributions_stub, mediawiki):
    olga, someone = organizer(), person()
    event = await ongoing_event(stub, clock, olga)
    untracked = await ongoing_event(stub, clock, olga, tracks_contributions=False)
    await copied(contributions_stub, event.id, participants=0)
    await copied(contributions_stub, untracked.id, participants=0)
    existing = next(iter(mediawiki.pages))

    code, _ = await refused(worklist(contributions_stub, someone, event.id, [existing]))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    missing = new_title("Never written")
    code, message = await refused(worklist(contributions_stub, olga, event.id, [existing, missing]))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and f"{missing} does not exist on {WIKI_ID}" in message
    code, message = await refused(worklist(contributions_stub, olga, event.id, [existing], wiki="elsewhere"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "Unknown wiki elsewhere" in message
    code, _ = await refused(worklist(contributions_stub, olga, event.id, []))
    assert code == grpc.StatusCode.INVALID_ARGUMENT  # nothing to gather from
    assert await refused(worklist(contributions_stub, olga, untracked.id, [existing])) == (
        grpc.StatusCode.FAILED_PRECONDITION, f"Event {untracked.id} does not track contributions.")

    for event_id in (event.id, untracked.id):
        shown = await contributions_stub.GetWorklist(capi.GetWorklistRequest(event_id=event_id),
                                                     metadata=md(someone))
        assert (list(shown.articles), shown.gather) == ([], False)
    kept = await worklist(contributions_stub, olga, untracked.id, [existing], gather=False)
    assert [a.title for a in kept.articles] == [existing] and not kept.gather


async def test_a_private_participants_worklist_edits_are_left_for_them_to_associate(
        stub, clock, contributions, contributions_stub, mediawiki):
    olga = organizer()
    made = await private_and_public_edits(stub, clock, contributions_stub, mediawiki, olga, private_edits=0,
                                          public_edits=0)
    title = new_title("Worklist article")
    by_public = await asyncio.to_thread(edit, mediawiki.api_url, made.paul.name, made.paul_password, title,
                                        "Public words.")
    by_private = await asyncio.to_thread(edit, mediawiki.api_url, made.pia.name, made.pia_password, title,
                                         "Public words. Private words.")
    await worklist(contributions_stub, olga, made.event.id, [title])

    async def read_once():  # the whole event read: its gathering time is set after every participant was read
        shown = await contributions_stub.GetWorklist(capi.GetWorklistRequest(event_id=made.event.id),
                                                     metadata=md(olga))
        return shown.HasField("last_gather_time") and by_public in {
            c.rev_id for c in await listed(contributions_stub, olga, made.event.id)}
    await eventually(read_once)
    assert [c.rev_id for c in await listed(contributions_stub, olga, made.event.id)] == [by_public]
    assert (await associate(contributions_stub, made.pia, made.event.id, by_private)).private
