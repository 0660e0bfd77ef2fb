"""In-memory tables of the invitations service: its lists and their ranked editors, the job queue (with the same
turns as the SQL one), opt-outs and the copy of people's standings."""
import datetime
import itertools
from dataclasses import dataclass, field, replace

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.invitations.domain.lists import (
    FAILED,
    PENDING,
    READY,
    InvitationList,
    ListedEditor,
    ListRequest,
)
from eventcenter.services.invitations.domain.queue import may_start
from eventcenter.services.kernel.identity import Standing


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
