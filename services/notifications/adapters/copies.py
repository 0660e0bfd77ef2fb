"""This service's copy of events and their participants, kept from the registration stream, and the
reminders that follow each event's start."""
import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.consumer import kept_in_transaction, transaction_memo
from eventcenter.services.kernel.registration_events import PARTICIPATION, utc
from eventcenter.services.kernel.timezones import parse_timezone
from eventcenter.services.notifications.adapters.tables import events, participants, reminders
from eventcenter.services.notifications.domain import reminders as reminder_rules
from eventcenter.services.notifications.domain.confirmation import EventFacts


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
        participation=PARTICIPATION.get(event.participation_options, ""), address=event.address,
        country_code=event.country_code, chat_url=event.chat_url, meeting_url=event.meeting_url)
    if organizer_names is not None:
        row["organizer_names"] = organizer_names
    statement = insert(events).values(**row)
    kept = (await session.execute(statement.on_conflict_do_update(
        index_elements=["id"], set_={k: v for k, v in row.items() if k != "id"},
        where=events.c.revision <= statement.excluded.revision).returning(events.c.id))).first()
    if kept:
        await _schedule_reminders(session, event.id, row["start_utc"], row["deleted"], now)
    return kept is not None


async def _schedule_reminders(session: AsyncSession, event_id: int, start: datetime.datetime, deleted: bool,
                              now: datetime.datetime) -> None:
    if deleted:
        await session.execute(delete(reminders).where(reminders.c.event_id == event_id,
                                                      reminders.c.state == reminder_rules.SCHEDULED))
        return
    planned = reminder_rules.plan(start, now)
    if not planned:
        return
    # Every reminder in one statement (this runs for each copy of the event the stream brings).
    statement = insert(reminders).values([dict(event_id=event_id, offset=p.offset, due_time=p.due, start_utc=start,
                                               state=p.state) for p in planned])
    # Same start: the reminder stays as it is (perhaps sent). A new start: scheduled anew.
    await session.execute(statement.on_conflict_do_update(
        index_elements=["event_id", "offset"],
        set_=dict(due_time=statement.excluded.due_time, start_utc=statement.excluded.start_utc,
                  state=statement.excluded.state),
        where=reminders.c.start_utc != statement.excluded.start_utc))


async def load_event(session: AsyncSession, event_id: int):
    """Read once per transaction while its copy stays as it is (keep_event forgets it when it writes)."""
    memo, key = transaction_memo(session), ("facts", event_id)
    if key not in memo:
        memo[key] = (await session.execute(select(events).where(events.c.id == event_id))).first()
    return memo[key]


async def set_participant(session: AsyncSession, event_id: int, user_id: int, registered: bool) -> None:
    statement = insert(participants).values(event_id=event_id, user_id=user_id, registered=registered)
    await session.execute(statement.on_conflict_do_update(
        index_elements=["event_id", "user_id"], set_=dict(registered=registered)))


async def drop_participants(session: AsyncSession, event_id: int, user_ids: list[int]) -> None:
    await session.execute(delete(participants).where(participants.c.event_id == event_id,
                                                     participants.c.user_id.in_(user_ids)))


async def set_registered(session: AsyncSession, event_id: int, user_id: int) -> None:
    await session.execute(update(participants).where(participants.c.event_id == event_id,
                                                     participants.c.user_id == user_id).values(registered=True))


def facts_of(row, public_url: str) -> EventFacts:
    """What messages say about a kept event, its times in the event's own timezone."""
    zone = parse_timezone(row.timezone) or datetime.UTC
    return EventFacts(
        name=row.name, event_url=f"{public_url}/event/{row.id}", list_url=f"{public_url}/events",
        timezone=row.timezone, start=row.start_utc.astimezone(zone), end=row.end_utc.astimezone(zone),
        participation=row.participation, address=row.address, country=row.country_code, chat_url=row.chat_url,
        meeting_url=row.meeting_url, organizers=list(row.organizer_names))
