"""A message and its recipients, written in the transaction of the event that caused it: one statement per
channel whatever the number of recipients, and never twice for the same cause or the same person."""
import datetime
from dataclasses import dataclass

from sqlalchemy import Select, func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.notifications.adapters.contacts import email_wanted, id_array, in_app_wanted
from eventcenter.services.notifications.adapters.tables import (
    PENDING, contacts, deliveries, inbox_items, messages, participants, preferences,
)
from eventcenter.services.notifications.domain import codec
from eventcenter.services.notifications.domain.confirmation import Message


@dataclass(frozen=True)
class Outgoing:
    key: str
    kind: str
    message: Message
    event_id: int | None = None
    attachment: bytes | None = None
    reply_to_user_id: int | None = None
    # Mail from another user (an organizer): only to those who accept such mail.
    user_mail: bool = False


def users(user_ids: list[int]) -> Select:
    return select(func.unnest(id_array(user_ids)).label("user_id"))


def participants_of(event_id: int, registered_only: bool = False) -> Select:
    query = select(participants.c.user_id).where(participants.c.event_id == event_id)
    return query.where(participants.c.registered) if registered_only else query


async def send(session: AsyncSession, outgoing: Outgoing, recipients: Select, now: datetime.datetime) -> int | None:
    """Records the message and queues it for each recipient who wants it. Returns the message id, or None when
    this cause already made its message."""
    message_id = (await session.execute(insert(messages).values(
        key=outgoing.key, kind=outgoing.kind, event_id=outgoing.event_id, content=codec.dumps(outgoing.message),
        attachment=outgoing.attachment, reply_to_user_id=outgoing.reply_to_user_id, create_time=now,
    ).on_conflict_do_nothing().returning(messages.c.id))).scalar()
    if message_id is None:
        return None
    wanted = recipients.subquery("recipients")
    user_mail = outgoing.user_mail
    kind_preference = (preferences.c.user_id == wanted.c.user_id) & (preferences.c.kind == outgoing.kind)
    by_email = (select(literal(message_id), wanted.c.user_id, contacts.c.email, contacts.c.language,
                       literal(PENDING), literal(now), literal(now))
                .select_from(wanted).join(contacts, contacts.c.user_id == wanted.c.user_id)
                .outerjoin(preferences, kind_preference).where(*email_wanted(outgoing.kind, user_mail)))
    await session.execute(insert(deliveries).from_select(
        ["message_id", "user_id", "address", "language", "state", "next_attempt_time", "create_time"], by_email)
        .on_conflict_do_nothing())
    in_app = (select(wanted.c.user_id, literal(message_id), literal(now)).select_from(wanted)
              .outerjoin(contacts, contacts.c.user_id == wanted.c.user_id)
              .outerjoin(preferences, kind_preference).where(*in_app_wanted(user_mail)))
    await session.execute(insert(inbox_items).from_select(["user_id", "message_id", "create_time"], in_app)
                          .on_conflict_do_nothing())
    return message_id
