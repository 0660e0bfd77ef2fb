"""Benchmark: Collaboration ListEvents latency per filter over gRPC, and how fast registration changes reach the list.

Usage: .venv/bin/python bench/collaboration_listing.py [--events 100000] [--calls 300] [--propagation 200]
Seeds the read model directly (bulk COPY), then times ListEvents per filter (p50/p99/max, end to end over
loopback gRPC, and the page's statements alone in PostgreSQL), and the delay from CreateEvent / RegisterParticipant
answers to the change being listed, split into relay, JetStream and consumer stages. For every case that misses
its target it prints each filter value's own numbers, the slowest plan the service itself ran (auto_explain:
prepared statements may run generic plans) and EXPLAIN ANALYZE of the slowest request planned for its values.
Writes bench/results/collaboration_listing.json.
"""
import argparse
import asyncio
import datetime
import gc
import json
import os
import pathlib
import platform
import random
import re
import secrets
import shlex
import statistics
import sys
import time
import uuid
import zoneinfo
from dataclasses import dataclass, field

import asyncpg
import grpc
import nats
from backing import postgres_and_nats, results_folder, source_facts
from sqlalchemy import func, select, true
from sqlalchemy.dialects import postgresql

from eventcenter.collaboration.v1 import collaboration_service_pb2 as col
from eventcenter.collaboration.v1 import collaboration_service_pb2_grpc
from eventcenter.registration.v1 import registration_service_pb2 as reg
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.collaboration import listing
from eventcenter.services.collaboration.adapters import projection, queries, tables
from eventcenter.services.collaboration.bootstrap import CollaborationService
from eventcenter.services.collaboration.bootstrap import migrate as migrate_collaboration
from eventcenter.services.collaboration.domain import page_tokens
from eventcenter.services.collaboration.settings import CollaborationSettings
from eventcenter.services.contracts.vocabulary import EVENT_TYPES, OTHER_TYPE
from eventcenter.services.devstack import provision
from eventcenter.services.kernel import bus
from eventcenter.services.kernel.identity import (
    ANONYMOUS,
    RIGHT_ORGANIZER,
    Identity,
    bearer_metadata,
    issue_token,
)
from eventcenter.services.kernel.logs import configure_logging
from eventcenter.services.registration.bootstrap import RegistrationService
from eventcenter.services.registration.bootstrap import migrate as migrate_registration
from eventcenter.services.registration.settings import RegistrationSettings

DATABASE = "bench_collaboration"
RESULTS = results_folder() / "collaboration_listing.json"
LIST_TARGET_MS = 25.0
PROPAGATION_TARGET_MS = 250.0
# Random pause before each timed change: changes come at random moments, not in step with the relay's idle
# polling, and with quiet spells longer than the consumer's 1 s fetch, as real traffic has them.
PAUSE_SECONDS = 1.5
# The service's own statements slower than this are logged with their plan (auto_explain).
LOGGED_OVER_MS = 15
AUTO_EXPLAIN = re.compile(r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) UTC \[\d+\] LOG:  "
                          r"duration: (?P<ms>[\d.]+) ms  plan:")
SEEDED_IDS_FROM = 1_000_000_000  # far above the ids the registration service hands out
UPCOMING, ONGOING = col.SECTION_UPCOMING, col.SECTION_ONGOING

# Words of event names and descriptions, in several languages and scripts; earlier words are more common.
WORDS = """
wikipedia wiki edit-a-thon editathon women science history art music film photo commons wikidata
library museum archive heritage monuments nature earth climate health medicine language culture
africa asia europe america oceania india brasil nigeria kenya ghana indonesia philippines mexico
community workshop training meetup hackathon contest conference campaign challenge sprint festival
week month day night summer winter spring autumn school university students teachers youth
feminism gender equity inclusion diversity indigenous local regional national international global
biography biographies sport football olympics food cuisine architecture cities villages rivers
mountains islands birds plants insects animals ocean stars space physics chemistry mathematics
poetry literature novel theatre dance painting sculpture cinema television radio podcast
encyclopédie éditathon femmes histoire musique bibliothèque patrimoine littérature cinéma nature
mois semaine atelier rencontre concours francophonie québec afrique sénégal côte-d'ivoire
wikipedianerinnen schreibwerkstatt bibliothek denkmal geschichte kunst wissenschaft frauen
stammtisch wochenende sommer treffen kultur sprache österreich schweiz bayern
enciclopedia historia mujeres ciencia biblioteca patrimonio cultura fotografía maratón edición
semana mes taller encuentro concurso latinoamérica argentina chile colombia perú españa
storia donne scienza biblioteca arte musica fotografia maratona settimana italia sicilia
mulheres história ciência cultura edição maratona semana oficina lusofonia portugal angola
kobiety historia nauka biblioteka zabytki tydzień miesiąc polska warszawa kraków
vrouwen geschiedenis wetenschap erfgoed nederland vlaanderen amsterdam
kvinner historie vitenskap norge sverige kvinnor historia vetenskap suomi naiset historia
wanawake historia sayansi utamaduni kiswahili tanzania uganda
perempuan sejarah budaya bahasa nusantara jawa bali
kadınlar tarih bilim kültür türkiye istanbul
женщины история наука культура библиотека неделя марафон россия украина київ
γυναίκες ιστορία επιστήμη πολιτισμός ελλάδα
نساء تاريخ علوم ثقافة ويكيبيديا مصر المغرب
महिला इतिहास विज्ञान संस्कृति विकिपीडिया भारत हिन्दी
女性 歴史 科学 文化 ウィキペディア 日本 東京
女性 历史 科学 文化 维基百科 中国 台湾
여성 역사 과학 문화 위키백과 한국
""".split()
WORDS = list(dict.fromkeys(WORDS))
FILLER = "the and of for in on with to a an our all new more about join us help add improve articles".split()
WIKIS = """enwiki frwiki dewiki eswiki itwiki ptwiki plwiki nlwiki ruwiki ukwiki jawiki zhwiki kowiki arwiki
fawiki hiwiki bnwiki tawiki idwiki trwiki svwiki nowiki fiwiki dawiki cswiki huwiki rowiki elwiki hewiki
viwiki thwiki swwiki yowiki hawiki igwiki amwiki commonswiki wikidatawiki metawiki enwikisource""".split()
TOPICS = """art culture education geography health history literature music nature politics religion
science sports technology women biography film food heritage language""".split()
COUNTRIES = """US GB DE FR IN NG KE GH BR MX AR CO ES IT PT PL NL SE NO FI UA TR EG MA ZA TZ UG ID PH JP KR
TW AU NZ CA CL PE BD NP PK""".split()
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Africa/Nairobi", "America/Sao_Paulo",
         "Asia/Tokyo", "Europe/London", "Australia/Sydney", "Africa/Lagos"]
