"""The job queue behind invitation lists: a job is never run by two workers at once, a job whose worker died is
taken again once its lease lapses (and the dead worker can no longer write), progress is kept as articles are
read; and worklists that span several wikis combine each editor's work."""
import asyncio
import datetime
from decimal import Decimal

import pytest

from eventcenter.invitations.v1 import invitations_service_pb2 as iapi
from eventcenter.services.devstack import provision
from eventcenter.services.invitations.adapters import lists
from eventcenter.services.invitations.worker import InvitationWorker
from tests.conftest import TEST_DATABASE, WIKI_ID, _database_url, invitations_settings
from tests.integration.test_invitations import articles_of, expected_scores, ready_list, worklist
from tests.people import md, organizer
from tests.unit.test_invitation_scoring import php_user_score

ROLE = "invitations_queue"  # a schema of its own: the session's worker never takes these jobs
MIRROR = "mirrorwiki"  # the same test wiki under a second id, as a second wiki


@pytest.fixture(scope="module")
async def idle_service(infra, registration, mediawiki):
    """The service without its own worker: the tests play the workers."""
    from eventcenter.services.invitations.bootstrap import InvitationsService, migrate

    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_service_role(admin_db, ROLE, ROLE)
    settings = invitations_settings(infra, registration, mediawiki.api_url, database_schema=ROLE,
                                    database_url=_database_url(infra.postgres_admin_url, ROLE, ROLE),
                                    wikis={WIKI_ID: mediawiki.api_url, MIRROR: mediawiki.api_url},
                                    job_lease_seconds=5)
    await migrate(settings)
    service = InvitationsService(settings, work=False)
    service.port = await service.start()
    yield service
    await service.stop()


@pytest.fixture
async def idle_stub(idle_service):
    import grpc

    from eventcenter.invitations.v1 import invitations_service_pb2_grpc

    async with grpc.aio.insecure_channel(f"127.0.0.1:{idle_service.port}") as channel:
        yield invitations_service_pb2_grpc.InvitationsServiceStub(channel)


def another_worker(service) -> InvitationWorker:
    return InvitationWorker(service.sessions, service.wikis, service.worker.outbox, service.now,
                            datetime.timedelta(seconds=5), 3, 0.1, 1)


async def _drain(service) -> None:
    """Runs every job left by earlier tests, so each test starts with an empty queue."""
    while await another_worker(service).run_once():
        pass


async def _new_list(stub, mediawiki, someone, titles=None):
    return await stub.CreateInvitationList(iapi.CreateInvitationListRequest(
        name="Queued", articles=worklist(titles or articles_of(mediawiki))), metadata=md(someone))


async def test_two_workers_never_run_the_same_job(mediawiki, idle_service, idle_stub):
    await _drain(idle_service)
    ada = organizer()
    created = await _new_list(idle_stub, mediawiki, ada)
    ran = await asyncio.gather(another_worker(idle_service).run_once(), another_worker(idle_service).run_once())
    assert sorted(ran) == [False, True]
    assert (await ready_list(idle_stub, ada, created.id, timeout=1)).state == iapi.INVITATION_LIST_STATE_READY


async def test_a_job_whose_worker_died_is_taken_again_after_its_lease(mediawiki, idle_service, idle_stub):
    await _drain(idle_service)
    ada = organizer()
    created = await _new_list(idle_stub, mediawiki, ada)
    dead = another_worker(idle_service)
    listed, attempts = await dead._claim()  # claims, then never comes back
    assert listed.id == created.id and attempts == 1
    assert not await another_worker(idle_service).run_once()  # the lease still holds
    offset = idle_service.clock.offset
    idle_service.clock.advance(seconds=6)
    try:
        assert await another_worker(idle_service).run_once()
    finally:
        idle_service.clock.offset = offset
    done = await ready_list(idle_stub, ada, created.id, timeout=1)
    assert done.state == iapi.INVITATION_LIST_STATE_READY
    await dead._finish(listed, [])  # too late: nothing it writes counts
    assert len((await ready_list(idle_stub, ada, created.id, timeout=1)).editors) == len(done.editors) > 0


async def test_progress_is_kept_while_the_lease_is_renewed(mediawiki, idle_service, idle_stub):
    await _drain(idle_service)
    ada = organizer()
    created = await _new_list(idle_stub, mediawiki, ada)
    worker = another_worker(idle_service)
    listed, _ = await worker._claim()
    await worker._heartbeat(listed.id)(2)
    async with idle_service.sessions() as session:
        assert (await lists.owned(session, created.id, ada.user_id)).articles_read == 2
    assert not await another_worker(idle_service).run_once()  # still this worker's
    await worker._run(listed, 1)
    assert (await ready_list(idle_stub, ada, created.id, timeout=1)).articles_read == created.articles_total


