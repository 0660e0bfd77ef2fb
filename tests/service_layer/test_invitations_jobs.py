"""A list's job through the use cases, with in-memory fakes wired by the real bootstrap: the ranking of a
worklist's editors (what counts, who is left out, the score), past participants ranked by their activity, the
list made ready with its event, a wiki that cannot be read tried again and then the list failed, a lease that
lapses, and whose job comes next."""
import asyncio
import datetime

from eventcenter.invitations.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.invitations.bootstrap import bootstrap
from eventcenter.services.invitations.domain.activity import activity_score
from eventcenter.services.invitations.domain.lists import FAILED, PENDING, READY, ListedEditor
from eventcenter.services.invitations.domain.queue import retry_delay
from eventcenter.services.invitations.domain.scoring import (
    MIN_SCORE,
    bytes_score,
    edit_count_score,
    page_score,
    recency_score,
    total_score,
)
from eventcenter.services.invitations.service_layer import list_cases
from eventcenter.services.invitations.service_layer.job_cases import LeaseLost
from eventcenter.services.invitations.service_layer.list_cases import NewList
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity
from eventcenter.services.wiki.worklist import Article
from tests.service_layer.fakes_invitations import START, FakeWiki, editor, revision, wired_invitations

ADA = Identity(1, "Ada", frozenset({RIGHT_ORGANIZER}))
BO = Identity(2, "Bo", frozenset({RIGHT_ORGANIZER}))
LEASE = datetime.timedelta(seconds=60)


def moon_and_sun() -> FakeWiki:
    """Wen and Lu count; a bot, an indefinitely blocked user, an anonymous and a reverted edit do not. Wen's edit of
    Sun has its parent before the three years counted: its size is asked for on its own."""
    return FakeWiki(
        pages={"Moon": 0, "Sun": 0},
        revisions={
            "Moon": [revision(7, "Rev", 10000, 1, parent_id=6, tags={"mw-reverted"}),
                     revision(6, "BotX", 7000, 2, parent_id=5),
                     revision(5, "Blocky", 5000, 3, parent_id=4),
                     revision(4, "", 4000, 4, parent_id=3, anonymous=True),
                     revision(3, "Lu", 3000, 30, parent_id=2),
                     revision(2, "Wen", 1500, 35, parent_id=1),
                     revision(1, "Lu", 500, 40)],
            "Sun": [revision(20, "Wen", 8000, 2, parent_id=19), revision(19, "Old", 500, 1200)],
        },
        users_by_name={u.name: u for u in [editor("Wen", 5000), editor("Lu", 300), editor("Rev", 900),
                                           editor("BotX", 90000, "bot"), editor("Old", 40),
                                           editor("Blocky", 800, blocked_indefinitely=True)]})


def expected(deltas: list[int], edit_count: int, days: float) -> int:
    return total_score(bytes_score(page_score(d) for d in deltas), edit_count_score(edit_count), recency_score(days))


async def new_list(deps, caller=ADA, titles=("Moon", "Sun"), **asked):
    return await list_cases.create_invitation_list(deps, caller, NewList("Moon and Sun", [
        Article("enwiki", t) for t in titles], **asked))


async def test_a_worklists_editors_are_ranked_and_the_list_is_made_ready_with_its_event():
    wired = wired_invitations(enwiki=moon_and_sun())
    created = await new_list(wired.service.deps)
    assert await wired.service.worker.run_once()
    listed, editors = await list_cases.get_invitation_list(wired.service.deps, ADA, created.id)
    assert listed.state == READY and listed.ready_time == START and listed.articles_read == 2
    assert editors == [
        ListedEditor("Wen", expected([1000, 7500], 5000, 2), "https://enwiki.example/wiki/User:Wen"),
        ListedEditor("Lu", expected([2000], 300, 30), "https://enwiki.example/wiki/User:Lu")]
    [ready] = wired.uow.published
    assert isinstance(ready, events_pb2.InvitationListReady)
    assert (ready.list_id, ready.name, ready.owner_user_id, ready.editors) == (created.id, "Moon and Sun", 1, 2)
    assert ready.ready_time.ToDatetime(tzinfo=datetime.UTC) == START
    assert not wired.tables.jobs  # the job ended with it
    assert not await wired.service.worker.run_once()


async def test_with_past_participants_only_they_are_ranked_on_the_worklist():
    wired = wired_invitations(enwiki=moon_and_sun())
    wired.registration.add_event(pb.Event(id=5, ended=True), {ADA.user_id}, {"Lu", "Nobody"})
    created = await new_list(wired.service.deps, from_past_participants=True)
    assert created.candidates == ["Lu", "Nobody"]
    assert await wired.service.worker.run_once()
    assert [e.user_name for e in wired.tables.editors[created.id]] == ["Lu"]


