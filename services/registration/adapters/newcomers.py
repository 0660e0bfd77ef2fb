"""SQL of newcomers' registrations on the driver's connection, for a batch of calls at once (see GroupCommit): one
read that takes the events' counter locks, and one write, whatever the batch's size.

The same tables and rules as `participants`, `repository` and `people`, in two statements (four round trips with
the transaction's begin and commit) instead of about ten SQLAlchemy statements per call (see DirectWork). Rows
come back as attribute objects, so the protobuf mapping in `messages` serves both paths."""
import datetime
import json
from collections.abc import Sequence
from types import SimpleNamespace

import asyncpg

# For each call (event, caller, caller's name): the event, what this service knows of the caller, their
# registration if they ever had one, and the event's counters under their lock (held to the commit), with a new
# participant id unless the person's old row comes back. The lock comes first so that the counters read are the
# ones the write changes; batches take their locks in event order, so two batches never wait on each other in a
# circle. `call` is the call's place in the batch, from 1.
CALLERS_EVENTS_AND_COUNTERS = """
SELECT r.call, e.*, u.user_id IS NOT NULL AS caller_known, u.name AS caller_name, u.rights AS caller_rights,
       u.signed_in_rights AS caller_signed_in_rights, u.revoked_rights AS caller_revoked_rights,
       u.blocked AS caller_blocked, p.id AS participant_id,
       p.id IS NOT NULL AND p.delete_time IS NULL AS participant_active, p.revision AS participant_revision,
       EXISTS (SELECT 1 FROM users o WHERE o.name = r.name AND o.user_id <> r.user_id) AS name_taken,
       c.registered AS counters_registered, c.private AS counters_private, c.waitlisted AS counters_waitlisted,
       c.next_queue_seq AS counters_next_queue_seq, c.revision AS counters_revision,
       CASE WHEN p.id IS NULL THEN nextval(pg_get_serial_sequence('participants', 'id')) END AS new_participant_id
FROM unnest($1::bigint[], $2::bigint[], $3::text[]) WITH ORDINALITY AS r(event_id, user_id, name, call)
JOIN events e ON e.id = r.event_id
JOIN event_counters c ON c.event_id = e.id
LEFT JOIN users u ON u.user_id = r.user_id
LEFT JOIN participants p ON p.event_id = e.id AND p.user_id = r.user_id
ORDER BY e.id, r.call
FOR UPDATE OF c
"""
# Tests only (UnitOfWork's unlocked_counters_for_tests): the same read without the counter lock.
CALLERS_EVENTS_AND_COUNTERS_UNLOCKED = CALLERS_EVENTS_AND_COUNTERS.replace("FOR UPDATE OF c\n", "")

