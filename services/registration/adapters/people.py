"""SQL for users, their stored rights and blocks."""
from sqlalchemy import Row, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.kernel.identity import Identity, Standing
from eventcenter.services.registration.adapters.tables import users


async def get_user(session: AsyncSession, user_id: int) -> Row | None:
    return (await session.execute(select(users).where(users.c.user_id == user_id))).first()


async def lock_user(session: AsyncSession, user_id: int) -> None:
    """Serializes one user's rate-limited actions (their row must exist: remember them first)."""
    await session.execute(select(users.c.user_id).where(users.c.user_id == user_id).with_for_update())


async def users_by_names(session: AsyncSession, names: list[str]) -> list[Row]:
    return list((await session.execute(select(users).where(users.c.name.in_(names)))).all())


async def remember_user(session: AsyncSession, user_id: int, name: str,
                        signed_in_rights: frozenset[str] | None = None) -> None:
    """Keeps the latest name of a global account (a renamed account frees its old name) and, when given, the
    rights of its latest sign-in."""
    if not name:
        return
    await session.execute(
        update(users).where(users.c.name == name, users.c.user_id != user_id)
        .values(name=func.concat(users.c.name, " (#", users.c.user_id, ")"))
    )
    values = {"name": name}
    if signed_in_rights is not None:
        values["signed_in_rights"] = sorted(signed_in_rights)
    statement = insert(users).values(user_id=user_id, **values)
    changed = [users.c[column] != statement.excluded[column] for column in values]
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id"], set_={**values, "update_time": func.now()}, where=or_(*changed),
        )
    )


def outdated(stored_name: str, stored_signed_in_rights: list[str], caller: Identity) -> bool:
    """A known caller's row needs writing only when they were renamed or signed in with other rights."""
    return stored_name != caller.name or frozenset(stored_signed_in_rights) != caller.rights


def standing_of(row: Row) -> Standing:
    """What an operator decided about a stored user: rights granted and revoked here, and the block."""
    return Standing(frozenset(row.rights), frozenset(row.revoked_rights), row.blocked)


def rights_of(row: Row) -> frozenset[str]:
    """A stored user's rights: those of their latest sign-in and those granted here, less those revoked here."""
    return standing_of(row).rights_over(frozenset(row.signed_in_rights))


async def set_standing(session: AsyncSession, user_id: int, standing: Standing, reason: str | None = None) -> Row:
    """Writes a user's standing whole, with the next version of it; a block's reason when given (cleared by an
    unblock)."""
    values = {"rights": sorted(standing.granted), "revoked_rights": sorted(standing.revoked),
              "blocked": standing.blocked, "standing_version": users.c.standing_version + 1, "update_time": func.now()}
    if reason is not None:
        values["block_reason"] = reason if standing.blocked else ""
    query = update(users).where(users.c.user_id == user_id).values(**values).returning(users)
    return (await session.execute(query)).one()
