"""SQLAlchemy statements compiled once and run on the asyncpg connection under a session's transaction.

SQLAlchemy still writes the SQL (from the tables, with the dialect's casts), but executing a statement through it
costs about ten times asyncpg's own CPU: building the statement, its cache key, the execution context and the
result. On the paths every registration takes (the stream's consumers) that was most of their work. A compiled
statement's parameters are bindparam() names; values fixed when it was built (literals) are kept."""
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, cast

import asyncpg
from sqlalchemy import Table, bindparam, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter

_DIALECT = asyncpg_dialect()
_DRIVER = object()  # the key of a transaction's driver connection in its memo
# Errors of a connection the database dropped (it restarted, say).
CONNECTION_LOST = (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError)


def _bind_processor(bind: BindParameter) -> Callable[[Any], Any] | None:
    return bind.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)


class Compiled:
    def __init__(self, statement: ClauseElement) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=_DIALECT))  # a statement's, with its binds
        self.sql = compiled.string
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())
        self.fixed = {name: value for name, value in compiled.params.items() if not compiled.binds[name].required}
        # Each value as the column's type processes it before the driver (JSON, say: SQLAlchemy serializes it,
        # not asyncpg), asked of the type through its public API.
        self.processors = tuple(_bind_processor(compiled.binds[name]) for name in self.names)

    def arguments(self, values: dict[str, Any]) -> list:
        found = []
        for name, process in zip(self.names, self.processors, strict=True):
            value = values[name] if name in values else self.fixed[name]
            found.append(process(value) if process is not None and value is not None else value)
        return found

    async def fetch(self, connection: asyncpg.Connection, **values: Any) -> list[asyncpg.Record]:
        return await connection.fetch(self.sql, *self.arguments(values))

    async def fetchrow(self, connection: asyncpg.Connection, **values: Any) -> asyncpg.Record | None:
        return await connection.fetchrow(self.sql, *self.arguments(values))

    async def fetchval(self, connection: asyncpg.Connection, **values: Any) -> Any:
        return await connection.fetchval(self.sql, *self.arguments(values))

    async def execute(self, connection: asyncpg.Connection, **values: Any) -> None:
        await connection.execute(self.sql, *self.arguments(values))

    async def executemany(self, connection: asyncpg.Connection, rows: list[dict[str, Any]]) -> None:
        """Once per row, all in one round trip."""
        await connection.executemany(self.sql, [self.arguments(values) for values in rows])


def bound(table: Table, *names: str) -> dict[str, BindParameter]:
    """A bindparam() per column, typed as the column: the values of a statement to compile."""
    return {name: bindparam(name, type_=table.c[name].type) for name in names}


def upsert(table: Table, key: list[str], names: tuple[str, ...], newer_by: str | None = None):
    """INSERT … ON CONFLICT (key) DO UPDATE of `names` from bound values; with `newer_by` (a version column), only
    when the incoming row's version is at least the kept one's: an older copy changes nothing, whatever the order
    copies arrive in. (At least, not only newer: one version is one content, so a repeat rewrites what is there,
    and history published before versions existed, all at 0, still applies in its order.)"""
    statement = insert(table).values(**bound(table, *key, *names))
    newer = table.c[newer_by] <= statement.excluded[newer_by] if newer_by else None
    return statement.on_conflict_do_update(index_elements=key, set_={n: statement.excluded[n] for n in names},
                                           where=newer)


def transaction_memo(session: AsyncSession) -> dict:
    """A dict that lives as long as the session's current transaction (a batch of messages, applied together)."""
    transaction = session.sync_session.get_transaction()
    memo = session.info.get("transaction_memo")
    if memo is None or memo[0] is not transaction:
        memo = session.info["transaction_memo"] = (transaction, {})
    return memo[1]


async def driver_connection(session: AsyncSession) -> asyncpg.Connection:
    """The asyncpg connection of the session's transaction. SQLAlchemy begins a transaction on the database at
    its first statement: when none ran yet, one does, so what runs on the driver is inside the transaction. Kept
    for the rest of the transaction: asking SQLAlchemy for it costs more than most statements run on it."""
    if session.sync_session.get_transaction() is not None and (kept := transaction_memo(session).get(_DRIVER)):
        return kept
    connection = await (await session.connection()).get_raw_connection()
    driver = connection.driver_connection
    if not driver.is_in_transaction():
        await session.execute(text("SELECT 1"))
    transaction_memo(session)[_DRIVER] = driver  # (the transaction exists now)
    return driver


@asynccontextmanager
async def pooled_driver(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[asyncpg.Connection]:
    """The asyncpg connection of a connection from the sessions' pool, with no transaction: a lone statement
    commits by itself, with no round trips for BEGIN and COMMIT. SQLAlchemy does not see what runs on it, so a
    connection found lost is dropped here, rather than handed out again by the pool."""
    async with sessions.kw["bind"].connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        try:
            yield driver
        except CONNECTION_LOST:
            await connection.invalidate()
            raise