async def test_past_participants_without_a_worklist_are_ranked_by_their_activity_on_their_events_wikis():
    days_since = {"Wen": 3, "Lu": 400, "Bot": 0, "Rare": 2000}
    activity = FakeWiki(
        users_by_name={u.name: u for u in [editor("Wen", 5000), editor("Lu", 30), editor("Bot", 9, "bot"),
                                           editor("Rare", 1)]},
        last_edits={name: START - datetime.timedelta(days=days) for name, days in days_since.items()})
    wired = wired_invitations(enwiki=activity, dewiki=FakeWiki())
    wired.registration.add_event(pb.Event(id=5, ended=True, wikis=["enwiki"]), {ADA.user_id},
                                 {"Wen", "Lu", "Bot", "Rare", "Gone"})
    created = await list_cases.create_invitation_list(wired.service.deps, ADA,
                                                      NewList("Again", [], from_past_participants=True))
    assert created.activity_wikis == ["enwiki"]
    assert await wired.service.worker.run_once()
    # Bots and unknown names are left out, and so is whoever scores under the minimum.
    assert activity_score(1, 2000) < MIN_SCORE
    assert wired.tables.editors[created.id] == [
        ListedEditor(name, activity_score(count, days_since[name]), f"https://enwiki.example/wiki/User:{name}")
        for name, count in [("Wen", 5000), ("Lu", 30)]]


async def test_a_wiki_that_cannot_be_read_is_tried_again_later_then_the_list_fails_saying_why():
    wiki = moon_and_sun()
    wired = wired_invitations(enwiki=wiki)
    created = await new_list(wired.service.deps)
    wiki.broken = True
    worker, clock = wired.service.worker, wired.uow.clock
    assert await worker.run_once()  # the first attempt: tried again after retry_delay(1)
    assert wired.tables.lists[created.id].state == PENDING
    assert wired.tables.jobs[created.id].lease_until == START + retry_delay(1)
    assert not await worker.run_once()  # not yet
    clock.advance(seconds=retry_delay(1).total_seconds())
    assert await worker.run_once()
    clock.advance(seconds=retry_delay(2).total_seconds())
    assert await worker.run_once()  # the third and last attempt (fakes_invitations.JOBS)
    failed = wired.tables.lists[created.id]
    assert failed.state == FAILED and failed.failure == "HTTP 503 from the fake wiki"
    assert not wired.tables.jobs and not wired.uow.published


def replica(wired):
    """Another replica of the service on the same tables, with its own worker."""
    return bootstrap(uow=wired.uow, wikis=wired.wikis, registration=wired.registration)


async def test_a_job_whose_worker_stopped_is_taken_again_after_its_lease_and_the_late_result_is_dropped():
    wired = wired_invitations(enwiki=moon_and_sun())
    created = await new_list(wired.service.deps)
    dead = wired.service.worker
    listed, attempts = await dead.claim()
    assert listed.id == created.id and attempts == 1
    other = replica(wired).worker
    assert not await other.run_once()  # the lease still holds
    await dead.heartbeat(listed.id)(1)
    assert wired.tables.lists[created.id].articles_read == 1  # progress kept, lease renewed
    wired.uow.clock.advance(seconds=LEASE.total_seconds())
    assert await other.run_once()
    try:
        await dead.heartbeat(listed.id)(2)
        raise AssertionError("the lease was another worker's")
    except LeaseLost:
        pass
    await dead.finish(listed, [])  # too late: nothing it writes counts
    assert len(wired.tables.editors[created.id]) == 2 and len(wired.uow.published) == 1


async def test_a_persons_fourth_list_waits_for_one_of_their_first_three_and_others_are_not_held_back():
    wired = wired_invitations(enwiki=moon_and_sun())
    deps = wired.service.deps
    adas = [(await new_list(deps, ADA, ("Moon",))).id for _ in range(4)]
    bos = (await new_list(deps, BO, ("Moon",))).id
    replicas = [replica(wired).worker for _ in range(4)]
    held = [(worker, await worker.claim()) for worker in replicas]
    # Bo's list, though newer, comes before Ada's second: Ada has one running, Bo none.
    assert [claimed[0].id for _, claimed in held] == [adas[0], bos, adas[1], adas[2]]
    assert await replica(wired).worker.claim() is None  # Ada's fourth waits its turn
    first_worker, first = held.pop(0)
    await first_worker.run_claimed(*first)
    last = replica(wired).worker
    claimed = await last.claim()
    assert claimed is not None and claimed[0].id == adas[3]
    for worker, job in [*held, (last, claimed)]:
        await worker.run_claimed(*job)
    assert {wired.tables.lists[i].state for i in [*adas, bos]} == {READY}


async def test_the_running_worker_is_woken_by_a_new_list_and_stops_when_told():
    wired = wired_invitations(enwiki=moon_and_sun())
    stop = asyncio.Event()
    running = asyncio.create_task(wired.service.worker.run(stop))
    created = await new_list(wired.service.deps)
    for _ in range(200):
        if wired.tables.lists[created.id].state == READY:
            break
        await asyncio.sleep(0.005)
    stop.set()
    await asyncio.wait_for(running, 1)
    assert wired.tables.lists[created.id].state == READY
