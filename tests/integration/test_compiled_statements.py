"""Statements compiled once and run on the driver's connection under a session's transaction."""
import uuid

from sqlalchemy import BigInteger, Column, MetaData, Table, Text, bindparam, func, select
from sqlalchemy.dialects.postgresql import JSONB

from eventcenter.services.kernel.compiled import Compiled, driver_connection, upsert

metadata = MetaData()
notes = Table("compiled_test_notes", metadata, Column("id", BigInteger, primary_key=True), Column("body", JSONB),
              Column("tag", Text))
UPSERT = Compiled(upsert(notes, ["id"], ("body", "tag")).returning(notes.c.id))
COUNT = Compiled(select(func.count()).select_from(notes).where(notes.c.tag == bindparam("tag", type_=Text)))


async def _ready(registration) -> None:
    async with registration.engine.begin() as connection:
        await connection.run_sync(lambda sync: notes.create(sync, checkfirst=True))


async def test_values_go_through_the_columns_types_and_a_repeat_updates(registration):
    await _ready(registration)
    tag, key = uuid.uuid4().hex, uuid.uuid4().int >> 70
    async with registration.sessions() as session, session.begin():
        connection = await driver_connection(session)
        assert await UPSERT.fetchval(connection, id=key, body={"a": [1, "b"]}, tag=tag) == key
        await UPSERT.execute(connection, id=key, body={"a": 2}, tag=tag)
    async with registration.sessions() as session:
        row = (await session.execute(select(notes).where(notes.c.id == key))).one()
    assert row.body == {"a": 2} and row.tag == tag


async def test_what_runs_on_the_driver_is_part_of_the_sessions_transaction(registration):
    await _ready(registration)
    tag = uuid.uuid4().hex
    async with registration.sessions() as session, session.begin():
        # Nothing ran in this session yet: the transaction is begun on the database first.
        await UPSERT.execute(await driver_connection(session), id=uuid.uuid4().int >> 70, body=None, tag=tag)
        await session.rollback()
    async with registration.sessions() as session:
        assert await COUNT.fetchval(await driver_connection(session), tag=tag) == 0


async def test_a_transaction_keeps_its_driver_connection_and_the_next_one_asks_again(registration):
    await _ready(registration)
    tag = uuid.uuid4().hex
    async with registration.sessions() as session:
        asked, real = [], session.connection

        async def counted(*args, **kwargs):
            asked.append(1)
            return await real(*args, **kwargs)
        session.connection = counted
        async with session.begin():
            first = await driver_connection(session)
            assert await driver_connection(session) is first and len(asked) == 1
            await UPSERT.execute(first, id=uuid.uuid4().int >> 70, body=None, tag=tag)
        # Committed: the next transaction asks for its own connection, and sees the row.
        async with session.begin():
            assert await COUNT.fetchval(await driver_connection(session), tag=tag) == 1
            assert len(asked) == 2