TYPES = [*EVENT_TYPES, OTHER_TYPE]
LOCAL = "%Y-%m-%dT%H:%M:%S"


# ----------------------------------------------------------------------------------------------- seeding


def _weights(count: int, exponent: float = 0.7) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def seed_rows(count: int, now: datetime.datetime, rng: random.Random) -> tuple[list[tuple], list[tuple]]:
    word_weights, wiki_weights = _weights(len(WORDS)), _weights(len(WIKIS), 1.0)
    topic_weights, country_weights, type_weights = (_weights(len(TOPICS)), _weights(len(COUNTRIES), 0.9),
                                                     _weights(len(TYPES), 0.5))
    zones = {name: zoneinfo.ZoneInfo(name) for name in ZONES}
    users = [(100_000 + i, f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS).capitalize()} {i}")
             for i in range(20_000)]
    earliest, span = now - datetime.timedelta(days=30), datetime.timedelta(days=760).total_seconds()
    events, people = [], []
    for number in range(count):
        event_id = SEEDED_IDS_FROM + number
        words = rng.choices(WORDS, word_weights, k=rng.choice((2, 2, 3, 3, 3, 4, 5)))
        name = " ".join(w.capitalize() if rng.random() < 0.6 else w for w in words)
        if rng.random() < 0.3:
            name += f" {rng.randint(2024, 2028)}"
        description = " ".join(rng.choice(FILLER) if rng.random() < 0.3 else rng.choices(WORDS, word_weights)[0]
                               for _ in range(rng.randint(8, 16)))
        start = (earliest + datetime.timedelta(seconds=rng.random() * span)).replace(second=0, microsecond=0)
        kind = rng.random()
        hours = rng.randint(1, 8) if kind < 0.5 else rng.randint(24, 72) if kind < 0.8 else rng.randint(7, 28) * 24
        end = start + datetime.timedelta(hours=hours)
        zone = rng.choice(ZONES)
        participation = rng.choices(("online", "in_person", "online_and_in_person"), (5, 3, 2))[0]
        country = rng.choices(COUNTRIES, country_weights)[0] if participation != "online" else ""
        all_wikis = rng.random() < 0.05
        wikis = [] if all_wikis else list(dict.fromkeys(rng.choices(WIKIS, wiki_weights, k=rng.randint(1, 5))))
        topics = list(dict.fromkeys(rng.choices(TOPICS, topic_weights, k=rng.choice((0, 1, 1, 2, 3)))))
        types = list(dict.fromkeys(rng.choices(TYPES, type_weights, k=rng.choice((1, 1, 1, 2)))))
        limit = 0 if rng.random() < 0.55 else rng.choice((10, 20, 25, 30, 50, 100, 200, 500))
        if limit:
            registered = limit if rng.random() < 0.2 else rng.randint(0, limit - 1)
        else:
            registered = rng.randint(0, 300)
        title = "Event:" + name
        events.append((
            event_id, 1, 1, name, description, title, wikis[0] if wikis else "metawiki", rng.random() < 0.9,
            zone, start.astimezone(zones[zone]).strftime(LOCAL), end.astimezone(zones[zone]).strftime(LOCAL),
            start, end, participation, country, types, wikis, all_wikis, topics,
            rng.random() < 0.01, rng.random() < 0.01, limit, registered))
        for position, (user_id, user_name) in enumerate(rng.sample(users, rng.choice((1, 1, 2, 2, 3)))):
            people.append((event_id, user_id, user_name, position == 0, position))
    return events, people


