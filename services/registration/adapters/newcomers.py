"""SQL of a newcomer's registration on the driver's connection: one read that takes the event's counter lock, and
one write.

The same tables and rules as `participants`, `repository` and `people`, in two statements (four round trips with
the transaction's begin and commit) instead of about ten SQLAlchemy statements (see DirectWork). Rows come back as
attribute objects, so the protobuf mapping in `messages` serves both paths."""
import datetime
import json
from types import SimpleNamespace

import asyncpg

from eventcenter.services.registration.domain.questions import AnswerValue

# The event, what this service knows of the caller, their registration if they ever had one, and the event's
# counters under their lock (held to the commit), with a new participant id unless the person's old row comes back.
# The lock comes first so that the counters read are the ones the write changes.
CALLER_EVENT_AND_COUNTERS = """
SELECT e.*, u.user_id IS NOT NULL AS caller_known, u.name AS caller_name, u.rights AS caller_rights,
       u.blocked AS caller_blocked, p.id AS participant_id,
       p.id IS NOT NULL AND p.delete_time IS NULL AS participant_active,
       EXISTS (SELECT 1 FROM users o WHERE o.name = $3 AND o.user_id <> $2) AS name_taken,
       c.registered AS counters_registered, c.private AS counters_private, c.waitlisted AS counters_waitlisted,
       c.next_queue_seq AS counters_next_queue_seq, c.revision AS counters_revision,
       CASE WHEN p.id IS NULL THEN nextval(pg_get_serial_sequence('participants', 'id')) END AS new_participant_id
FROM events e
JOIN event_counters c ON c.event_id = e.id
LEFT JOIN users u ON u.user_id = $2
LEFT JOIN participants p ON p.event_id = e.id AND p.user_id = $2
WHERE e.id = $1
FOR UPDATE OF c
"""

# Everything the registration writes, in one statement: the caller's account (when new or renamed), the
# participant (new, or a cancelled registration brought back as new), the counters, the answers and the outbox
# row. Nothing but the account is written when an active registration exists: it returns no row.
REGISTER = """
WITH person AS (
    INSERT INTO users (user_id, name) SELECT $1, $2 WHERE $3
    ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, update_time = now() WHERE users.name <> EXCLUDED.name
), joined AS (
    INSERT INTO participants AS p (id, event_id, user_id, private, state, queue_seq, register_time, first_answer_time)
    VALUES ($4, $5, $1, $6, $7, $8, $9, CASE WHEN cardinality($10::smallint[]) > 0 THEN now() END)
    ON CONFLICT ON CONSTRAINT participants_event_user_key DO UPDATE
    SET private = EXCLUDED.private, state = EXCLUDED.state, queue_seq = EXCLUDED.queue_seq,
        register_time = EXCLUDED.register_time, delete_time = NULL, first_answer_time = EXCLUDED.first_answer_time,
        aggregation_time = NULL
    WHERE p.delete_time IS NOT NULL
    RETURNING p.id
), counted AS (
    UPDATE event_counters
    SET registered = registered + $11, waitlisted = waitlisted + $12, private = private + $13,
        next_queue_seq = next_queue_seq + 1, revision = revision + 1
    WHERE event_id = $5 AND EXISTS (SELECT 1 FROM joined)
), answered AS (
    INSERT INTO answers (participant_id, question_id, option, text)
    SELECT joined.id, a.question_id, a.option, a.text
    FROM joined, unnest($10::smallint[], $14::smallint[], $15::text[]) AS a(question_id, option, text)
), announced AS (
    INSERT INTO outbox (id, subject, type, payload, headers)
    SELECT $16, $17, $18, $19, $20::jsonb WHERE EXISTS (SELECT 1 FROM joined)
)
SELECT id FROM joined
"""


async def caller_event_and_counters(connection: asyncpg.Connection, event_id: int, user_id: int,
                                    name: str) -> SimpleNamespace | None:
    row = await connection.fetchrow(CALLER_EVENT_AND_COUNTERS, event_id, user_id, name)
    return SimpleNamespace(**row) if row is not None else None


async def register(connection: asyncpg.Connection, *, user_id: int, name: str, remember: bool,
                   participant: SimpleNamespace, answers: list[AnswerValue], deltas: dict[str, int],
                   outbox_row: dict) -> bool:
    """False when an active registration of this person exists (it came in meanwhile): nothing was registered."""
    joined = await connection.fetchval(
        REGISTER, user_id, name, remember, participant.id, participant.event_id, participant.private,
        participant.state, participant.queue_seq, participant.register_time,
        [a.question_id for a in answers], deltas["registered"], deltas["waitlisted"], deltas["private"],
        [a.option for a in answers], [a.text for a in answers],
        outbox_row["id"], outbox_row["subject"], outbox_row["type"], outbox_row["payload"],
        json.dumps(outbox_row["headers"]))
    return joined is not None


def register_time() -> datetime.datetime:
    """Taken once the counter lock is held, so that time order is arrival order."""
    return datetime.datetime.now(datetime.UTC)
