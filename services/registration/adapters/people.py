"""SQL for users, their stored rights and blocks."""
from sqlalchemy import Row, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.registration.adapters.tables import users


async def get_user(session: AsyncSession, user_id: int) -> Row | None:
    return (await session.execute(select(users).where(users.c.user_id == user_id))).first()


async def lock_user(session: AsyncSession, user_id: int) -> None:
    """Serializes one user's rate-limited actions (their row must exist: remember them first)."""
    await session.execute(select(users.c.user_id).where(users.c.user_id == user_id).with_for_update())


async def users_by_names(session: AsyncSession, names: list[str]) -> list[Row]:
    return list((await session.execute(select(users).where(users.c.name.in_(names)))).all())


async def remember_user(session: AsyncSession, user_id: int, name: str) -> None:
    """Keeps the latest name of a global account; a renamed account frees its old name."""
    if not name:
        return
    await session.execute(
        update(users).where(users.c.name == name, users.c.user_id != user_id)
        .values(name=func.concat(users.c.name, " (#", users.c.user_id, ")"))
    )
    statement = insert(users).values(user_id=user_id, name=name)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id"], set_={"name": name, "update_time": func.now()},
            where=users.c.name != name,
        )
    )


async def set_rights(session: AsyncSession, user_id: int, rights: list[str]) -> Row:
    query = (update(users).where(users.c.user_id == user_id)
             .values(rights=sorted(set(rights)), update_time=func.now()).returning(users))
    return (await session.execute(query)).one()


async def set_block(session: AsyncSession, user_id: int, blocked: bool, reason: str) -> Row:
    query = (update(users).where(users.c.user_id == user_id)
             .values(blocked=blocked, block_reason=reason if blocked else "", update_time=func.now())
             .returning(users))
    return (await session.execute(query)).one()
