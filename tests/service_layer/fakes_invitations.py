"""In-memory stand-ins for what the invitations service's use cases reach: its tables (lists, ranked editors,
jobs, opt-outs, standings) behind a fake unit of work that keeps a transaction's changes only when it commits,
wikis with edit histories, the registration service, and a clock that moves only when told."""
import copy
import datetime
import itertools
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.invitations.domain.lists import (
    FAILED,
    PENDING,
    READY,
    InvitationList,
    ListedEditor,
    ListRequest,
)
from eventcenter.services.invitations.domain.queue import may_start
from eventcenter.services.invitations.service_layer.unit_of_work import UnitOfWork, Work
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.identity import Identity, Standing
from eventcenter.services.wiki.client import MAIN_NAMESPACE, PageInfo, WikiError, WikiRevision, WikiUser

START = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


class FixedClock(Clock):
    """START until a test advances it."""

    def now(self) -> datetime.datetime:
        return START + self.offset


@dataclass
class Job:
    lease_until: datetime.datetime
    attempts: int = 0
    worker: str = ""


@dataclass
class Tables:
    """What the service's database would hold."""
    lists: dict[int, InvitationList] = field(default_factory=dict)
    editors: dict[int, list[ListedEditor]] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    opt_outs: dict[int, str] = field(default_factory=dict)  # user id: user name
    standings: dict[int, tuple[int, Standing]] = field(default_factory=dict)  # user id: (version, standing)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))


class InMemoryInvitationLists:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def create(self, owner_user_id: int, request: ListRequest, now: datetime.datetime) -> InvitationList:
        for listed in self.tables.lists.values():
            if request.request_id and (listed.owner_user_id, listed.request_id) == (owner_user_id, request.request_id):
                return listed
        listed = InvitationList(
            next(self.tables.ids), owner_user_id, request.name, request.event_id, request.articles,
            request.candidates is not None, request.candidates, request.activity_wikis, PENDING, 0,
            len(request.articles), now, request_id=request.request_id)
        self.tables.lists[listed.id] = listed
        self.tables.jobs[listed.id] = Job(lease_until=now)
        return listed

    async def owned(self, list_id: int, owner_user_id: int) -> InvitationList | None:
        listed = self.tables.lists.get(list_id)
        return listed if listed is not None and listed.owner_user_id == owner_user_id else None

    async def page_of(self, owner_user_id: int, before_id: int, size: int) -> list[InvitationList]:
        mine = sorted((listed for listed in self.tables.lists.values() if listed.owner_user_id == owner_user_id
                       and (not before_id or listed.id < before_id)), key=lambda listed: -listed.id)
        return mine[:size]

    async def editors(self, list_id: int) -> list[ListedEditor]:
        return list(self.tables.editors.get(list_id, ()))

    async def record_progress(self, list_id: int, articles_read: int) -> None:
        self.tables.lists[list_id] = replace(self.tables.lists[list_id], articles_read=articles_read)

    async def finish(self, list_id: int, ranked: list[ListedEditor], now: datetime.datetime) -> InvitationList:
        self.tables.editors[list_id] = list(ranked)
        listed = self.tables.lists[list_id]
        done = self.tables.lists[list_id] = replace(listed, state=READY, ready_time=now,
                                                    articles_read=listed.articles_total)
        self.tables.jobs.pop(list_id, None)
        return done


class InMemoryOptOuts:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def opted_out(self, user_id: int) -> bool:
        return user_id in self.tables.opt_outs

    async def opted_out_names(self, names: list[str]) -> set[str]:
        return set(names) & set(self.tables.opt_outs.values())

    async def set_opt_out(self, user_id: int, user_name: str, opted: bool, now: datetime.datetime) -> None:
        if opted:
            self.tables.opt_outs[user_id] = user_name
        else:
            self.tables.opt_outs.pop(user_id, None)