# Everything a batch writes, in one statement: the callers' accounts (when new, renamed, or signed in with other
# rights: comma-separated, as unnest cannot take an array per row), the participants (new,
# or cancelled registrations brought back as new, with the revision their events carry), each event's counters, the
# answers and the outbox rows. It counts the participants written: fewer than the batch's means an active
# registration (or another change of a cancelled one) came in meanwhile.
REGISTER_MANY = """
WITH person AS (
    INSERT INTO users (user_id, name, signed_in_rights)
    SELECT u.user_id, u.name, string_to_array(u.rights, ',')
    FROM unnest($1::bigint[], $2::text[], $25::text[]) AS u(user_id, name, rights)
    ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, signed_in_rights = EXCLUDED.signed_in_rights,
                                        update_time = now()
    WHERE users.name <> EXCLUDED.name OR users.signed_in_rights <> EXCLUDED.signed_in_rights
), joined AS (
    INSERT INTO participants AS p (id, event_id, user_id, private, state, queue_seq, register_time, first_answer_time,
                                   revision)
    SELECT n.id, n.event_id, n.user_id, n.private, n.state, n.queue_seq, n.register_time,
           CASE WHEN n.answered THEN now() END, n.revision
    FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::boolean[], $7::text[], $8::bigint[],
                $9::timestamptz[], $10::boolean[], $26::bigint[])
         AS n(id, event_id, user_id, private, state, queue_seq, register_time, answered, revision)
    ON CONFLICT ON CONSTRAINT participants_event_user_key DO UPDATE
    SET private = EXCLUDED.private, state = EXCLUDED.state, queue_seq = EXCLUDED.queue_seq,
        register_time = EXCLUDED.register_time, delete_time = NULL, first_answer_time = EXCLUDED.first_answer_time,
        aggregation_time = NULL, revision = EXCLUDED.revision
    WHERE p.delete_time IS NOT NULL AND p.revision < EXCLUDED.revision
    RETURNING p.id
), counted AS (
    UPDATE event_counters c
    SET registered = c.registered + d.registered, waitlisted = c.waitlisted + d.waitlisted,
        private = c.private + d.private, next_queue_seq = c.next_queue_seq + d.joined, revision = c.revision + d.joined
    FROM unnest($11::bigint[], $12::int[], $13::int[], $14::int[], $15::int[])
         AS d(event_id, registered, waitlisted, private, joined)
    WHERE c.event_id = d.event_id
), replied AS (
    INSERT INTO answers (participant_id, question_id, option, text)
    SELECT * FROM unnest($16::bigint[], $17::smallint[], $18::smallint[], $19::text[])
), announced AS (
    INSERT INTO outbox (id, subject, type, payload, headers)
    SELECT * FROM unnest($20::uuid[], $21::text[], $22::text[], $23::bytea[], $24::jsonb[])
)
SELECT count(*) FROM joined
"""


async def callers_events_and_counters(connection: asyncpg.Connection, calls: Sequence[tuple[int, int, str]],
                                      lock: bool = True) -> dict[int, SimpleNamespace]:
    """Rows by the call's place in `calls` (from 0); a call whose event does not exist has none."""
    query = CALLERS_EVENTS_AND_COUNTERS if lock else CALLERS_EVENTS_AND_COUNTERS_UNLOCKED
    rows = await connection.fetch(query, *_columns(list(calls), 3))
    return {row["call"] - 1: SimpleNamespace(**row) for row in rows}


async def register_many(connection: asyncpg.Connection, newcomers: Sequence) -> bool:
    """Writes the planned registrations (see registration_cases.Newcomer); False, with the transaction to roll
    back, when an active registration of one of these people came in meanwhile."""
    user_ids, names, rights = _columns([(n.row.user_id, n.name, ",".join(sorted(n.rights)))
                                        for n in newcomers if n.remember], 3)
    events: dict[int, list[int]] = {}
    for n in newcomers:
        total = events.setdefault(n.row.event_id, [0, 0, 0, 0])
        for place, delta in enumerate((n.deltas["registered"], n.deltas["waitlisted"], n.deltas["private"], 1)):
            total[place] += delta
    answers = [(n.row.id, a.question_id, a.option, a.text) for n in newcomers for a in n.answers]
    outbox = [n.outbox_row for n in newcomers]
    written = await connection.fetchval(
        REGISTER_MANY, user_ids, names,
        *_columns([(n.row.id, n.row.event_id, n.row.user_id, n.row.private, n.row.state, n.row.queue_seq,
                    n.row.register_time, bool(n.answers)) for n in newcomers], 8),
        *_columns([(event_id, *total) for event_id, total in events.items()], 5),
        *_columns(answers, 4),
        *_columns([(o["id"], o["subject"], o["type"], o["payload"], json.dumps(o["headers"])) for o in outbox], 5),
        rights, [n.row.revision for n in newcomers])
    return written == len(newcomers)


def _columns(rows: list[tuple], width: int) -> list[list]:
    """Rows as columns, for unnest; no rows give `width` empty columns."""
    return [list(column) for column in zip(*rows, strict=False)] if rows else [[] for _ in range(width)]


def register_time() -> datetime.datetime:
    """Taken once the counter lock is held, so that time order is arrival order."""
    return datetime.datetime.now(datetime.UTC)
