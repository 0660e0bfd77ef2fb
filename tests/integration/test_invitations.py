"""Invitation lists from a real MediaWiki: the job reads every worklist article, leaves out what CampaignEvents
leaves out, and scores each editor as the formula says (worked out here, independently, from the seeded wiki);
bad input is refused naming each title and nothing is queued; only the creator sees a list."""
import asyncio
import datetime
from collections import defaultdict
from decimal import Decimal

import grpc
import pytest

from eventcenter.invitations.v1 import events_pb2
from eventcenter.invitations.v1 import invitations_service_pb2 as iapi
from tests import builders, stream
from tests.conftest import WIKI_ID
from tests.people import md, organizer, person
from tests.unit.test_invitation_scoring import php_user_score

REVERT_TAGS = {"mw-reverted", "mw-rollback", "mw-undo", "mw-manual-revert"}
READY = iapi.INVITATION_LIST_STATE_READY


def articles_of(mediawiki) -> list[str]:
    return [page.title for page in mediawiki.pages.values() if page.ns == 0]


def expected_scores(mediawiki, titles: list[str], now: datetime.datetime) -> dict[str, int]:
    """docs/rules.md's rules applied to what the wiki was seeded with."""
    start = now - datetime.timedelta(days=3 * 365)
    deltas: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    latest: dict[str, datetime.datetime] = {}
    for title in titles:
        for revision in mediawiki.pages[title].revisions:
            user = mediawiki.users.get(revision.user)
            if (revision.timestamp < start or revision.deleted or revision.anonymous or REVERT_TAGS & set(revision.tags)
                    or user is None or user.bot or user.indefinitely_blocked):
                continue
            deltas[user.name][title] += revision.delta
            latest[user.name] = max(latest.get(user.name, revision.timestamp), revision.timestamp)
    scores = {}
    for name, pages in deltas.items():
        days = Decimal((now - latest[name]).total_seconds()) / Decimal(86400)
        score = php_user_score([d for d in pages.values() if d > 0], mediawiki.users[name].editcount, days)
        if score >= 5:
            scores[name] = score
    return scores


async def ready_list(invitations_stub, someone, list_id: int, timeout: float = 60.0) -> iapi.InvitationList:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await invitations_stub.GetInvitationList(iapi.GetInvitationListRequest(list_id=list_id),
                                                         metadata=md(someone))
        if found.state != iapi.INVITATION_LIST_STATE_PENDING or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.1)


def worklist(titles) -> list[iapi.WorklistArticle]:
    return [iapi.WorklistArticle(wiki=WIKI_ID, title=title) for title in titles]


async def test_a_list_ranks_the_worklists_editors_as_the_formula_says(infra, mediawiki, invitations_stub):
    ada = organizer()
    titles = articles_of(mediawiki)
    created = await invitations_stub.CreateInvitationList(iapi.CreateInvitationListRequest(
        name="Astronomy", articles=worklist(titles)), metadata=md(ada))
    assert created.state == iapi.INVITATION_LIST_STATE_PENDING and created.articles_total == len(titles)
    done = await ready_list(invitations_stub, ada, created.id)
    assert done.state == READY and done.articles_read == len(titles)
    expected = expected_scores(mediawiki, titles, done.ready_time.ToDatetime(tzinfo=datetime.UTC))
    got = {e.user_name: e.score for e in done.editors}
    assert got.keys() == expected.keys() and expected, "the seed must leave someone to invite"
    assert all(abs(got[name] - expected[name]) <= 1 for name in got)  # seconds between the job and ready_time
    assert [e.score for e in done.editors] == sorted((e.score for e in done.editors), reverse=True)
    for editor in done.editors:
        assert editor.user_page_url.startswith(mediawiki.server) and "User:" in editor.user_page_url
        group = (iapi.RECOMMENDATION_HIGHLY_RECOMMENDED if editor.score >= 70 else
                 iapi.RECOMMENDATION_RECOMMENDED if editor.score >= 25 else iapi.RECOMMENDATION_OTHER)
        assert editor.recommendation == group
    excluded = {u.name for u in mediawiki.users.values() if u.bot or u.indefinitely_blocked}
    assert not excluded & got.keys()
    # By owner too: other tests' services (schemas of their own) number their lists from 1 as well.
    [announced] = await stream.wait_for(infra.nats_url, "eventcenter.invitations.v1.InvitationListReady",
                                        lambda m: (events_pb2.InvitationListReady.FromString(m.data).list_id,
                                                   events_pb2.InvitationListReady.FromString(m.data).owner_user_id)
                                        == (done.id, ada.user_id), expected=1)
    ready = events_pb2.InvitationListReady.FromString(announced.data)
    assert ready.owner_user_id == ada.user_id and ready.editors == len(done.editors)


async def test_only_the_creator_sees_a_list(mediawiki, invitations_stub):
    ada = organizer()
    created = await invitations_stub.CreateInvitationList(iapi.CreateInvitationListRequest(
        name="Mine", articles=worklist(articles_of(mediawiki)[:1])), metadata=md(ada))
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await invitations_stub.GetInvitationList(iapi.GetInvitationListRequest(list_id=created.id),
                                                 metadata=md(organizer()))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    mine = await invitations_stub.ListInvitationLists(iapi.ListInvitationListsRequest(), metadata=md(ada))
    assert [found.id for found in mine.lists] == [created.id]


