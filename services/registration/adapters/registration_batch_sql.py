"""SQL of newcomers' registrations on the driver's connection, for a batch of calls at once (see
registration_batches): one read that takes the events' counter locks, and one write, whatever the batch's size.

The same tables as `participants`, `events` and `people`, in two statements (four round trips with the
transaction's begin and commit) instead of about ten SQLAlchemy statements per call (see DirectWork). They are
SQLAlchemy Core, compiled once at import (kernel/compiled.py) and run on asyncpg. Rows come back as attribute
objects, so the protobuf mapping in `protobuf` serves both paths."""
import datetime
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import asyncpg
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Integer,
    LargeBinary,
    SmallInteger,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    column,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.sql.selectable import TableValuedAlias
from sqlalchemy.types import TypeEngine

from eventcenter.services.kernel.compiled import Compiled
from eventcenter.services.kernel.outbox import Outbox
from eventcenter.services.registration.adapters.tables import (
    answers,
    event_counters,
    events,
    outbox,
    participants,
    users,
)


async def _nothing(work: object) -> None:
    return None


@dataclass
class DirectWork:
    """A transaction on the database driver's own connection, for the hottest use case: SQLAlchemy's statement
    building and result handling cost about ten times what asyncpg does per statement. Its statements write their
    events to the outbox themselves (`outbox` gives the rows)."""
    connection: asyncpg.Connection
    now: datetime.datetime
    outbox: Outbox
    lock_counters: bool = True  # False only in tests (see UnitOfWork)
    counters_read: Callable[[object], Awaitable[None]] = _nothing  # tests only (see UnitOfWork)


def _unnest(alias: str, **columns: TypeEngine) -> TableValuedAlias:
    """Rows from one array parameter per column (named as the column), for a whole batch in one statement."""
    arrays = [bindparam(f"{alias}_{name}", type_=ARRAY(type_)) for name, type_ in columns.items()]
    return func.unnest(*arrays).table_valued(*(column(n, t) for n, t in columns.items())).render_derived(name=alias)


def _callers_events_and_counters(lock: bool) -> Compiled:
    """For each call (event, caller, caller's name): the event, what this service knows of the caller, their
    registration if they ever had one, and the event's counters under their lock (held to the commit), with a new
    participant id unless the person's old row comes back. The lock comes first so that the counters read are the
    ones the write changes; batches take their locks in event order, so two batches never wait on each other in a
    circle. `call` is the call's place in the batch, from 1."""
    r = func.unnest(bindparam("event_ids", type_=ARRAY(BigInteger)), bindparam("user_ids", type_=ARRAY(BigInteger)),
                    bindparam("names", type_=ARRAY(Text))).table_valued(
        column("event_id", BigInteger), column("user_id", BigInteger), column("name", Text),
        with_ordinality="call").render_derived(name="r")
    e, c, u, p, o = events.alias("e"), event_counters.alias("c"), users.alias("u"), participants.alias("p"), \
        users.alias("o")
    query = (
        select(r.c.call, e, u.c.user_id.is_not(None).label("caller_known"), u.c.name.label("caller_name"),
               u.c.rights.label("caller_rights"), u.c.signed_in_rights.label("caller_signed_in_rights"),
               u.c.revoked_rights.label("caller_revoked_rights"), u.c.blocked.label("caller_blocked"),
               p.c.id.label("participant_id"), and_(p.c.id.is_not(None), p.c.delete_time.is_(None))
               .label("participant_active"), p.c.revision.label("participant_revision"),
               exists().where(o.c.name == r.c.name, o.c.user_id != r.c.user_id).label("name_taken"),
               c.c.registered.label("counters_registered"), c.c.private.label("counters_private"),
               c.c.waitlisted.label("counters_waitlisted"), c.c.next_queue_seq.label("counters_next_queue_seq"),
               c.c.revision.label("counters_revision"),
               case((p.c.id.is_(None), func.nextval(func.pg_get_serial_sequence("participants", "id"))))
               .label("new_participant_id"))
        .select_from(r.join(e, e.c.id == r.c.event_id).join(c, c.c.event_id == e.c.id)
                     .outerjoin(u, u.c.user_id == r.c.user_id)
                     .outerjoin(p, and_(p.c.event_id == e.c.id, p.c.user_id == r.c.user_id)))
        .order_by(e.c.id, r.c.call))
    return Compiled(query.with_for_update(of=c) if lock else query)


CALLERS_EVENTS_AND_COUNTERS = _callers_events_and_counters(lock=True)
# Tests only (UnitOfWork's unlocked_counters_for_tests): the same read without the counter lock.
CALLERS_EVENTS_AND_COUNTERS_UNLOCKED = _callers_events_and_counters(lock=False)


