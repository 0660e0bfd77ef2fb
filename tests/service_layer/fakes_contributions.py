"""In-memory adapters for the contributions use cases: repositories holding what the SQL ones store, a unit of
work that runs a use case on them (undoing its writes when it fails, as a rolled-back transaction would), a wiki,
a Dashboard and a clock the test sets. Each repository offers the functions of its adapters/ module, without the
session."""
import copy
import datetime
from types import SimpleNamespace

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.stream_events import utc
from eventcenter.services.contributions.domain.metrics import Edit
from eventcenter.services.contributions.domain.privacy import Sight
from eventcenter.services.contributions.domain.rules import Author, EventFacts
from eventcenter.services.contributions.service_layer.unit_of_work import ContributionsUnitOfWork, Work
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.wiki.client import RevisionDetails, RevisionState


class FakeClock(Clock):
    def __init__(self, now: datetime.datetime) -> None:
        super().__init__()
        self.fixed = now

    def now(self) -> datetime.datetime:
        return self.fixed + self.offset


class FakeCopies:
    """adapters/copies.py: the newest copy of each event and registration wins (an equal revision rewrites)."""

    def __init__(self) -> None:
        self.events: dict[int, SimpleNamespace] = {}
        self.participants: dict[tuple[int, int], SimpleNamespace] = {}

    async def keep_event(self, event: pb.Event, organizer_ids: list[int] | None,
                         organizer_names: list[str] | None = None) -> bool:
        kept = self.events.get(event.id)
        if kept is not None and kept.revision > event.revision:
            return False
        row = kept or SimpleNamespace(organizer_ids=[], organizer_names=[])
        row.__dict__.update(id=event.id, revision=event.revision, wikis=list(event.wikis), all_wikis=event.all_wikis,
                            start=utc(event.start_time), end=utc(event.end_time),
                            tracks_contributions=event.tracks_contributions, deleted=event.HasField("delete_time"))
        if organizer_ids is not None:
            row.organizer_ids = organizer_ids
        if organizer_names is not None:
            row.organizer_names = organizer_names
        self.events[event.id] = row
        return True

    async def keep_participants(self, event_id: int, people: list[pb.Participant], removed: bool = False) -> None:
        for p in people:
            kept = self.participants.get((event_id, p.user_id))
            if kept is not None and kept.revision > p.revision:
                continue
            self.participants[(event_id, p.user_id)] = SimpleNamespace(
                user_id=p.user_id, user_name=p.user_name, private=p.private, removed=removed, revision=p.revision,
                active=not removed and p.state != pb.REGISTRATION_STATE_WAITLISTED)

    async def event_facts(self, event_id: int) -> EventFacts | None:
        row = self.events.get(event_id)
        if row is None:
            return None
        return EventFacts(row.id, tuple(row.wikis), row.all_wikis, row.start, row.end, row.tracks_contributions,
                          row.deleted, frozenset(row.organizer_ids))

    def _active(self, event_id: int) -> list[SimpleNamespace]:
        return sorted((p for (e, _), p in self.participants.items() if e == event_id and p.active),
                      key=lambda p: p.user_id)

    async def active_participant(self, event_id: int, user_name: str) -> Author | None:
        found = [p for p in self._active(event_id) if p.user_name == user_name]
        return Author(found[0].user_id, found[0].user_name, found[0].private) if found else None

    async def active_participants(self, event_id: int) -> list[Author]:
        return [Author(p.user_id, p.user_name, p.private) for p in self._active(event_id)]

    async def active_count(self, event_id: int) -> int:
        return len(self._active(event_id))

    async def active_ids(self, event_id: int) -> frozenset[int]:
        return frozenset(p.user_id for p in self._active(event_id))

    async def organizer_names(self, event_id: int) -> list[str]:
        row = self.events.get(event_id)
        return list(row.organizer_names) if row else []

    async def public_participant_names(self, event_id: int) -> list[str]:
        return sorted(p.user_name for p in self._active(event_id) if not p.private)

    def current_privacy(self, event_id: int, user_id: int) -> bool | None:
        """The author's privacy while registered (not removed), as adapters/contributions.py joins it."""
        kept = self.participants.get((event_id, user_id))
        return kept.private if kept is not None and not kept.removed else None


