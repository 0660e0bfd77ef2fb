"""This service's copy of events and their participants, kept from the registration stream, and the
reminders that follow each event's start. Each copy is written only over an older one (event revision,
registration revision), so events arriving out of order or twice leave the newest."""
import datetime
from types import SimpleNamespace

from sqlalchemy import BigInteger, DateTime, Text, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.enums import FROM_PARTICIPATION_OPTIONS
from eventcenter.services.contracts.stream_events import utc
from eventcenter.services.kernel.compiled import Compiled, driver_connection, transaction_memo, upsert
from eventcenter.services.kernel.consumer import kept_in_transaction
from eventcenter.services.kernel.timezones import parse_timezone
from eventcenter.services.notifications.adapters.tables import events, participants, reminders
from eventcenter.services.notifications.domain import reminders as reminder_rules
from eventcenter.services.notifications.domain.message_model import EventFacts


async def keep_event(session: AsyncSession, event: pb.Event, organizer_names: list[str] | None,
                     now: datetime.datetime) -> bool:
    """Stores the newest copy; False when this copy is older than the one kept (nothing changed)."""
    if organizer_names is None and kept_in_transaction(session, "notifications-events", event.id, event.revision):
        return True  # this batch stored this copy already
    transaction_memo(session).pop(("facts", event.id), None)
    row = dict(
        id=event.id, revision=event.revision, name=event.name, open=event.status == pb.EVENT_STATUS_OPEN,
        deleted=event.HasField("delete_time"), test_event=event.test_event, timezone=event.timezone,
        start_utc=utc(event.start_time), end_utc=utc(event.end_time),
        participation=FROM_PARTICIPATION_OPTIONS.get(event.participation_options, ""), address=event.address,
        country_code=event.country_code, chat_url=event.chat_url, meeting_url=event.meeting_url)
    connection = await driver_connection(session)
    if organizer_names is None:  # every registration's copy
        kept = await KEEP_EVENT.fetchval(connection, **row)
    else:
        kept = await KEEP_EVENT_AND_ORGANIZERS.fetchval(connection, **row, organizer_names=organizer_names)
    if kept is not None:
        await _schedule_reminders(connection, event.id, row["start_utc"], row["deleted"], now)
    return kept is not None


async def _schedule_reminders(connection, event_id: int, start: datetime.datetime, deleted: bool,
                              now: datetime.datetime) -> None:
    if deleted:
        await DROP_REMINDERS.execute(connection, event_id=event_id)
        return
    planned = reminder_rules.plan(start, now)
    if planned:  # every reminder in one statement (this runs for each copy of the event the stream brings)
        await PLAN_REMINDERS.execute(connection, event_id=event_id, start_utc=start,
                                     offsets=[p.offset for p in planned], due_times=[p.due for p in planned],
                                     states=[p.state for p in planned])


async def load_event(session: AsyncSession, event_id: int):
    """Read once per transaction while its copy stays as it is (keep_event forgets it when it writes)."""
    memo, key = transaction_memo(session), ("facts", event_id)
    if key not in memo:
        row = await LOAD_EVENT.fetchrow(await driver_connection(session), id=event_id)
        memo[key] = SimpleNamespace(**row) if row is not None else None
    return memo[key]


def _participant_row(event_id: int, participant: pb.Participant, removed: bool) -> dict:
    return dict(event_id=event_id, user_id=participant.user_id, removed=removed, revision=participant.revision,
                registered=not removed and participant.state != pb.REGISTRATION_STATE_WAITLISTED)


async def keep_participant(session: AsyncSession, event_id: int, participant: pb.Participant) -> SimpleNamespace:
    """Stores this copy of an active registration unless a newer one is kept (a cancellation, say); returns the
    copy kept now (registered, removed): this one, or the newer."""
    connection = await driver_connection(session)
    row = _participant_row(event_id, participant, removed=False)
    kept = await KEEP_PARTICIPANT.fetchrow(connection, **row)
    if kept is None:
        kept = await LOAD_PARTICIPANT.fetchrow(connection, event_id=event_id, user_id=participant.user_id)
    return SimpleNamespace(**kept)


async def remove_participants(session: AsyncSession, event_id: int, people: list[pb.Participant]) -> None:
    """Cancelled or removed: kept as removed with their revision, which an older copy of them cannot undo."""
    await KEEP_PARTICIPANT.executemany(await driver_connection(session),
                                       [_participant_row(event_id, p, removed=True) for p in people])


def facts_of(row, public_url: str) -> EventFacts:
    """What messages say about a kept event, its times in the event's own timezone."""
    zone = parse_timezone(row.timezone) or datetime.UTC
    return EventFacts(
        name=row.name, event_url=f"{public_url}/event/{row.id}", list_url=f"{public_url}/events",
        timezone=row.timezone, start=row.start_utc.astimezone(zone), end=row.end_utc.astimezone(zone),
        participation=row.participation, address=row.address, country=row.country_code, chat_url=row.chat_url,
        meeting_url=row.meeting_url, organizers=list(row.organizer_names))


_EVENT_COLUMNS = ("revision", "name", "open", "deleted", "test_event", "timezone", "start_utc", "end_utc",
                  "participation", "address", "country_code", "chat_url", "meeting_url")
KEEP_EVENT = Compiled(upsert(events, ["id"], _EVENT_COLUMNS, newer_by="revision").returning(events.c.id))
KEEP_EVENT_AND_ORGANIZERS = Compiled(upsert(events, ["id"], (*_EVENT_COLUMNS, "organizer_names"), newer_by="revision")
                                     .returning(events.c.id))
LOAD_EVENT = Compiled(select(events).where(events.c.id == bindparam("id", type_=BigInteger)))
KEEP_PARTICIPANT = Compiled(upsert(participants, ["event_id", "user_id"], ("registered", "removed", "revision"),
                                   newer_by="revision").returning(participants.c.registered, participants.c.removed))
LOAD_PARTICIPANT = Compiled(select(participants.c.registered, participants.c.removed).where(
    participants.c.event_id == bindparam("event_id", type_=BigInteger),
    participants.c.user_id == bindparam("user_id", type_=BigInteger)))
DROP_REMINDERS = Compiled(delete(reminders).where(reminders.c.event_id == bindparam("event_id", type_=BigInteger),
                                                  reminders.c.state == reminder_rules.SCHEDULED))


def _plan_reminders():
    planned = select(bindparam("event_id", type_=BigInteger), func.unnest(bindparam("offsets", type_=ARRAY(Text))),
                     func.unnest(bindparam("due_times", type_=ARRAY(DateTime(timezone=True)))),
                     bindparam("start_utc", type_=DateTime(timezone=True)),
                     func.unnest(bindparam("states", type_=ARRAY(Text))))
    statement = insert(reminders).from_select(["event_id", "offset", "due_time", "start_utc", "state"], planned)
    # Same start: the reminder stays as it is (perhaps sent). A new start: scheduled anew.
    return statement.on_conflict_do_update(
        index_elements=["event_id", "offset"],
        set_=dict(due_time=statement.excluded.due_time, start_utc=statement.excluded.start_utc,
                  state=statement.excluded.state),
        where=reminders.c.start_utc != statement.excluded.start_utc)


PLAN_REMINDERS = Compiled(_plan_reminders())
