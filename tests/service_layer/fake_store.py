"""In-memory stores with the functions the registration use cases call on work.store (events, participants,
people, passcode tries), keeping the rules the SQL keeps: an active registration per person and event, soft
deletes, revisions, counters. Rows are copies, as a database's are."""
import copy
import itertools
from types import SimpleNamespace

from eventcenter.services.kernel.clock import Clock
from eventcenter.services.registration.adapters.events import _columns_of
from eventcenter.services.registration.domain.questions import AnswerValue


class Tables:
    """Everything stored; a failed use case's changes are dropped by restoring a copy."""

    def __init__(self) -> None:
        self.events: dict[int, SimpleNamespace] = {}
        self.counters: dict[int, SimpleNamespace] = {}
        self.organizers: dict[tuple[int, int], SimpleNamespace] = {}
        self.participants: dict[int, SimpleNamespace] = {}
        self.answers: dict[int, list[AnswerValue]] = {}
        self.users: dict[int, SimpleNamespace] = {}
        self.passcode_tries: list[tuple[int, int, object]] = []
        self.ids = itertools.count(1)


class FakeEvents:
    def __init__(self, tables: Tables, clock: Clock) -> None:
        self.t, self.clock = tables, clock

    async def get_event(self, event_id, lock=False):
        return copy.copy(self.t.events.get(event_id))

    async def event_by_request(self, creator, request_id):
        return next((copy.copy(e) for e in self.t.events.values()
                     if e.creator_user_id == creator and e.create_request_id == request_id), None)

    async def event_by_page(self, wiki, title):
        return next((copy.copy(e) for e in self.t.events.values()
                     if (e.page_wiki, e.page_title) == (wiki, title) and e.page_free_time is None), None)

    async def insert_event(self, fields, creator, request_id):
        now, event_id = self.clock.now(), next(self.t.ids)
        self.t.events[event_id] = SimpleNamespace(
            id=event_id, **_columns_of(fields), creator_user_id=creator, create_request_id=request_id or None,
            revision=1, create_time=now, update_time=now, delete_time=None, page_free_time=None, program_id=None)
        self.t.counters[event_id] = SimpleNamespace(event_id=event_id, registered=0, private=0, waitlisted=0,
                                                    next_queue_seq=1, revision=0)
        return copy.copy(self.t.events[event_id])

    async def update_event(self, event_id, fields):
        row = self.t.events[event_id]
        vars(row).update(_columns_of(fields), revision=row.revision + 1, update_time=self.clock.now())
        return copy.copy(row)

    async def touch_event(self, event_id):
        row = self.t.events[event_id]
        row.revision, row.update_time = row.revision + 1, self.clock.now()
        return copy.copy(row)

    async def counters(self, event_id, lock=False):
        return copy.copy(self.t.counters[event_id])

    async def change_counters(self, event_id, **deltas):
        row = self.t.counters[event_id]
        for name, delta in deltas.items():
            setattr(row, name, getattr(row, name) + delta)
        row.revision += 1
        return copy.copy(row)

    async def active_organizers(self, event_id):
        found = [SimpleNamespace(**vars(o), name=self.t.users[o.user_id].name)
                 for (event, _), o in self.t.organizers.items() if event == event_id and o.delete_time is None]
        return sorted(found, key=lambda o: (o.role != "creator", o.create_time, o.user_id))

    async def add_organizer(self, event_id, user_id, role, policy_accept_time=None):
        if (kept := self.t.organizers.get((event_id, user_id))) is not None:
            kept.delete_time = None
            return
        self.t.organizers[(event_id, user_id)] = SimpleNamespace(
            event_id=event_id, user_id=user_id, role=role, policy_accept_time=policy_accept_time,
            create_time=self.clock.now(), delete_time=None)

    async def accept_policy(self, event_id, user_id):
        organizer = self.t.organizers[(event_id, user_id)]
        organizer.policy_accept_time = organizer.policy_accept_time or self.clock.now()


class FakePeople:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    async def get_user(self, user_id):
        return copy.copy(self.t.users.get(user_id))

    async def lock_user(self, user_id):
        return None

    async def users_by_names(self, names):
        return [copy.copy(u) for u in self.t.users.values() if u.name in names]

    async def remember_user(self, user_id, name, signed_in_rights=None):
        if not name:
            return
        for other in self.t.users.values():
            if other.name == name and other.user_id != user_id:
                other.name = f"{other.name} (#{other.user_id})"
        user = self.t.users.setdefault(user_id, SimpleNamespace(
            user_id=user_id, name=name, rights=[], signed_in_rights=[], revoked_rights=[], blocked=False,
            block_reason="", standing_version=0))
        user.name = name
        if signed_in_rights is not None:
            user.signed_in_rights = sorted(signed_in_rights)


class FakePasscodeTries:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    async def recent_wrong(self, event_id, user_id, since, limit):
        times = sorted((at for e, u, at in self.t.passcode_tries if (e, u) == (event_id, user_id) and at > since),
                       reverse=True)
        return times[:limit]

    async def record_wrong(self, event_id, user_id, now, forget_before):
        self.t.passcode_tries = [(e, u, at) for e, u, at in self.t.passcode_tries
                                 if (e, u) != (event_id, user_id) or at > forget_before]
        self.t.passcode_tries.append((event_id, user_id, now))
