"""A service's copy of what operators decided about people (kept by the registration service and sent on its stream as
UserStandingChanged), applied to each caller before any rule: a block or a revoke reaches every service as soon as
its consumer has read it, whatever the caller's identity token still says."""
from collections.abc import Awaitable, Callable

from sqlalchemy import BigInteger, Boolean, Column, DateTime, MetaData, Table, Text, select, text
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.kernel import bus
from eventcenter.services.kernel.consumer import Handler
from eventcenter.services.kernel.identity import Identity, Standing

STANDING_CHANGED = events_pb2.UserStandingChanged.DESCRIPTOR.full_name
SUBJECT = bus.subject_for("registration", events_pb2.UserStandingChanged.DESCRIPTOR.name)


def standings_table(metadata: MetaData) -> Table:
    return Table(
        "user_standings",
        metadata,
        Column("user_id", BigInteger, primary_key=True, autoincrement=False),
        Column("granted_rights", ARRAY(Text), nullable=False, server_default="{}"),
        Column("revoked_rights", ARRAY(Text), nullable=False, server_default="{}"),
        Column("blocked", Boolean, nullable=False, server_default="false"),
        # Registration's version of this person's standing: an older one arriving late changes nothing.
        Column("version", BigInteger, nullable=False),
        Column("update_time", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    )


async def keep(session: AsyncSession, table: Table, change: events_pb2.UserStandingChanged) -> None:
    """Stores the newest standing of a person (a repeated or older one is ignored)."""
    values = {"granted_rights": sorted(change.granted_rights), "revoked_rights": sorted(change.revoked_rights),
              "blocked": change.blocked, "version": change.version}
    statement = insert(table).values(user_id=change.user_id, **values)
    await session.execute(statement.on_conflict_do_update(
        index_elements=["user_id"], set_={**values, "update_time": text("now()")},
        where=table.c.version < statement.excluded.version))


async def standing_of(session: AsyncSession, table: Table, user_id: int) -> Standing | None:
    row = (await session.execute(select(table).where(table.c.user_id == user_id))).first()
    if row is None:
        return None
    return Standing(frozenset(row.granted_rights), frozenset(row.revoked_rights), row.blocked)


def consuming(table: Table, handler: Handler) -> Handler:
    """A consumer's handler that keeps the copy of standings, and hands every other event to `handler`."""
    async def handle(session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        if type_name != STANDING_CHANGED:
            await handler(session, type_name, data, headers)
            return
        change = events_pb2.UserStandingChanged()
        change.ParseFromString(data)
        await keep(session, table, change)
    return handle


def applier(sessions: async_sessionmaker[AsyncSession], table: Table) -> Callable[[Identity], Awaitable[Identity]]:
    """For the server's identity interceptor: the caller with their stored standing applied (anonymous callers and
    people no operator has decided anything about are left as their token says)."""
    async def apply(caller: Identity) -> Identity:
        if caller.anonymous:
            return caller
        async with sessions() as session:
            found = await standing_of(session, table, caller.user_id)
        return caller if found is None else caller.with_standing(found)
    return apply