class InMemoryJobQueue:
    """The same turns as the SQL queue: a person's lists past their first pending three wait, and people with
    no job running go first, then the longest waiting."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def _owner(self, list_id: int) -> int:
        return self.tables.lists[list_id].owner_user_id

    def _earlier_pending(self, list_id: int) -> int:
        owner = self._owner(list_id)
        return sum(1 for other in self.tables.lists.values()
                   if other.owner_user_id == owner and other.state == PENDING and other.id < list_id)

    def _running(self, owner: int, now: datetime.datetime) -> int:
        return sum(1 for list_id, job in self.tables.jobs.items()
                   if self._owner(list_id) == owner and job.worker and job.lease_until > now)

    async def claim(self, worker: str, now: datetime.datetime,
                    lease: datetime.timedelta) -> tuple[InvitationList, int] | None:
        due = [list_id for list_id, job in self.tables.jobs.items()
               if job.lease_until <= now and may_start(self._earlier_pending(list_id))]
        if not due:
            return None
        list_id = min(due, key=lambda i: (self._running(self._owner(i), now), self.tables.jobs[i].lease_until, i))
        job = self.tables.jobs[list_id]
        job.lease_until, job.attempts, job.worker = now + lease, job.attempts + 1, worker
        return self.tables.lists[list_id], job.attempts

    async def renew(self, list_id: int, worker: str, until: datetime.datetime) -> bool:
        job = self.tables.jobs.get(list_id)
        if job is None or job.worker != worker:
            return False
        job.lease_until = until
        return True

    async def still_mine(self, list_id: int, worker: str) -> bool:
        job = self.tables.jobs.get(list_id)
        return job is not None and job.worker == worker

    async def retry_later(self, list_id: int, worker: str, at: datetime.datetime) -> None:
        job = self.tables.jobs.get(list_id)
        if job is not None and job.worker == worker:
            job.lease_until, job.worker = at, ""

    async def fail(self, list_id: int, reason: str) -> None:
        self.tables.lists[list_id] = replace(self.tables.lists[list_id], state=FAILED, failure=reason[:1000])
        self.tables.jobs.pop(list_id, None)


class InMemoryStandings:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def keep(self, change: events_pb2.UserStandingChanged) -> None:
        kept = self.tables.standings.get(change.user_id)
        if kept is None or kept[0] < change.version:
            self.tables.standings[change.user_id] = (change.version, Standing(
                frozenset(change.granted_rights), frozenset(change.revoked_rights), change.blocked))

    async def of(self, user_id: int) -> Standing | None:
        kept = self.tables.standings.get(user_id)
        return None if kept is None else kept[1]


class FakeUnitOfWork(UnitOfWork):
    """Each transaction works on the tables; a failed one leaves them as they were. Committed events are kept in
    `published`, in order."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(sessions=None, clock=clock)  # type: ignore[arg-type]
        self.tables = Tables()
        self.published: list = []
        self.commits = 0

    def _work(self, session) -> Work:
        return Work(session, self.clock.now(), lists=InMemoryInvitationLists(self.tables),
                    opt_outs=InMemoryOptOuts(self.tables), jobs=InMemoryJobQueue(self.tables),
                    standings=InMemoryStandings(self.tables))

    @asynccontextmanager
    async def begin(self):
        before = copy.deepcopy(self.tables)
        work = self._work(None)
        try:
            yield work
        except BaseException:
            self.tables.__dict__.update(before.__dict__)
            raise
        self.published.extend(work.events)
        self.commits += 1


def title_of(asked: str) -> str:
    """A title as MediaWiki normalises it: spaces for underscores, the first letter upper case."""
    title = asked.replace("_", " ").strip()
    return title[:1].upper() + title[1:]


@dataclass
class FakeWiki:
    """One wiki: its pages (title: namespace), their revisions newest first, its users and when they last edited.
    `broken` makes every read fail, as a wiki that cannot be reached."""
    pages: dict[str, int] = field(default_factory=dict)
    revisions: dict[str, list[WikiRevision]] = field(default_factory=dict)
    users_by_name: dict[str, WikiUser] = field(default_factory=dict)
    last_edits: dict[str, datetime.datetime] = field(default_factory=dict)
    broken: bool = False

    def _check(self) -> None:
        if self.broken:
            raise WikiError("HTTP 503 from the fake wiki")

    async def pages_info(self, titles) -> list[PageInfo]:
        self._check()
        return [PageInfo(title_of(t), t, None if "[" in t else self.pages.get(title_of(t), MAIN_NAMESPACE),
                         title_of(t) in self.pages) for t in titles]

    async def revisions_of(self, title: str, since: datetime.datetime, limit: int) -> list[WikiRevision]:
        self._check()
        return [r for r in self.revisions.get(title, []) if r.timestamp >= since][:limit]

    async def revision_sizes(self, rev_ids) -> dict[int, int]:
        self._check()
        sizes = {r.rev_id: r.size for page in self.revisions.values() for r in page}
        return {i: sizes[i] for i in rev_ids if i in sizes}

    async def users(self, names) -> list[WikiUser]:
        self._check()
        return [self.users_by_name.get(n, WikiUser(n, 0, frozenset(), False, False, missing=True)) for n in names]

    async def last_edit_time(self, user_name: str) -> datetime.datetime | None:
        self._check()
        return self.last_edits.get(user_name)


