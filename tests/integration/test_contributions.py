"""Contributions from the real local MediaWiki: a participant's edits made during a tracking event are associated
(by them or an organizer) and counted in the event's metrics and goal; edits by non-participants, edits outside the
event, a second association of a revision and events that do not track contributions are refused, storing
nothing; a private participant's edits are theirs to associate (tests/integration/test_contributions_privacy.py
for who is shown them)."""
import asyncio
import datetime
import secrets
import uuid

import grpc
import pytest

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.services.devstack import mediawiki as mw
from tests import builders
from tests.conftest import WIKI_ID
from tests.people import md, organizer, person

LINKS = "[[Solar System]], [[Lighthouse]] and [[Quantum Dot|quantum dots]]"
FIRST = f"A page written during the event. It links to {LINKS}."
SECOND = FIRST.replace("[[Lighthouse]]", "[[River Thames]]") + " A second sentence, added later."


async def new_wiki_account(mediawiki) -> tuple[str, str]:
    """A fresh account (registered now) so the seeded accounts' counts stay as the other tests expect."""
    name, password = f"Contributor {uuid.uuid4().hex[:8]}", secrets.token_urlsafe(18)
    await asyncio.to_thread(mediawiki.wiki.create_users, [{"name": name, "password": password}])
    return name, password


def edit(api_url: str, name: str, password: str, title: str, text: str) -> int:
    session = mw.ApiSession(api_url).login(name, password)
    try:
        return session.write("edit", title=title, text=text, summary="event edit")["edit"]["newrevid"]
    finally:
        session.close()


async def ongoing_event(stub, clock, someone, **overrides):
    """Events start in the future when created: registration's clock is set back two hours, the event made to
    have started an hour ago (real time); participants register before the clock comes back (the fixture)."""
    clock.offset = datetime.timedelta(hours=-2)
    values = dict(wikis=[WIKI_ID], tracks_contributions=True,
                  start_local_time=builders.local(datetime.timedelta(hours=-1)),
                  end_local_time=builders.local(datetime.timedelta(days=1)))
    return await builders.create(stub, md(someone), **{**values, **overrides})


async def wiki_participant(stub, clock, contributions_stub, mediawiki, olga, identity=lambda name: person(name=name)):
    """A fresh wiki account registered for a new ongoing tracking event of `olga`, once the contributions service
    holds the copy. Returns the participant's identity, their wiki password and the event."""
    name, password = await new_wiki_account(mediawiki)
    editor = identity(name)
    event = await ongoing_event(stub, clock, olga)
    await builders.register(stub, md(editor), event.id)
    await copied(contributions_stub, event.id, participants=1)
    return editor, password, event