async def test_opted_out_editors_never_appear(mediawiki, invitations_stub):
    titles = articles_of(mediawiki)
    ada = organizer()
    first = await ready_list(invitations_stub, ada, (await invitations_stub.CreateInvitationList(
        iapi.CreateInvitationListRequest(name="Before", articles=worklist(titles)), metadata=md(ada))).id)
    best = first.editors[0].user_name
    someone = person(name=best)
    await invitations_stub.SetInvitationOptOut(iapi.SetInvitationOptOutRequest(opted_out=True), metadata=md(someone))
    try:
        again = await ready_list(invitations_stub, ada, (await invitations_stub.CreateInvitationList(
            iapi.CreateInvitationListRequest(name="After", articles=worklist(titles)), metadata=md(ada))).id)
    finally:
        await invitations_stub.SetInvitationOptOut(iapi.SetInvitationOptOutRequest(opted_out=False),
                                                   metadata=md(someone))
    assert best not in {e.user_name for e in again.editors} and len(again.editors) == len(first.editors) - 1


async def _refused(invitations_stub, someone, request, code=grpc.StatusCode.INVALID_ARGUMENT) -> str:
    before = await invitations_stub.ListInvitationLists(iapi.ListInvitationListsRequest(), metadata=md(someone))
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await invitations_stub.CreateInvitationList(request, metadata=md(someone))
    assert refused.value.code() == code
    after = await invitations_stub.ListInvitationLists(iapi.ListInvitationListsRequest(), metadata=md(someone))
    assert len(after.lists) == len(before.lists)  # nothing was queued
    return refused.value.details() + str(refused.value.trailing_metadata())


async def test_bad_worklists_are_refused_naming_each_title_and_nothing_is_queued(mediawiki, invitations_stub):
    ada = organizer()
    good = articles_of(mediawiki)[0]
    talk = next(p.title for p in mediawiki.pages.values() if p.ns == 1)
    said = await _refused(invitations_stub, ada, iapi.CreateInvitationListRequest(
        name="Bad", articles=worklist([good, "No such article 9876", talk])))
    assert "No such article 9876" in said and talk in said
    said = await _refused(invitations_stub, ada, iapi.CreateInvitationListRequest(
        name="Bad", articles=[iapi.WorklistArticle(wiki="nowiki", title="Moss")]))
    assert "nowiki" in said and "Moss" in said
    await _refused(invitations_stub, ada, iapi.CreateInvitationListRequest(
        name="Bad", articles=worklist([f"Page {i}" for i in range(301)])))
    await _refused(invitations_stub, ada, iapi.CreateInvitationListRequest(name="", articles=worklist([good])))


async def test_only_organizers_of_a_running_event_tie_a_list_to_it(stub, mediawiki, invitations_stub):
    ada, other = organizer(), organizer()
    event = await builders.create(stub, md(ada))
    request = iapi.CreateInvitationListRequest(name="For the event", event_id=event.id,
                                               articles=worklist(articles_of(mediawiki)[:1]))
    await _refused(invitations_stub, other, request, grpc.StatusCode.PERMISSION_DENIED)
    await _refused(invitations_stub, person(), request, grpc.StatusCode.PERMISSION_DENIED)
    missing = iapi.CreateInvitationListRequest(name="Nowhere", event_id=987654321,
                                               articles=worklist(articles_of(mediawiki)[:1]))
    await _refused(invitations_stub, ada, missing, grpc.StatusCode.NOT_FOUND)
    created = await invitations_stub.CreateInvitationList(request, metadata=md(ada))
    assert created.event_id == event.id


async def test_a_repeated_create_with_the_same_request_id_makes_one_list(mediawiki, invitations_stub):
    ada = organizer()
    request = iapi.CreateInvitationListRequest(name="Once", request_id="r-1",
                                               articles=worklist(articles_of(mediawiki)[:1]))
    first = await invitations_stub.CreateInvitationList(request, metadata=md(ada))
    again = await invitations_stub.CreateInvitationList(request, metadata=md(ada))
    assert first.id == again.id


async def test_past_participants_are_ranked_by_their_work_or_by_their_activity(stub, clock, mediawiki,
                                                                               invitations_stub):
    ada = organizer()
    titles = articles_of(mediawiki)
    everyone = await ready_list(invitations_stub, ada, (await invitations_stub.CreateInvitationList(
        iapi.CreateInvitationListRequest(name="Everyone", articles=worklist(titles)), metadata=md(ada))).id)
    came, stayed_home = everyone.editors[0].user_name, everyone.editors[1].user_name
    event = await builders.create(stub, md(ada))
    await builders.register(stub, md(person(name=came)), event.id, private=True)
    clock.advance(days=4)  # the event is over
    by_work = await ready_list(invitations_stub, ada, (await invitations_stub.CreateInvitationList(
        iapi.CreateInvitationListRequest(name="Came before", articles=worklist(titles), from_past_participants=True),
        metadata=md(ada))).id)
    assert [e.user_name for e in by_work.editors] == [came] and by_work.from_past_participants
    by_activity = await ready_list(invitations_stub, ada, (await invitations_stub.CreateInvitationList(
        iapi.CreateInvitationListRequest(name="Came before, any work", from_past_participants=True),
        metadata=md(ada))).id)
    assert [e.user_name for e in by_activity.editors] == [came] and by_activity.editors[0].score >= 5
    assert stayed_home not in {e.user_name for e in by_activity.editors}