async def test_a_worklist_on_two_wikis_combines_each_editors_work(mediawiki, idle_service, idle_stub):
    await _drain(idle_service)
    ada = organizer()
    titles = articles_of(mediawiki)
    created = await idle_stub.CreateInvitationList(iapi.CreateInvitationListRequest(name="Two wikis", articles=[
        *worklist(titles), *[iapi.WorklistArticle(wiki=MIRROR, title=t) for t in titles]]), metadata=md(ada))
    assert await another_worker(idle_service).run_once()
    done = await ready_list(idle_stub, ada, created.id, timeout=1)
    now = done.ready_time.ToDatetime(tzinfo=datetime.UTC)
    # The same pages on two wikis: each page counts twice, and edit counts add up over the wikis.
    single = expected_scores(mediawiki, titles, now)
    got = {e.user_name: e.score for e in done.editors}
    assert got.keys() >= single.keys() and got
    for name, score in got.items():
        user = mediawiki.users[name]
        pages = [sum(r.delta for r in mediawiki.pages[t].revisions if r.user == name and _counts(r, now))
                 for t in titles]
        latest = max(r.timestamp for t in titles for r in mediawiki.pages[t].revisions
                     if r.user == name and _counts(r, now))
        days = Decimal((now - latest).total_seconds()) / Decimal(86400)
        expected = php_user_score([d for d in pages if d > 0] * 2, 2 * user.editcount, days)
        assert abs(score - expected) <= 1


def _counts(revision, now: datetime.datetime) -> bool:
    return (revision.timestamp >= now - datetime.timedelta(days=3 * 365) and not revision.deleted
            and not revision.anonymous
            and not {"mw-reverted", "mw-rollback", "mw-undo", "mw-manual-revert"} & set(revision.tags))


async def test_a_wiki_that_cannot_be_read_is_tried_again_then_the_list_fails_saying_why(mediawiki, idle_service,
                                                                                       idle_stub):
    from eventcenter.services.wiki.directory import WikiDirectory

    await _drain(idle_service)
    ada = organizer()
    created = await _new_list(idle_stub, mediawiki, ada, articles_of(mediawiki)[:1])
    gone = WikiDirectory({WIKI_ID: "http://127.0.0.1:9/api.php"}, "EventCenter-tests/0.1", 1, 5, attempts=1)
    worker = InvitationWorker(idle_service.sessions, gone, idle_service.worker.outbox, idle_service.now,
                              datetime.timedelta(seconds=5), 2, 0.1, 1)
    offset = idle_service.clock.offset
    try:
        assert await worker.run_once()  # first attempt: tried again later
        assert (await ready_list(idle_stub, ada, created.id, timeout=0)).state == iapi.INVITATION_LIST_STATE_PENDING
        assert not await worker.run_once()  # not yet
        idle_service.clock.advance(minutes=1)
        assert await worker.run_once()  # the last attempt
    finally:
        idle_service.clock.offset = offset
        await gone.close()
    failed = await ready_list(idle_stub, ada, created.id, timeout=0)
    assert failed.state == iapi.INVITATION_LIST_STATE_FAILED and "could not be read" in failed.failure


async def test_a_persons_fourth_list_waits_for_one_of_their_first_three_and_others_are_not_held_back(
        mediawiki, idle_service, idle_stub):
    await _drain(idle_service)
    ada, bo = organizer(), organizer()
    titles = articles_of(mediawiki)[:1]
    adas = [(await _new_list(idle_stub, mediawiki, ada, titles)).id for _ in range(4)]
    bos = (await _new_list(idle_stub, mediawiki, bo, titles)).id

    def worker() -> InvitationWorker:  # leases far longer than the test: nothing lapses on a slow machine
        return InvitationWorker(idle_service.sessions, idle_service.wikis, idle_service.worker.outbox,
                                idle_service.now, datetime.timedelta(minutes=10), 3, 0.1, 1)

    held = [(w, await w._claim()) for w in (worker() for _ in range(4))]
    # Bo's list, though newer, comes before Ada's second: Ada has one running, Bo none.
    assert [claimed[0].id for _, claimed in held] == [adas[0], bos, adas[1], adas[2]]
    assert await worker()._claim() is None  # Ada's fourth is due but waits its turn
    fourth = await ready_list(idle_stub, ada, adas[3], timeout=0)
    assert fourth.state == iapi.INVITATION_LIST_STATE_PENDING  # accepted and queued
    first_worker, first = held.pop(0)
    await first_worker._run(*first)  # one of Ada's first three ends
    last = worker()
    claimed = await last._claim()
    assert claimed is not None and claimed[0].id == adas[3]
    held.append((last, claimed))
    for running, claimed in held:
        await running._run(*claimed)
    for list_id in adas:
        assert (await ready_list(idle_stub, ada, list_id, timeout=1)).state == iapi.INVITATION_LIST_STATE_READY