class FakeWikiClient:
    """The WikiReader port over one FakeWiki."""

    def __init__(self, wiki: FakeWiki) -> None:
        self.wiki = wiki

    async def pages(self, titles) -> list[PageInfo]:
        return await self.wiki.pages_info(list(titles))

    async def revisions(self, title: str, since: datetime.datetime, limit: int = 5000) -> list[WikiRevision]:
        return await self.wiki.revisions_of(title, since, limit)

    async def revision_sizes(self, rev_ids) -> dict[int, int]:
        return await self.wiki.revision_sizes(list(rev_ids))

    async def users(self, names) -> list[WikiUser]:
        return await self.wiki.users(list(names))

    async def last_edit_time(self, user_name: str) -> datetime.datetime | None:
        return await self.wiki.last_edit_time(user_name)


class FakeWikis:
    def __init__(self, **wikis: FakeWiki) -> None:
        self.wikis = wikis

    def known(self) -> set[str]:
        return set(self.wikis)

    def client(self, wiki: str) -> FakeWikiClient:
        return FakeWikiClient(self.wikis[wiki])

    async def user_page_url(self, wiki: str, user_name: str) -> str:
        return f"https://{wiki}.example/wiki/User:{user_name.replace(' ', '_')}"


@dataclass
class FakeRegistration:
    """Events by id, their organizers, and the names registered for each event."""
    events: dict[int, pb.Event] = field(default_factory=dict)
    organizers: dict[int, set[int]] = field(default_factory=dict)
    participants: dict[int, set[str]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)  # the calls made, in order

    def add_event(self, event: pb.Event, organizer_ids: set[int], participants: set[str] = frozenset()) -> None:
        self.events[event.id] = event
        self.organizers[event.id] = set(organizer_ids)
        self.participants[event.id] = set(participants)

    async def event(self, caller: Identity, event_id: int) -> pb.Event | None:
        self.asked.append("event")
        return self.events.get(event_id)

    async def organizer_ids(self, caller: Identity, event_id: int) -> set[int]:
        self.asked.append("organizer_ids")
        return set(self.organizers.get(event_id, ()))

    async def past_participants(self, caller: Identity) -> tuple[set[str], list[pb.Event]]:
        self.asked.append("past_participants")
        ended = [e for i, e in self.events.items() if e.ended and caller.user_id in self.organizers[i]]
        names = {n for e in ended for n in self.participants[e.id]} - {caller.name}
        return names, ended


def revision(rev_id: int, user: str, size: int, days_ago: float, parent_id: int = 0, **facts) -> WikiRevision:
    """A revision `days_ago` before START; `facts` may say anonymous, temporary, hidden or give tags."""
    return WikiRevision(rev_id, parent_id, user, rev_id, START - datetime.timedelta(days=days_ago), size,
                        frozenset(facts.get("tags", ())), facts.get("anonymous", False),
                        facts.get("temporary", False), facts.get("hidden", False))


def editor(name: str, edit_count: int = 2000, *groups: str, blocked_indefinitely: bool = False) -> WikiUser:
    return WikiUser(name, edit_count, frozenset(groups), blocked_indefinitely, blocked_indefinitely)


@dataclass
class Ring:
    """The service wired by its real bootstrap around the fakes, and the fakes themselves to look into."""
    uow: FakeUnitOfWork
    wikis: FakeWikis
    registration: FakeRegistration
    service: object  # bootstrap.Invitations

    @property
    def tables(self) -> Tables:
        return self.uow.tables


def ring(**wikis: FakeWiki) -> Ring:
    from eventcenter.services.invitations.bootstrap import JobSettings, bootstrap

    uow = FakeUnitOfWork(FixedClock())
    fake_wikis = FakeWikis(**(wikis or {"enwiki": FakeWiki()}))
    registration = FakeRegistration()
    jobs = JobSettings(lease=datetime.timedelta(seconds=60), max_attempts=3, idle_seconds=0.01, jobs_at_once=1)
    return Ring(uow, fake_wikis, registration, bootstrap(uow=uow, wikis=fake_wikis, registration=registration,
                                                         jobs=jobs))