class FakeContributions:
    """adapters/contributions.py: one event per revision; each edit shown with its author's current privacy."""

    def __init__(self, copies: FakeCopies) -> None:
        self.copies = copies
        self.rows: dict[int, SimpleNamespace] = {}
        self.goals: dict[int, SimpleNamespace] = {}

    async def add(self, **row) -> SimpleNamespace | None:
        if any((r.wiki, r.rev_id) == (row["wiki"], row["rev_id"]) for r in self.rows.values()):
            return None
        stored = SimpleNamespace(id=len(self.rows) + 1, deleted=False, checked_time=None, **row)
        self.rows[stored.id] = stored
        return self._with_privacy(stored)

    def _with_privacy(self, row: SimpleNamespace) -> SimpleNamespace:
        current = self.copies.current_privacy(row.event_id, row.user_id)
        return SimpleNamespace(**{**vars(row), "private": row.private if current is None else current})

    async def associated_author(self, wiki: str, rev_id: int) -> int | None:
        return next((r.user_id for r in self.rows.values() if (r.wiki, r.rev_id) == (wiki, rev_id)), None)

    async def associated(self, wiki: str, rev_ids: list[int]) -> set[int]:
        return {r.rev_id for r in self.rows.values() if r.wiki == wiki and r.rev_id in rev_ids}

    def _of_event(self, event_id: int) -> list[SimpleNamespace]:
        return [self._with_privacy(r) for r in self.rows.values() if r.event_id == event_id]

    async def page(self, event_id: int, before_id: int, limit: int, sight: Sight) -> list:
        shown = [r for r in self._of_event(event_id) if sight.shows(r.private, r.user_id)
                 and (not before_id or r.id < before_id)]
        return sorted(shown, key=lambda r: -r.id)[:limit]

    async def hidden_count(self, event_id: int, sight: Sight) -> int:
        return sum(1 for r in self._of_event(event_id) if not sight.shows(r.private, r.user_id))

    async def edits(self, event_id: int) -> list[Edit]:
        return [Edit(r.wiki, r.page_title, r.namespace, r.user_id, r.user_registration, r.bytes_delta,
                     r.page_created, r.links_added, r.links_removed, r.words_added)
                for r in self._of_event(event_id) if not r.deleted]

    async def to_check(self, after_id: int, ended_since: datetime.datetime, limit: int) -> list:
        ended = {e.id for e in self.copies.events.values() if e.end > ended_since}
        rows = sorted((r for r in self.rows.values() if r.id > after_id and r.event_id in ended), key=lambda r: r.id)
        return [copy.copy(r) for r in rows[:limit]]

    async def mark_checked(self, ids: list[int], now: datetime.datetime) -> None:
        for contribution_id in ids:
            self.rows[contribution_id].checked_time = now

    async def set_state(self, contribution_id: int, deleted: bool, page_title: str, namespace: int) -> None:
        self.rows[contribution_id].__dict__.update(deleted=deleted, page_title=page_title, namespace=namespace)

    async def goal(self, event_id: int) -> SimpleNamespace | None:
        return self.goals.get(event_id)

    async def goal_revision(self, event_id: int) -> int:
        kept = self.goals.get(event_id)
        return kept.revision if kept else 0

    async def set_goal(self, event_id: int, metric: str, target: int, user_id: int, now: datetime.datetime,
                       expected_revision: int | None = None) -> int | None:
        current = await self.goal_revision(event_id)
        if expected_revision is not None and expected_revision != current:
            return None
        self.goals[event_id] = SimpleNamespace(metric=metric, target=target, set_by=user_id, update_time=now,
                                               revision=current + 1)
        return current + 1


class FakeLinks:
    """adapters/links.py, for linking, unlinking and the sync's bookkeeping."""

    def __init__(self) -> None:
        self.rows: dict[int, SimpleNamespace] = {}

    async def get(self, event_id: int) -> SimpleNamespace | None:
        return copy.copy(self.rows.get(event_id))

    async def add(self, event_id: int, dashboard_url: str, course_slug: str, secret: str, linked_by: int,
                  now: datetime.datetime, held_until: datetime.datetime) -> bool:
        if event_id in self.rows:
            return False
        self.rows[event_id] = SimpleNamespace(
            event_id=event_id, dashboard_url=dashboard_url, course_slug=course_slug, secret=secret,
            linked_by=linked_by, create_time=now, change_version=1, synced_version=0, unsync_requested=False,
            last_sync_time=None, last_error_code=None, attempts=0, next_attempt_time=held_until)
        return True

    async def remove(self, event_id: int) -> None:
        self.rows.pop(event_id, None)

    async def participants_changed(self, event_id: int) -> bool:
        link = self.rows.get(event_id)
        if link is None:
            return False
        link.change_version, link.next_attempt_time = link.change_version + 1, None
        return True

    async def unsync_requested(self, event_id: int) -> bool:
        link = self.rows.get(event_id)
        if link is None:
            return False
        link.unsync_requested, link.change_version, link.next_attempt_time = True, link.change_version + 1, None
        return True

    def _pending(self, link: SimpleNamespace, now: datetime.datetime) -> bool:
        return ((link.change_version > link.synced_version or link.unsync_requested)
                and (link.next_attempt_time is None or link.next_attempt_time <= now))

    async def claim(self, event_id: int, now: datetime.datetime, lease_until: datetime.datetime):
        link = self.rows.get(event_id)
        if link is None or not self._pending(link, now):
            return None
        link.next_attempt_time = lease_until
        return copy.copy(link)

    async def due(self, now: datetime.datetime, limit: int = 50) -> list[int]:
        return sorted(e for e, link in self.rows.items() if self._pending(link, now))[:limit]

    async def synced(self, event_id: int, version: int, now: datetime.datetime) -> None:
        self.rows[event_id].__dict__.update(synced_version=version, last_sync_time=now, last_error_code=None,
                                            attempts=0, next_attempt_time=None)

    async def failed(self, event_id: int, code: str, next_attempt: datetime.datetime | None,
                     version: int | None) -> None:
        link = self.rows[event_id]
        link.last_error_code, link.attempts, link.next_attempt_time = code, link.attempts + 1, next_attempt
        if version is not None:
            link.synced_version = version


