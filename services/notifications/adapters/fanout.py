"""A message and its recipients, written in the transaction of the event that caused it: one statement per
channel whatever the number of recipients, and never twice for the same cause or the same person."""
import datetime
import functools

from sqlalchemy import BigInteger, DateTime, Select, bindparam, func, literal, select, true
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.kernel.compiled import Compiled, bound, driver_connection
from eventcenter.services.notifications.adapters.contacts import email_wanted, in_app_wanted
from eventcenter.services.notifications.adapters.tables import (
    PENDING,
    contacts,
    deliveries,
    inbox_items,
    messages,
    participants,
    preferences,
)
from eventcenter.services.notifications.domain import codec
from eventcenter.services.notifications.domain.outgoing import Outgoing, Recipients, Sent


def _recipients(event_wide: bool, with_place: bool | None, one_person: bool) -> Select:
    if one_person:
        # Most messages (a confirmation, a promotion) are for one person. Said so, the planner looks that person
        # up by key; for an array it guesses ten people and reads the whole contacts table while it is small.
        return select(bindparam("user_id", type_=BigInteger).label("user_id"))
    if not event_wide:
        return select(func.unnest(bindparam("user_ids", type_=ARRAY(BigInteger))).label("user_id"))
    query = select(participants.c.user_id).where(
        participants.c.event_id == bindparam("recipients_event_id", type_=BigInteger), participants.c.removed.is_(False)
    )
    return query if with_place is None else query.where(participants.c.registered.is_(with_place))


@functools.cache
def _send_statement(event_wide: bool, with_place: bool | None, user_mail: bool, one_person: bool) -> Compiled:
    """The message, its mail deliveries and its inbox items, in one statement: the deliveries and items only when
    the message is new for its cause (its key)."""
    message = insert(messages).values(**bound(messages, "key", "kind", "event_id", "content", "attachment",
                                              "reply_to_user_id", "create_time"))
    message = message.on_conflict_do_nothing().returning(messages.c.id).cte("message")
    wanted = _recipients(event_wide, with_place, one_person).cte("recipients")
    now = bindparam("create_time", type_=DateTime(timezone=True))
    kind_preference = (preferences.c.user_id == wanted.c.user_id) & (preferences.c.kind == bindparam("kind"))
    by_email = (select(message.c.id, wanted.c.user_id, contacts.c.email, contacts.c.language, literal(PENDING), now,
                       now)
                .select_from(message).join(wanted, true()).join(contacts, contacts.c.user_id == wanted.c.user_id)
                .outerjoin(preferences, kind_preference).where(*email_wanted(user_mail)))
    mail = insert(deliveries).from_select(
        ["message_id", "user_id", "address", "language", "state", "next_attempt_time", "create_time"], by_email
    ).on_conflict_do_nothing().returning(deliveries.c.id).cte("mail")
    in_app = (select(wanted.c.user_id, message.c.id, now).select_from(message).join(wanted, true())
              .outerjoin(contacts, contacts.c.user_id == wanted.c.user_id)
              .outerjoin(preferences, kind_preference).where(*in_app_wanted(user_mail)))
    inbox = insert(inbox_items).from_select(["user_id", "message_id", "create_time"], in_app) \
        .on_conflict_do_nothing().cte("inbox")
    mails = select(func.count()).select_from(mail).scalar_subquery()
    return Compiled(select(message.c.id, mails.label("mails")).add_cte(inbox))


async def send(session: AsyncSession, outgoing: Outgoing, recipients: Recipients,
               now: datetime.datetime) -> Sent | None:
    """Records the message and queues it for each recipient who wants it. None when this cause already made its
    message."""
    event_wide = recipients.event_id is not None
    one_person = not event_wide and len(recipients.user_ids) == 1
    statement = _send_statement(event_wide, recipients.with_place, outgoing.user_mail, one_person)
    if event_wide:
        who = {"recipients_event_id": recipients.event_id}
    else:
        who = {"user_id": recipients.user_ids[0]} if one_person else {"user_ids": list(recipients.user_ids)}
    row = await statement.fetchrow(
        await driver_connection(session), key=outgoing.key, kind=outgoing.kind, event_id=outgoing.event_id,
        content=codec.dumps(outgoing.message), attachment=outgoing.attachment,
        reply_to_user_id=outgoing.reply_to_user_id, create_time=now, **who)
    return Sent(row["id"], row["mails"]) if row is not None else None