def _register_many() -> Compiled:
    """Everything a batch writes, in one statement: the callers' accounts (when new, renamed, or signed in with
    other rights: comma-separated, as unnest cannot take an array per row), the participants (new, or cancelled
    registrations brought back as new, with the revision their events carry), each event's counters, the answers
    and the outbox rows. It counts the participants written: fewer than the batch's means an active registration
    (or another change of a cancelled one) came in meanwhile."""
    who = _unnest("who", user_id=BigInteger(), name=Text(), rights=Text())
    person = pg_insert(users).from_select(["user_id", "name", "signed_in_rights"], select(
        who.c.user_id, who.c.name, func.string_to_array(who.c.rights, ",", type_=ARRAY(Text))))
    person = person.on_conflict_do_update(
        index_elements=["user_id"], set_={"name": person.excluded.name, "update_time": func.now(),
                                          "signed_in_rights": person.excluded.signed_in_rights},
        where=or_(users.c.name != person.excluded.name, users.c.signed_in_rights != person.excluded.signed_in_rights))
    n = _unnest("n", id=BigInteger(), event_id=BigInteger(), user_id=BigInteger(), private=Boolean(), state=Text(),
                queue_seq=BigInteger(), register_time=DateTime(timezone=True), answered=Boolean(),
                revision=BigInteger())
    placed = ("id", "event_id", "user_id", "private", "state", "queue_seq", "register_time", "revision")
    joined = pg_insert(participants).from_select([*placed, "first_answer_time"], select(
        *(n.c[name] for name in placed), case((n.c.answered, func.now()))))
    again = {name: joined.excluded[name] for name in ("private", "state", "queue_seq", "register_time",
                                                       "first_answer_time", "revision")}
    joined = joined.on_conflict_do_update(
        constraint="participants_event_user_key", set_={**again, "delete_time": None, "aggregation_time": None},
        where=and_(participants.c.delete_time.is_not(None), participants.c.revision < joined.excluded.revision))
    d = _unnest("d", event_id=BigInteger(), registered=Integer(), waitlisted=Integer(), private=Integer(),
                joined=Integer())
    c = event_counters.c
    counted = update(event_counters).where(c.event_id == d.c.event_id).values(
        registered=c.registered + d.c.registered, waitlisted=c.waitlisted + d.c.waitlisted,
        private=c.private + d.c.private, next_queue_seq=c.next_queue_seq + d.c.joined,
        revision=c.revision + d.c.joined)
    a = _unnest("a", participant_id=BigInteger(), question_id=SmallInteger(), option=SmallInteger(), text=Text())
    replied = insert(answers).from_select(["participant_id", "question_id", "option", "text"], select(a))
    m = _unnest("m", id=Uuid(), subject=Text(), type=Text(), payload=LargeBinary(), headers=Text())
    announced = insert(outbox).from_select(["id", "subject", "type", "payload", "headers"], select(
        m.c.id, m.c.subject, m.c.type, m.c.payload, cast(m.c.headers, JSONB)))
    written = joined.returning(participants.c.id).cte("joined")
    return Compiled(select(func.count()).select_from(written).add_cte(
        person.cte("person"), counted.cte("counted"), replied.cte("replied"), announced.cte("announced")))


REGISTER_MANY = _register_many()


async def callers_events_and_counters(connection: asyncpg.Connection, calls: Sequence[tuple[int, int, str]],
                                      lock: bool = True) -> dict[int, SimpleNamespace]:
    """Rows by the call's place in `calls` (from 0); a call whose event does not exist has none."""
    query = CALLERS_EVENTS_AND_COUNTERS if lock else CALLERS_EVENTS_AND_COUNTERS_UNLOCKED
    event_ids, user_ids, names = _columns(list(calls), 3)
    rows = await query.fetch(connection, event_ids=event_ids, user_ids=user_ids, names=names)
    return {row["call"] - 1: SimpleNamespace(**row) for row in rows}


def _values(alias: str, names: str, rows: list[tuple]) -> dict[str, list]:
    """The array parameters of `_unnest(alias, names…)` from rows."""
    return {f"{alias}_{name}": column for name, column in zip(names.split(), _columns(rows, len(names.split())),
                                                               strict=True)}


async def register_many(connection: asyncpg.Connection, newcomers: Sequence) -> bool:
    """Writes the planned registrations (see registration_batches.Newcomer); False, with the transaction to roll
    back, when an active registration of one of these people came in meanwhile."""
    changes: dict[int, list[int]] = {}
    for n in newcomers:
        total = changes.setdefault(n.row.event_id, [0, 0, 0, 0])
        for place, delta in enumerate((n.change.registered, n.change.waitlisted, n.change.private, 1)):
            total[place] += delta
    accounts = [(n.row.user_id, n.name, ",".join(sorted(n.rights))) for n in newcomers if n.remember]
    joining = [(n.row.id, n.row.event_id, n.row.user_id, n.row.private, n.row.state, n.row.queue_seq,
                n.row.register_time, bool(n.answers), n.row.revision) for n in newcomers]
    replies = [(n.row.id, a.question_id, a.option, a.text) for n in newcomers for a in n.answers]
    announced = [(o["id"], o["subject"], o["type"], o["payload"], json.dumps(o["headers"]))
                 for o in (n.outbox_row for n in newcomers)]
    written = await REGISTER_MANY.fetchval(
        connection, **_values("who", "user_id name rights", accounts),
        **_values("n", "id event_id user_id private state queue_seq register_time answered revision", joining),
        **_values("d", "event_id registered waitlisted private joined", [(e, *t) for e, t in changes.items()]),
        **_values("a", "participant_id question_id option text", replies),
        **_values("m", "id subject type payload headers", announced))
    return written == len(newcomers)


def _columns(rows: list[tuple], width: int) -> list[list]:
    """Rows as columns, for unnest; no rows give `width` empty columns."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def register_time() -> datetime.datetime:
    """Taken once the counter lock is held, so that time order is arrival order."""
    return datetime.datetime.now(datetime.UTC)