EVENT_COLUMNS = ["id", "revision", "counts_revision", "name", "description", "page_title", "page_wiki", "open",
                 "timezone", "start_local", "end_local", "start_utc", "end_utc", "participation", "country_code",
                 "types", "wikis", "all_wikis", "topics", "test_event", "deleted", "participant_limit", "registered"]
ORGANIZER_COLUMNS = ["event_id", "user_id", "user_name", "creator", "position"]


async def seed(dsn: str, count: int, now: datetime.datetime, rng: random.Random) -> dict:
    started = time.perf_counter()
    events, people = seed_rows(count, now, rng)
    generated = time.perf_counter()
    connection = await asyncpg.connect(dsn)
    try:
        for table, columns, rows in (("events", EVENT_COLUMNS, events), ("organizers", ORGANIZER_COLUMNS, people)):
            for at in range(0, len(rows), 20_000):
                await connection.copy_records_to_table(table, schema_name="collaboration", columns=columns,
                                                       records=rows[at:at + 20_000])
        # The search documents, by the projection's own statement.
        documents = projection.search_documents_of(true()).compile(
            dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
        await connection.execute("SET search_path = collaboration")
        await connection.execute(str(documents))
        copied = time.perf_counter()
        # A steady-state table: GIN pending lists merged, visibility map set, statistics fresh.
        for table in ("events", "organizers", "search_documents"):
            await connection.execute(f"VACUUM (ANALYZE) collaboration.{table}")
        await connection.execute("CHECKPOINT")  # the bulk load's dirty pages are not flushed during the timing
        facts = dict(await connection.fetchrow(
            "SELECT count(*) AS rows, count(*) FILTER (WHERE NOT deleted AND NOT test_event AND start_utc > now())"
            " AS upcoming_listed, count(*) FILTER (WHERE NOT deleted AND NOT test_event AND start_utc <= now()"
            " AND end_utc > now()) AS ongoing_listed, pg_size_pretty(pg_total_relation_size('collaboration.events'))"
            " AS table_size FROM collaboration.events"))
    finally:
        await connection.close()
    facts.update(organizers=len(people), generate_s=round(generated - started, 1),
                 copy_s=round(copied - generated, 1), vacuum_analyze_s=round(time.perf_counter() - copied, 1))
    return facts


# ----------------------------------------------------------------------------------------------- cases


@dataclass
class Case:
    name: str
    requests: list[col.ListEventsRequest]
    target_ms: float | None = LIST_TARGET_MS
    note: str = ""
    latencies: list[float] = field(default_factory=list)
    sql_latencies: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    by_request: dict[bytes, list[float]] = field(default_factory=dict)
    window: tuple = (None, None)


def _day(now: datetime.datetime, days: int) -> str:
    return (now + datetime.timedelta(days=days)).date().isoformat()


def cases(now: datetime.datetime) -> list[Case]:
    u = lambda **kw: col.ListEventsRequest(section=UPCOMING, **kw)  # noqa: E731
    return [
        Case("upcoming, no filter", [u()]),
        Case("ongoing, no filter", [col.ListEventsRequest(section=ONGOING)]),
        Case("name substring", [u(name=n) for n in ("wiki", "histo", "Hackathon", "bibliot", "women", "kenya",
                                                    "maratón", "sayansi", "2026", "ελλάδα")],
             note="common and rare words, prefixes, accents, other scripts"),
        Case("full-text query", [u(query=q) for q in ("history", "women science", '"art music"', "wikipedia -film",
                                                      "bibliothèque", "utamaduni", "mathematics or physics",
                                                      "istanbul", "女性", "festival")],
             note="single words, AND, phrase, exclusion, or; ranked by relevance"),
        Case("types", [u(types=t) for t in (["contest"], ["meetup", "workshop"], ["hackathon"], ["conference"],
                                            ["other"], ["editing-event", "backlog-drive"])]),
        Case("date range", [u(start_date=_day(now, a), end_date=_day(now, b))
                            for a, b in ((0, 7), (30, 60), (100, 101), (200, 400), (365, 372), (600, 900))]),
        Case("participation", [u(participation=p) for p in (col.PARTICIPATION_ONLINE, col.PARTICIPATION_IN_PERSON,
                                                            col.PARTICIPATION_ONLINE_AND_IN_PERSON)]),
        Case("country", [u(country_code=c) for c in ("US", "DE", "KE", "BR", "NP", "PK", "JP")],
             note="from the most to the least common country"),
        Case("wikis", [u(wikis=w) for w in (["enwiki"], ["frwiki", "dewiki"], ["swwiki"], ["enwikisource"],
                                            ["yowiki", "hawiki", "igwiki"])]),
        Case("wikis + all wikis", [u(wikis=w, include_all_wikis=True)
                                   for w in (["enwiki"], ["frwiki", "dewiki"], ["swwiki"], ["enwikisource"],
                                             ["yowiki", "hawiki", "igwiki"])]),
        Case("topics", [u(topics=t) for t in (["history"], ["science", "women"], ["heritage"], ["language"],
                                              ["film", "food"])]),
        Case("with places left", [u(with_places_left=True)]),
    ]


async def deep_pages(stub, section_request: col.ListEventsRequest, pages: int) -> list:
    """Requests of pages 1 to `pages`, following the tokens; the case then replays these walks."""
    requests = []
    token = ""
    for _ in range(pages):
        request = col.ListEventsRequest()
        request.CopyFrom(section_request)
        request.page_token = token
        requests.append(request)
        token = (await stub.ListEvents(request)).next_page_token
        if not token:
            break
    return requests


# ----------------------------------------------------------------------------------------------- timing


class AnonymousReader(grpc.aio.UnaryUnaryClientInterceptor):
    """Every call carries a fresh signed token for an anonymous reader, as the gateway sends it."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    async def intercept_unary_unary(self, continuation, details, request):
        details = details._replace(metadata=bearer_metadata(issue_token(ANONYMOUS, self.secret)))
        return await continuation(details, request)


class _Recorder:
    """Stands in for a session: runs each statement queries.page runs, and keeps it."""

    def __init__(self, session) -> None:
        self.session, self.statements = session, []

    async def execute(self, statement, parameters=None):
        self.statements.append((statement, parameters or {}))
        return await self.session.execute(statement, parameters)



async def page_sql(service: CollaborationService, request: col.ListEventsRequest,
                   now: datetime.datetime) -> list[tuple[str, list]]:
    """The statements ListEvents runs for this request (SQL text and positional parameters), in order; a
    full-text search runs one or two before reading its page (see queries._nearest_matches)."""
    f = listing.filters_from(request, now.date())
    after = page_tokens.decode(request.page_token, f.fingerprint(), service.listing.token_secret) \
        if request.page_token else None
    async with service.sessions() as session:
        recorder = _Recorder(session)
        await queries.page(recorder, f, now, after)
    found = []
    for statement, parameters in recorder.statements:
        compiled = statement.compile(dialect=service.engine.dialect, compile_kwargs={"render_postcompile": True})
        processors, given = compiled._bind_processors, {**compiled.params, **parameters}
        values = [processors[n](given[n]) if n in processors else given[n] for n in compiled.positiontup or ()]
        found.append((str(compiled), values))
    return found


class GcPauses:
    """Python's garbage collections while timing: the services run in this process, so a long collection
    shows up as a slow call that PostgreSQL did not cause."""

    def __init__(self) -> None:
        self.started, self.durations = {}, []
        gc.callbacks.append(self._track)

    def _track(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.started[info["generation"]] = time.perf_counter()
        elif info["generation"] in self.started:
            self.durations.append(
                (info["generation"], (time.perf_counter() - self.started.pop(info["generation"])) * 1000)
            )

    def stop(self) -> dict:
        gc.callbacks.remove(self._track)
        long = sorted((ms for _, ms in self.durations if ms >= 5), reverse=True)
        return dict(collections=len(self.durations), over_5_ms=len(long), longest_ms=[round(ms, 1) for ms in long[:5]],
                    full_collections=sum(1 for generation, _ in self.durations if generation == 2))


def quantiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else [ordered[0]] * 99
    return dict(calls=len(ordered), p50=round(cuts[49], 2), p99=round(cuts[98], 2), max=round(ordered[-1], 2),
                mean=round(statistics.fmean(ordered), 2))


async def time_case(case: Case, stub, sql: asyncpg.Connection, service, calls: int, warmup: int) -> None:
    plan = [case.requests[i % len(case.requests)] for i in range(warmup + calls)]
    case.window = (datetime.datetime.now(datetime.UTC), None)
    for number, request in enumerate(plan):
        started = time.perf_counter()
        answer = await stub.ListEvents(request)
        elapsed = (time.perf_counter() - started) * 1000
        if number >= warmup:
            case.latencies.append(elapsed)
            case.rows.append(len(answer.events))
            case.by_request.setdefault(request.SerializeToString(), []).append(elapsed)
    case.window = (case.window[0], datetime.datetime.now(datetime.UTC))
    statements = {}
    for number, request in enumerate(plan):
        key = request.SerializeToString()
        if key not in statements:
            statements[key] = [(await sql.prepare(text), values)
                               for text, values in await page_sql(service, request, service.now())]
        started = time.perf_counter()
        for prepared, values in statements[key]:
            await prepared.fetch(*values)
        if number >= warmup:
            case.sql_latencies.append((time.perf_counter() - started) * 1000)


async def matches(service, sql: asyncpg.Connection, request: col.ListEventsRequest) -> int:
    """How many listed events the request's filters select (all pages)."""
    now = service.now()
    f = listing.filters_from(request, now.date())
    events, docs = tables.events, tables.search_documents
    counted = select(func.count()).select_from(events).where(
        queries.LISTED, *queries._section(f, now, events.c.start_utc, events.c.end_utc), *queries._filters(f))
    if f.query:
        counted = counted.join(docs, docs.c.event_id == events.c.id).where(
            docs.c.document.op("@@")(queries._query(f.query)))
    compiled = counted.compile(
        dialect=service.engine.dialect, compile_kwargs={"render_postcompile": True})
    processors = compiled._bind_processors
    values = [processors[n](compiled.params[n]) if n in processors else compiled.params[n]
              for n in compiled.positiontup]
    return await sql.fetchval(str(compiled), *values)


async def variants(case: Case, sql: asyncpg.Connection, service) -> list[dict]:
    """Each distinct request of the case: its filters, how many events match, its own p50/p99."""
    found, seen = [], set()
    for request in case.requests:
        key = request.SerializeToString()
        if key in seen or key not in case.by_request:
            continue
        seen.add(key)
        fields = listing_request_fields(request)
        fields.pop("section", None)
        found.append(dict(request=fields, matches=await matches(service, sql, request),
                          **{k: v for k, v in quantiles(case.by_request[key]).items() if k in ("calls", "p50", "p99")}))
    return found


async def explain_slowest(case: Case, sql: asyncpg.Connection, service) -> tuple[dict, str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the case's slowest request, planned afresh for its values."""
    slowest = max(case.by_request, key=lambda key: statistics.median(case.by_request[key]))
    request = col.ListEventsRequest.FromString(slowest)
    plans = []
    async with sql.transaction():  # a SET LOCAL the page runs first holds for the statements after it
        for text, values in await page_sql(service, request, service.now()):
            if not text.lstrip().upper().startswith(("SELECT", "WITH")):
                await sql.execute(text, *values)  # a setting, not a query: nothing to explain
                continue
            plans.append("\n".join(r[0] for r in await sql.fetch("EXPLAIN (ANALYZE, BUFFERS) " + text, *values)))
    return listing_request_fields(request), "\n\n".join(plans)


def logged_plans(log: pathlib.Path, since: int) -> list[tuple[datetime.datetime, float, str]]:
    """auto_explain entries of the service's own slow statements: (time, ms, plan as the service ran it)."""
    entries, current = [], None
    with log.open("rb") as handle:
        handle.seek(since)
        text = handle.read().decode("utf-8", "replace")
    for line in text.splitlines():
        head = AUTO_EXPLAIN.match(line)
        if head:
            current = [datetime.datetime.strptime(head["time"], "%Y-%m-%d %H:%M:%S.%f").replace(
                tzinfo=datetime.UTC), float(head["ms"]), []]
            entries.append(current)
        elif current is not None and line.startswith("\t"):
            current[2].append(line[1:])
        else:
            current = None
    return [(when, ms, "\n".join(lines)) for when, ms, lines in entries]


def service_plan(case: Case, plans: list) -> dict | None:
    """The slowest logged plan of the case's own calls, and whether PostgreSQL ran a generic plan."""
    start, end = case.window
    mine = [p for p in plans if start <= p[0] <= end + datetime.timedelta(seconds=1)]
    if not mine:
        return None
    when, ms, plan = max(mine, key=lambda p: p[1])
    body = plan.split("LIMIT", 1)[-1]
    return dict(ms=ms, logged=len(mine), generic=bool(re.search(r"\(\$\d+\)|[=<>] \$\d+", body.split("\n", 1)[-1])),
                plan=plan)


def listing_request_fields(request: col.ListEventsRequest) -> dict:
    from google.protobuf.json_format import MessageToDict

    fields = MessageToDict(request, preserving_proto_field_name=True)
    if "page_token" in fields:
        fields["page_token"] = "…"
    return fields


# ----------------------------------------------------------------------------------------------- propagation


async def propagation(reg_stub, col_stub, secret: str, count: int, poll_seconds: float, pause: float,
                      rng: random.Random, timeout: float = 10.0) -> dict:
    def md(identity: Identity) -> tuple:
        return bearer_metadata(issue_token(identity, secret))

    async def visible(tag: str, check) -> float:
        """ms from now until the listed row named `tag` passes check (polling every poll_seconds)."""
        started = time.perf_counter()
        deadline = started + timeout
        while time.perf_counter() < deadline:
            found = (await col_stub.ListEvents(col.ListEventsRequest(section=UPCOMING, name=tag))).events
            if found and check(found[0]):
                return (time.perf_counter() - started) * 1000
            await asyncio.sleep(poll_seconds)
        return float("inf")

    organizer = Identity(90_000_001, "Bench Organizer", frozenset({RIGHT_ORGANIZER}))
    created, registered = [], []
    start_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    for number in range(count + 1):  # the first one only warms up the path
        await asyncio.sleep(rng.uniform(0, pause))
        tag = uuid.uuid4().hex[:12]
        event = pb.Event(
            page=pb.EventPage(wiki="enwiki", title=f"Event:Propagation {tag}"), timezone="UTC",
            start_local_time=start_at.strftime(LOCAL), end_local_time=(start_at + datetime.timedelta(hours=3))
            .strftime(LOCAL), types=["meetup"], participation_options=pb.PARTICIPATION_OPTIONS_ONLINE,
            meeting_url="https://meet.example.org/bench", wikis=["enwiki"], topics=["history"],
            participant_limit=100)
        answer = await reg_stub.CreateEvent(reg.CreateEventRequest(event=event), metadata=md(organizer))
        seen = await visible(tag, lambda row: True)
        reader = Identity(91_000_000 + number, f"Bench Reader {number}")
        await asyncio.sleep(rng.uniform(0, pause))
        await reg_stub.RegisterParticipant(reg.RegisterParticipantRequest(event_id=answer.id), metadata=md(reader))
        counted = await visible(tag, lambda row: row.participant_count >= 1)
        if number:
            created.append(seen)
            registered.append(counted)
    return {"CreateEvent -> listed": created, "RegisterParticipant -> participant_count": registered}


async def stages(sql: asyncpg.Connection, nats_url: str, since: datetime.datetime) -> dict:
    """Where the propagation time goes, per kind of registration event: from the change (its outbox row) to the
    relay picking it up, from there to JetStream storing it, and from there to the collaboration consumer
    handling it (database clocks and the NATS server's clock, all on this machine)."""
    rows = await sql.fetch(
        "SELECT o.id::text AS id, o.type, o.create_time, o.publish_time, p.handle_time"
        " FROM registration.outbox o JOIN collaboration.processed_messages p ON p.message_id = o.id::text"
        " WHERE o.create_time >= $1", since)
    stored: dict[str, datetime.datetime] = {}
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        state = (await js.stream_info(bus.STREAM)).state
        for sequence in range(state.first_seq, state.last_seq + 1):
            message = await js.get_msg(bus.STREAM, sequence)
            if message.headers and message.time:
                stored[message.headers.get(bus.HEADER_MESSAGE_ID, "")] = message.time
    finally:
        await client.close()
    found: dict[str, dict] = {}
    for kind in sorted({r["type"] for r in rows}):
        mine = [r for r in rows if r["type"] == kind and r["id"] in stored]
        ms = lambda later, earlier: (later - earlier).total_seconds() * 1000  # noqa: E731
        found[kind.rsplit(".", 1)[-1]] = {
            "change -> relay": quantiles([ms(r["publish_time"], r["create_time"]) for r in mine]),
            "relay -> stored": quantiles([ms(stored[r["id"]], r["publish_time"]) for r in mine]),
            "stored -> handled": quantiles([ms(r["handle_time"], stored[r["id"]]) for r in mine])}
    return found


# ----------------------------------------------------------------------------------------------- main


def machine_facts() -> dict:
    model = ""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        memory = pathlib.Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    except (OSError, IndexError):
        pass
    return dict(source=source_facts(), load_average=os.getloadavg(), cpu_count=os.cpu_count(),
                cpus_usable=len(os.sched_getaffinity(0)), cpu_model=model,
                memory=memory, platform=platform.platform(), python=platform.python_version(),
                grpcio=grpc.__version__, asyncpg=asyncpg.__version__)


def print_table(rows: list[dict]) -> None:
    header = f"{'case':<30} {'calls':>5} {'rows':>4} {'p50':>8} {'p99':>8} {'max':>8} " \
             f"{'sql p50':>8} {'sql p99':>8} {'target':>8}  met"
    print(header)
    print("-" * len(header))

    def ms(stats: dict | None, key: str) -> str:
        return f"{stats[key]:.2f}" if stats and key in stats else "-"

    for row in rows:
        e, s = row["grpc"], row.get("sql")
        target = row.get("target_ms")
        verdict = "" if target is None else ("yes" if e.get("p99", float("inf")) < target else "NO")
        print(f"{row['case']:<30} {e['calls']:>5} {row.get('rows_mean', ''):>4} {ms(e, 'p50'):>8} {ms(e, 'p99'):>8} "
              f"{ms(e, 'max'):>8} {ms(s, 'p50'):>8} {ms(s, 'p99'):>8} {'' if target is None else f'< {target:g}':>8}"
              f"  {verdict}")


async def main(args: argparse.Namespace) -> None:
    configure_logging("warning")
    command = " ".join([".venv/bin/python", "bench/collaboration_listing.py", *map(shlex.quote, sys.argv[1:])])
    facts = machine_facts()
    print(f"command: {command}")
    print(f"source: {facts['source']}")
    print(f"machine: {facts['cpu_count']} CPUs ({facts['cpus_usable']} usable) {facts['cpu_model']}, "
          f"{facts['memory']} RAM, {facts['platform']}, Python {facts['python']}, grpcio {facts['grpcio']}, "
          f"load average {' '.join(f'{v:.2f}' for v in facts['load_average'])}")
    secret = secrets.token_urlsafe(48)
    with postgres_and_nats(keep=args.keep) as (postgres, nats_server):
        await provision.ensure_database(postgres.url(), DATABASE)
        admin = postgres.url(database=DATABASE)
        await provision.ensure_service_role(admin, "registration", "registration")
        await provision.ensure_service_role(admin, "collaboration", "collaboration", extensions=("pg_trgm",))
        reg_settings = RegistrationSettings(
            database_url=postgres.url("registration", "registration", DATABASE), nats_url=nats_server.url,
            grpc_address="127.0.0.1:0", identity_secret=secret,
            **({"relay_idle_seconds": args.relay_idle} if args.relay_idle is not None else {}))
        col_settings = CollaborationSettings(
            database_url=postgres.url("collaboration", "collaboration", DATABASE), nats_url=nats_server.url,
            grpc_address="127.0.0.1:0", identity_secret=secret, page_token_secret=secrets.token_urlsafe(32),
            wikidata_sparql_url="http://127.0.0.1:9/sparql", wikidata_api_url="http://127.0.0.1:9/w/api.php")
        await migrate_registration(reg_settings)
        await migrate_collaboration(col_settings)
        dsn = postgres.url(database=DATABASE).replace("postgresql+asyncpg://", "postgresql://")
        server = await asyncpg.connect(dsn)
        try:
            facts["postgres"] = await server.fetchval("SHOW server_version")
            facts["postgres_settings"] = {name: await server.fetchval(f"SHOW {name}") for name in
                                          ("shared_buffers", "work_mem", "jit", "random_page_cost", "fsync")}
            # The plans of the service's own slow statements, as it runs them (prepared, maybe generic), go to
            # the server log; without log_analyze, this costs nothing measurable.
            await server.execute("ALTER ROLE collaboration SET session_preload_libraries = 'auto_explain'")
            await server.execute(f"ALTER ROLE collaboration SET auto_explain.log_min_duration = '{LOGGED_OVER_MS}ms'")
        finally:
            await server.close()
        print(f"postgres {facts['postgres']} {facts['postgres_settings']}; nats-server {nats_server.url}")
        print(f"settings: page size {50} (the maximum), relay_idle_seconds={reg_settings.relay_idle_seconds}, "
              f"collaboration pool {col_settings.database_pool_size}, {args.calls} calls per case after "
              f"{args.warmup} warm-up calls")
        now = datetime.datetime.now(datetime.UTC)
        print(f"\nseeding {args.events:,} events into collaboration.events ...", flush=True)
        seeded = await seed(dsn, args.events, now, random.Random(args.seed))
        print(f"seeded: {seeded}", flush=True)

        registration = RegistrationService(reg_settings, run_timers=False)
        reg_port = await registration.start()
        collaboration = CollaborationService(col_settings)
        col_port = await collaboration.start()
        sql = await asyncpg.connect(dsn, server_settings={"search_path": "collaboration",
                                                          "plan_cache_mode": "force_custom_plan"})
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{col_port}",
                                                 interceptors=[AnonymousReader(secret)]) as col_channel, \
                    grpc.aio.insecure_channel(f"127.0.0.1:{reg_port}") as reg_channel:
                col_stub = collaboration_service_pb2_grpc.CollaborationServiceStub(col_channel)
                reg_stub = registration_service_pb2_grpc.RegistrationServiceStub(reg_channel)
                # As `eventcenter serve` does once started (the seeding's garbage goes first).
                gc.collect()
                gc.freeze()
                report = await measure(args, facts, collaboration, col_stub, reg_stub, sql, secret, now,
                                       postgres.data_dir / "server.log", nats_server.url)
        finally:
            await sql.close()
            await collaboration.stop()
            await registration.stop()
    report.update(command=command, seeded=seeded)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    shown = RESULTS.relative_to(pathlib.Path.cwd()) if RESULTS.is_relative_to(pathlib.Path.cwd()) else RESULTS
    print(f"\nwrote {shown}")


async def measure(args, facts, collaboration, col_stub, reg_stub, sql, secret, now, log, nats_url) -> dict:
    all_cases = cases(now)
    all_cases.append(Case(f"pages 1-{args.pages}, upcoming", await deep_pages(
        col_stub, col.ListEventsRequest(section=UPCOMING), args.pages), note="following page tokens"))
    all_cases.append(Case(f"pages 1-{args.pages}, query", await deep_pages(
        col_stub, col.ListEventsRequest(section=UPCOMING, query="history"), args.pages),
        note="ranked keyset (rank, start, id)"))
    log_from = log.stat().st_size
    pauses = GcPauses()
    print(
        "\nListEvents latency (ms; gRPC = end to end over loopback, sql = the page's statements alone, custom plans):",
        flush=True,
    )
    rows = []
    for case in all_cases:
        await time_case(case, col_stub, sql, collaboration, args.calls, args.warmup)
        rows.append(dict(case=case.name, note=case.note, target_ms=case.target_ms,
                         rows_mean=round(statistics.fmean(case.rows)) if case.rows else 0,
                         grpc=quantiles(case.latencies), sql=quantiles(case.sql_latencies),
                         variants=await variants(case, sql, collaboration)))
        print(f"  {case.name:<30} p50 {rows[-1]['grpc']['p50']:7.2f}  p99 {rows[-1]['grpc']['p99']:7.2f}  "
              f"(sql p50 {rows[-1]['sql']['p50']:.2f}, p99 {rows[-1]['sql']['p99']:.2f})", flush=True)
    plans = logged_plans(log, log_from)
    facts["gc_pauses_while_listing"] = pauses.stop()
    print(f"  (garbage collections in this process, which hosts the services and the client: "
          f"{facts['gc_pauses_while_listing']})")
    facts["load_average_after_listing"] = os.getloadavg()
    print(f"  (load average {' '.join(f'{v:.2f}' for v in facts['load_average_after_listing'])}: "
          f"this benchmark alone keeps it near 1-1.5; more means something else ran too)")

    print(f"\npropagation: {args.propagation} events created, then one registration each; "
          f"each after a random 0-{args.pause_ms:g} ms pause; list polled every {args.poll_ms:g} ms ...",
          flush=True)
    since = datetime.datetime.now(datetime.UTC)
    moved = await propagation(reg_stub, col_stub, secret, args.propagation, args.poll_ms / 1000,
                              args.pause_ms / 1000, random.Random(args.seed + 1))
    moved_stages = await stages(sql, nats_url, since)
    for kind, parts in moved_stages.items():
        print("  " + kind + ": " + ", ".join(f"{part} p50 {q['p50']:.1f} p99 {q['p99']:.1f} max {q['max']:.1f} ms"
                                             for part, q in parts.items() if q))
    for name, label in (("CreateEvent -> listed", "CreateEvent -> listed"),
                        ("RegisterParticipant -> participant_count", "RegisterParticipant -> count")):
        values = moved[name]
        stats = quantiles([v for v in values if v != float("inf")])
        stats["calls"] = len(values)
        stats["not_seen"] = sum(1 for v in values if v == float("inf"))
        rows.append(dict(case=label, note=f"{name}: ms from the registration answer to the change being listed",
                         target_ms=PROPAGATION_TARGET_MS, grpc=stats, sql=None, rows_mean=""))

    print("\nresults (ms)")
    print_table(rows)
    explained = {}
    for case, row in zip(all_cases, rows, strict=False):
        if case.target_ms is None or row["grpc"]["p99"] < case.target_ms:
            continue
        print(f"\nMISSED {case.name}: p99 {row['grpc']['p99']:.1f} ms (sql alone p99 {row['sql']['p99']:.1f} ms)")
        for v in row["variants"]:
            print(f"    {json.dumps(v['request'], ensure_ascii=False):<62} matches {v['matches']:>6}  "
                  f"p50 {v['p50']:7.2f}  p99 {v['p99']:7.2f}")
        ran = service_plan(case, plans)
        if ran:
            print(f"  slowest statement the service ran: {ran['ms']:.1f} ms, "
                  f"{'GENERIC' if ran['generic'] else 'custom'} plan ({ran['logged']} logged over {LOGGED_OVER_MS} ms)")
            print(indent(plan_only(ran["plan"])))
        request, plan = await explain_slowest(case, sql, collaboration)
        print(f"  EXPLAIN ANALYZE, slowest request {json.dumps(request, ensure_ascii=False)}, planned for its values:")
        print(indent(plan))
        explained[case.name] = dict(request=request, explain_analyze=plan, service_plan=ran)
    missed = [r["case"] for r in rows
              if r.get("target_ms") is not None and r["grpc"].get("p99", float("inf")) >= r["target_ms"]]
    print(f"\ntargets: list p99 < {LIST_TARGET_MS:g} ms, propagation p99 < {PROPAGATION_TARGET_MS:g} ms -> "
          + ("all met" if not missed else "missed: " + ", ".join(missed)))
    return dict(machine=facts, events=args.events, calls_per_case=args.calls, warmup=args.warmup,
                page_size=50, poll_ms=args.poll_ms, pause_ms=args.pause_ms,
                relay_idle_seconds=args.relay_idle_effective,
                results=rows, propagation_stages=moved_stages, missed=missed, explain=explained,
                time=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))