async def copied(contributions_stub, event_id: int, participants: int, timeout: float = 20.0) -> capi.EventMetrics:
    """Waits for the service's copy of the event (from the stream) to hold its participants."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            found = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event_id),
                                                             metadata=md(person()))
            if found.participants == participants:
                return found
        except grpc.aio.AioRpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:
                raise
        assert asyncio.get_running_loop().time() < deadline, f"event {event_id} not copied"
        await asyncio.sleep(0.1)


async def refused(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    return raised.value.code(), raised.value.details()


def associate(stub, who, event_id: int, rev_id: int):
    return stub.AssociateEdit(capi.AssociateEditRequest(event_id=event_id, wiki=WIKI_ID, rev_id=rev_id),
                              metadata=md(who))


async def listed(stub, who, event_id: int) -> list[capi.Contribution]:
    answer = await stub.ListContributions(capi.ListContributionsRequest(event_id=event_id), metadata=md(who))
    return list(answer.contributions)


async def test_edits_during_a_tracking_event_count_in_its_metrics_and_refusals_store_nothing(
        stub, clock, contributions, contributions_stub, mediawiki):
    olga = organizer()
    name, password = await new_wiki_account(mediawiki)
    editor, alice, bob = person(name=name), person(name=mw.ALICE), person(name=mw.BOB)
    event = await ongoing_event(stub, clock, olga)
    untracked = await ongoing_event(stub, clock, olga, tracks_contributions=False)
    other = await ongoing_event(stub, clock, olga)
    for event_id in (event.id, untracked.id, other.id):
        await builders.register(stub, md(editor), event_id, private=True)
    await builders.register(stub, md(alice), event.id)
    await copied(contributions_stub, event.id, participants=2)
    await copied(contributions_stub, untracked.id, participants=1)
    await copied(contributions_stub, other.id, participants=1)

    title = f"Event article {uuid.uuid4().hex[:8]}"
    created = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, FIRST)
    extended = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, SECOND)
    spare = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, SECOND + " More.")

    mine = await associate(contributions_stub, editor, event.id, created)  # by the author
    assert (mine.page_title, mine.namespace, mine.page_created, mine.bytes_delta) == (title, 0, True, len(FIRST))
    assert (mine.links_added, mine.links_removed, mine.user_name, mine.private) == (3, 0, name, True)
    assert mine.words_added == round(len(FIRST) / 5.175)
    assert (await refused(associate(contributions_stub, olga, event.id, extended)))[0] == (
        grpc.StatusCode.PERMISSION_DENIED)  # a private participant's edit: theirs alone to associate
    theirs = await associate(contributions_stub, editor, event.id, extended)
    assert (theirs.page_created, theirs.bytes_delta) == (False, len(SECOND) - len(FIRST))
    assert (theirs.links_added, theirs.links_removed) == (1, 1)

    metrics = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event.id),
                                                       metadata=md(person()))
    words = round(len(FIRST) / 5.175) + round((len(SECOND) - len(FIRST)) / 5.175)
    assert (metrics.participants, metrics.editors, metrics.new_editors, metrics.edits) == (2, 1, 1, 2)
    assert (metrics.articles_created, metrics.articles_edited) == (1, 1)
    assert (metrics.bytes_added, metrics.bytes_removed, metrics.words_added) == (len(SECOND), 0, words)
    assert (metrics.links_added, metrics.links_removed) == (4, 1)

    old = next(r for r in mediawiki.pages["Lighthouse"].revisions if r.user == mw.ALICE and not r.via_api)
    by_bob = next(r for r in mediawiki.pages["River Thames"].revisions if r.user == mw.BOB)
    assert await refused(associate(contributions_stub, olga, event.id, by_bob.revid)) == (
        grpc.StatusCode.FAILED_PRECONDITION, f"{mw.BOB} is not a participant of event {event.id}.")
    code, message = await refused(associate(contributions_stub, alice, event.id, old.revid))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "outside event" in message
    for event_id in (event.id, other.id):
        assert await refused(associate(contributions_stub, editor, event_id, created)) == (
            grpc.StatusCode.ALREADY_EXISTS, "This edit is already associated with an event.")
    assert await refused(associate(contributions_stub, editor, untracked.id, spare)) == (
        grpc.StatusCode.FAILED_PRECONDITION, f"Event {untracked.id} does not track contributions.")
    code, _ = await refused(associate(contributions_stub, bob, event.id, spare))
    assert code == grpc.StatusCode.PERMISSION_DENIED  # neither the author nor an organizer

    again = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event.id),
                                                     metadata=md(person()))
    assert again == metrics
    for event_id in (untracked.id, other.id):
        assert await listed(contributions_stub, olga, event_id) == []
    seen_by_self = await listed(contributions_stub, editor, event.id)
    assert [(c.rev_id, c.user_name) for c in seen_by_self] == [(extended, name), (created, name)]
    assert await listed(contributions_stub, olga, event.id) == seen_by_self  # the event's organizer


async def test_organizers_set_a_goal_and_its_completion_follows_the_metric(
        stub, clock, contributions, contributions_stub, mediawiki):
    olga = organizer()
    editor, password, event = await wiki_participant(stub, clock, contributions_stub, mediawiki, olga)
    name = editor.name
    rev_id = await asyncio.to_thread(edit, mediawiki.api_url, name, password, f"Goal article {uuid.uuid4().hex[:8]}",
                                     FIRST)

    def set_goal(who, metric, target):
        return contributions_stub.SetEventGoal(capi.SetEventGoalRequest(event_id=event.id, metric=metric,
                                                                        target=target), metadata=md(who))

    assert (await refused(set_goal(editor, capi.METRIC_LINKS_ADDED, 10)))[0] == grpc.StatusCode.PERMISSION_DENIED
    assert (await refused(set_goal(olga, capi.METRIC_LINKS_ADDED, 0)))[0] == grpc.StatusCode.INVALID_ARGUMENT
    assert (await refused(set_goal(olga, capi.METRIC_UNSPECIFIED, 5)))[0] == grpc.StatusCode.INVALID_ARGUMENT
    goal = await set_goal(olga, capi.METRIC_LINKS_ADDED, 10)
    assert (goal.actual, goal.target, goal.completion) == (0, 10, 0.0)

    await associate(contributions_stub, editor, event.id, rev_id)
    metrics = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event.id),
                                                       metadata=md(olga))
    assert (metrics.goal.metric, metrics.goal.actual, metrics.goal.completion) == (capi.METRIC_LINKS_ADDED, 3, 0.3)
    assert (await set_goal(olga, capi.METRIC_EDITS, 1)).completion == 1.0
    listed_publicly = await listed(contributions_stub, person(), event.id)
    assert [c.user_name for c in listed_publicly] == [name]  # a public participant is shown by name
