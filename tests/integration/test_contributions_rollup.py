"""Several events' metrics together (GetMetrics), from the real local MediaWiki: one person contributing to two
tracking events counts once as participant and editor, their edits are summed; over 1,000 ids is refused."""
import asyncio
import uuid

import grpc

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from tests import builders
from tests.integration.test_contributions import (
    FIRST,
    SECOND,
    associate,
    copied,
    edit,
    new_wiki_account,
    ongoing_event,
    refused,
)
from tests.people import md, organizer, person


async def two_events_sharing_an_editor(stub, clock, mediawiki, olga):
    """Two ongoing tracking events by `olga`: a wiki editor registered for both, someone else for the second.
    Returns the editor, their wiki name and password, and the two events."""
    name, password = await new_wiki_account(mediawiki)
    editor, other = person(name=name), person()
    first = await ongoing_event(stub, clock, olga)
    second = await ongoing_event(stub, clock, olga)
    for event_id in (first.id, second.id):
        await builders.register(stub, md(editor), event_id)
    await builders.register(stub, md(other), second.id)
    return editor, name, password, first, second


async def test_a_person_in_two_events_counts_once_and_their_edits_are_summed(
        stub, clock, contributions, contributions_stub, mediawiki):
    editor, name, password, first, second = await two_events_sharing_an_editor(stub, clock, mediawiki, organizer())
    await copied(contributions_stub, first.id, participants=1)
    await copied(contributions_stub, second.id, participants=2)

    titles = [f"Rollup article {uuid.uuid4().hex[:8]}" for _ in range(2)]
    for event_id, title in zip((first.id, second.id), titles, strict=False):
        rev_id = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, FIRST)
        await associate(contributions_stub, editor, event_id, rev_id)
    extended = await asyncio.to_thread(edit, mediawiki.api_url, name, password, titles[1], SECOND)
    await associate(contributions_stub, editor, second.id, extended)

    together = await contributions_stub.GetMetrics(
        capi.GetMetricsRequest(event_ids=[first.id, second.id, second.id, 999_999_999]), metadata=md(person()))
    assert (together.participants, together.editors, together.new_editors) == (2, 1, 1)
    assert (together.edits, together.articles_created, together.articles_edited) == (3, 2, 1)
    assert together.bytes_added == len(FIRST) + len(SECOND)
    each = [await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event_id),
                                                     metadata=md(person())) for event_id in (first.id, second.id)]
    assert sum(m.editors for m in each) == 2 and sum(m.participants for m in each) == 3
    assert together.links_added == sum(m.links_added for m in each)
    assert together.words_added == sum(m.words_added for m in each)

    assert await contributions_stub.GetMetrics(capi.GetMetricsRequest(), metadata=md(person())) == capi.Metrics()
    code, _ = await refused(contributions_stub.GetMetrics(capi.GetMetricsRequest(event_ids=list(range(1, 1002))),
                                                          metadata=md(person())))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
