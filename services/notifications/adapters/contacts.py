"""Contacts and preferences: who can be reached, in which language, and who said no to what."""
import datetime

from sqlalchemy import BigInteger, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.notifications.adapters.tables import contacts, preferences
from eventcenter.services.notifications.domain.kinds import Switches


async def contact(session: AsyncSession, user_id: int):
    return (await session.execute(select(contacts).where(contacts.c.user_id == user_id))).first()


async def save_contact(session: AsyncSession, user_id: int, user_name: str, email: str | None, language: str | None,
                       now: datetime.datetime):
    values = dict(user_id=user_id, user_name=user_name, email=email, update_time=now)
    if language:
        values["language"] = language
    statement = insert(contacts).values(**values)
    await session.execute(statement.on_conflict_do_update(
        index_elements=["user_id"], set_={k: v for k, v in values.items() if k != "user_id"}))
    return await contact(session, user_id)


async def set_accept_user_mail(session: AsyncSession, user_id: int, user_name: str, accept: bool) -> None:
    statement = insert(contacts).values(user_id=user_id, user_name=user_name, accept_user_mail=accept)
    await session.execute(statement.on_conflict_do_update(index_elements=["user_id"],
                                                          set_=dict(accept_user_mail=accept)))


async def switches(session: AsyncSession, user_id: int) -> dict[str, Switches]:
    rows = await session.execute(select(preferences).where(preferences.c.user_id == user_id))
    return {row.kind: Switches(row.email, row.in_app) for row in rows}


async def save_switches(session: AsyncSession, user_id: int, kind: str, chosen: Switches) -> None:
    statement = insert(preferences).values(user_id=user_id, kind=kind, email=chosen.email, in_app=chosen.in_app)
    await session.execute(statement.on_conflict_do_update(
        index_elements=["user_id", "kind"], set_=dict(email=chosen.email, in_app=chosen.in_app)))


async def reachable_by_email(session: AsyncSession, user_ids: list[int], kind: str, user_mail: bool) -> list[int]:
    """Those of these users a message of this kind would reach by email."""
    wanted = func.unnest(id_array(user_ids)).table_valued("user_id").render_derived(name="wanted")
    query = (select(wanted.c.user_id).select_from(wanted)
             .join(contacts, contacts.c.user_id == wanted.c.user_id)
             .outerjoin(preferences, (preferences.c.user_id == wanted.c.user_id) & (preferences.c.kind == kind))
             .where(*email_wanted(user_mail)).order_by(wanted.c.user_id))
    return list((await session.execute(query)).scalars())


def id_array(user_ids: list[int]):
    """A bigint[] parameter: one value however many ids, and typed so that unnest() knows what it holds."""
    return bindparam("user_ids", list(user_ids), type_=ARRAY(BigInteger))


def email_wanted(user_mail: bool) -> list:
    """The conditions under which a contact (joined with its preference of the message's kind) gets its mail."""
    conditions = [contacts.c.email.is_not(None), func.coalesce(preferences.c.email, True)]
    if user_mail:
        conditions.append(contacts.c.accept_user_mail)
    return conditions


def in_app_wanted(user_mail: bool) -> list:
    conditions = [func.coalesce(preferences.c.in_app, True)]
    if user_mail:
        conditions.append(func.coalesce(contacts.c.accept_user_mail, True))
    return conditions