def plan_only(logged: str) -> str:
    """The plan of an auto_explain entry, without the statement text and parameters before it."""
    lines = logged.split("\n")
    for number, line in enumerate(lines):
        if line.startswith(("Limit", "Sort", "Nested Loop", "Gather", "Index Scan", "Bitmap", "Seq Scan")):
            return "\n".join(lines[number:])
    return logged


def indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line for line in text.split("\n"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events seeded into the read model")
    parser.add_argument("--calls", type=int, default=300, help="timed ListEvents calls per case")
    parser.add_argument("--warmup", type=int, default=30, help="untimed calls before each case")
    parser.add_argument("--pages", type=int, default=20, help="pages followed by the deep paging cases")
    parser.add_argument("--propagation", type=int, default=200, help="events created to time propagation")
    parser.add_argument("--pause-ms", type=float, default=PAUSE_SECONDS * 1000,
                        help="longest random pause before each timed change")
    parser.add_argument("--poll-ms", type=float, default=2.0, help="list polling interval while waiting")
    parser.add_argument("--relay-idle", type=float, default=None,
                        help="registration outbox relay idle poll in seconds (default: the service default)")
    parser.add_argument("--keep", action="store_true", help="keep the servers' data folder (and logs) afterwards")
    parser.add_argument("--seed", type=int, default=20250101, help="random seed of the generated events")
    arguments = parser.parse_args()
    arguments.relay_idle_effective = arguments.relay_idle if arguments.relay_idle is not None \
        else RegistrationSettings.model_fields["relay_idle_seconds"].default
    asyncio.run(main(arguments))