class FakeChecks:
    """adapters/checks.py: where the last pass of the revision checks stopped, and when the next is due."""

    def __init__(self, now: datetime.datetime) -> None:
        self.after_id, self.next_time = 0, now

    async def claim(self, now: datetime.datetime, lease: datetime.timedelta) -> int | None:
        if self.next_time > now:
            return None
        self.next_time = now + lease
        return self.after_id

    async def done(self, after_id: int, next_time: datetime.datetime) -> None:
        self.after_id, self.next_time = after_id, next_time


class FakeUnitOfWork(ContributionsUnitOfWork):
    """Runs a use case on the in-memory repositories; a use case that raises leaves them as they were (its
    transaction rolled back). No database: nothing of the kernel's unit of work but the clock is used."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.copies = FakeCopies()
        self.contributions = FakeContributions(self.copies)
        self.links = FakeLinks()
        self.checks = FakeChecks(clock.now())

    def _state(self) -> tuple:
        return (self.copies.events, self.copies.participants, self.contributions.rows, self.contributions.goals,
                self.links.rows, self.checks.__dict__)

    async def run(self, use_case):
        kept = copy.deepcopy(self._state())
        work = Work(None, self.clock.now(), copies=self.copies,  # type: ignore[arg-type]  (no session)
                    contributions=self.contributions, links=self.links, checks=self.checks)
        try:
            result = await use_case(work)
        except BaseException:
            (self.copies.events, self.copies.participants, self.contributions.rows, self.contributions.goals,
             self.links.rows, checks) = kept
            self.checks.__dict__.update(checks)
            raise
        for callback in work.committed:
            callback()
        return result


class FakeWikiClient:
    def __init__(self) -> None:
        self.revisions: dict[int, RevisionDetails] = {}
        self.registrations: dict[str, datetime.datetime] = {}
        self.deleted: set[int] = set()  # revisions deleted since they were made (or whose pages were)

    async def revision_details(self, rev_id: int) -> RevisionDetails | None:
        return self.revisions.get(rev_id)

    async def user_registrations(self, names) -> dict[str, datetime.datetime]:
        return {name: self.registrations[name] for name in names if name in self.registrations}


    async def revision_states(self, rev_ids) -> dict[int, RevisionState]:
        """Deleted revisions are missing from the answer, as the wiki leaves them out."""
        return {rev_id: RevisionState(rev_id, r.title, r.namespace, r.hidden) for rev_id in rev_ids
                if (r := self.revisions.get(rev_id)) is not None and rev_id not in self.deleted}


class FakeWikis:
    """kernel/wikis.py's directory: one client a wiki."""

    def __init__(self, *wikis: str) -> None:
        self.clients = {wiki: FakeWikiClient() for wiki in wikis}

    def known(self) -> set[str]:
        return set(self.clients)

    def client(self, wiki: str) -> FakeWikiClient:
        return self.clients[wiki]


class FakeDashboard:
    """adapters/dashboard.py: answers each POST with the next queued code ("" when none), and records them."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self.allowed = allowed
        self.answers: list[str] = []
        self.received: list[tuple[str, str, dict]] = []

    async def post(self, dashboard_url: str, action: str, payload: dict) -> str:
        self.received.append((dashboard_url, action, payload))
        return self.answers.pop(0) if self.answers else ""
