"""Fake adapters for collaboration's use cases: the read model in memory, Wikidata as a dict, a clock that only
moves when told, the stream as a list. No PostgreSQL, NATS or HTTP."""
import datetime
from contextlib import asynccontextmanager
from types import SimpleNamespace

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.collaboration.adapters.projection import values_of
from eventcenter.services.collaboration.adapters.queries import MATCHING_PARTICIPATION, RANKED_CANDIDATES
from eventcenter.services.collaboration.domain.event_copies import newest, organizers_apply
from eventcenter.services.collaboration.domain.filters import ONGOING, Filters
from eventcenter.services.collaboration.service_layer.ports import WikidataError
from eventcenter.services.collaboration.service_layer.unit_of_work import UnitOfWork
from eventcenter.services.kernel.clock import Clock

START = datetime.datetime(2030, 3, 1, 12, 0, tzinfo=datetime.UTC)


class FakeClock(Clock):
    """Starts at START and stays there until advanced."""

    def now(self) -> datetime.datetime:
        return START + self.offset


class StoredEvents:
    """What the fake read model keeps: row values and organizers, by event id."""

    def __init__(self) -> None:
        self.rows: dict[int, dict] = {}
        self.organizers: dict[int, list[tuple[int, str, bool]]] = {}


class InMemoryReadModel:
    """The read model's rules as the SQL keeps them, on dicts; one per unit of work (its gathered copies)."""

    def __init__(self, stored: StoredEvents) -> None:
        self.stored = stored
        self.gathered: dict[int, dict] = {}

    async def page(self, f: Filters, now: datetime.datetime, after: list | None) -> list:
        found = [row for row in self.stored.rows.values() if _listed(row, f, now)]
        ongoing = f.section == ONGOING
        found.sort(key=lambda r: (r["start_utc"], r["id"]), reverse=ongoing)
        if f.query:
            return self._ranked(found, f, after)
        if after:
            position = (datetime.datetime.fromisoformat(after[0]), after[1])
            found = [r for r in found if ((r["start_utc"], r["id"]) < position if ongoing
                                          else (r["start_utc"], r["id"]) > position)]
        return [(self._row(r), [r["start_utc"].isoformat(), r["id"]]) for r in found[:f.page_size + 1]]

    def _ranked(self, found: list[dict], f: Filters, after: list | None) -> list:
        words = f.query.lower().split()
        ranked = []
        for row in found:
            name, description = row["name"].lower().split(), row["description"].lower().split()
            if all(w in name or w in description for w in words):
                ranked.append((sum(2 * name.count(w) + description.count(w) for w in words), row))
        ranked = ranked[:RANKED_CANDIDATES]
        ranked.sort(key=lambda pair: (-pair[0], pair[1]["start_utc"], pair[1]["id"]))
        if after:
            rank, start, event_id = after[0], datetime.datetime.fromisoformat(after[1]), after[2]
            ranked = [(r, row) for r, row in ranked
                      if r < rank or (r == rank and (row["start_utc"], row["id"]) > (start, event_id))]
        return [(self._row(row), [rank, row["start_utc"].isoformat(), row["id"]])
                for rank, row in ranked[:f.page_size + 1]]

    def _row(self, values: dict) -> SimpleNamespace:
        people = self.stored.organizers.get(values["id"], [])
        return SimpleNamespace(**values, organizer_user_ids=[p[0] for p in people] or None,
                               organizer_user_names=[p[1] for p in people] or None,
                               organizer_creators=[p[2] for p in people] or None)

    async def write(self, event: pb.Event, organizers: list[pb.Organizer]) -> None:
        self._keep(values_of(event))
        if organizers_apply(self.stored.rows[event.id]["revision"], event.revision):
            self.stored.organizers[event.id] = [(o.user_id, o.user_name, o.role == pb.ORGANIZER_ROLE_CREATOR)
                                                for o in organizers]

    def gather(self, event: pb.Event) -> None:
        self.gathered[event.id] = newest(self.gathered.get(event.id), values_of(event))

    async def settle(self) -> None:
        for values in self.gathered.values():
            self._keep(values)
        self.gathered.clear()

    async def clear(self, consumer: str) -> None:
        self.stored.rows.clear()
        self.stored.organizers.clear()

    def _keep(self, values: dict) -> None:
        self.stored.rows[values["id"]] = newest(self.stored.rows.get(values["id"]), values)


def _listed(row: dict, f: Filters, now: datetime.datetime) -> bool:
    if row["deleted"] or row["test_event"]:
        return False
    start, end = row["start_utc"], row["end_utc"]
    if f.section == ONGOING:
        in_section = start <= now < end
    else:
        day = datetime.datetime.combine(f.start_date, datetime.time(), datetime.UTC)
        in_section = start > now and start >= day and (not f.end_date or start < datetime.datetime.combine(
            f.end_date + datetime.timedelta(days=1), datetime.time(), datetime.UTC))
    return in_section and all((
        not f.name or f.name.lower() in row["name"].lower(),
        not f.types or set(f.types) & set(row["types"]),
        not f.participation or row["participation"] in MATCHING_PARTICIPATION[f.participation],
        not f.country_applies or row["country_code"] == f.country_code,
        not f.wikis or set(f.wikis) & set(row["wikis"]) or (f.include_all_wikis and row["all_wikis"]),
        not f.topics or set(f.topics) & set(row["topics"]),
        not f.with_places_left or not row["participant_limit"] or row["registered"] < row["participant_limit"]))


class FakeUnitOfWork(UnitOfWork):
    """Each use case's work on the in-memory read model; `transactions` counts the units of work run."""

    def __init__(self, clock: Clock) -> None:
        self.stored = StoredEvents()
        super().__init__(None, lambda session: InMemoryReadModel(self.stored), clock)
        self.transactions = 0

    @asynccontextmanager
    async def begin(self):
        self.transactions += 1
        yield self.joining(None)


class FakeWikidata:
    """WikiProjects by site URL, each item's details by id; counts the calls, fails while `failing`."""

    def __init__(self, projects: dict[str, list[str]], details: dict[str, dict]) -> None:
        self.projects, self.details = projects, details
        self.calls: list[tuple] = []
        self.failing = False

    async def wikiproject_ids(self, site: str) -> list[str]:
        self._call("ids", site)
        return list(self.projects.get(site, []))

    async def entities(self, ids: list[str], wiki: str, language: str) -> dict[str, dict]:
        self._call("entities", tuple(ids), wiki, language)
        return {i: self.details[i] for i in ids if i in self.details}

    def _call(self, *call) -> None:
        if self.failing:
            raise WikidataError("Wikidata is down")
        self.calls.append(call)

    async def close(self) -> None:
        pass


class FakeStream:
    """The stream as a list of (type name, data) messages, from sequence `first` on; replayed in one unit of work
    (the real replay applies each message in its own)."""

    def __init__(self, collaboration, messages: list[tuple[str, bytes]], first: int = 1) -> None:
        self.collaboration, self.messages, self.first = collaboration, messages, first

    async def bounds(self) -> tuple[int, int]:
        return self.first, self.first + len(self.messages) - 1 if self.messages else 0

    async def replay(self, last: int) -> int:
        await self.collaboration.apply_registration_events(self.messages)
        return len(self.messages)
