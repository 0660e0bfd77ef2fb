"""Transactional outbox: an event is written in the same transaction as the change it reports."""
import datetime
import uuid

from google.protobuf.message import Message
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel import bus, tracing
from eventcenter.services.kernel.logs import current_request_id


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("seq", BigInteger, Identity(), primary_key=True),
        Column("id", UUID(as_uuid=True), nullable=False, unique=True),
        Column("subject", Text, nullable=False),
        Column("type", Text, nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("create_time", DateTime(timezone=True), nullable=False, server_default=text("now()")),
        Column("publish_time", DateTime(timezone=True)),
        # The relay's next batch and the backlog metrics read only unpublished rows; sent ones pile up.
        Index("outbox_unpublished", "seq", postgresql_where=text("publish_time IS NULL")),
    )


def processed_messages_table(metadata: MetaData) -> Table:
    """Ids of stream messages a consumer has handled: the record that makes redelivery harmless."""
    return Table(
        "processed_messages",
        metadata,
        Column("consumer", Text, primary_key=True),
        Column("message_id", Text, primary_key=True),
        Column("handle_time", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    )


class Outbox:
    def __init__(self, table: Table, service: str) -> None:
        self.table = table
        self.service = service

    def record(self, event: Message) -> dict:
        """The outbox row of an event: its id, subject, type, payload and headers."""
        name = event.DESCRIPTOR.name
        headers = {
            bus.HEADER_TYPE: event.DESCRIPTOR.full_name,
            bus.HEADER_TIME: datetime.datetime.now(datetime.UTC).isoformat(),
        }
        if request_id := current_request_id():
            headers[bus.HEADER_REQUEST_ID] = request_id
        # The call's trace goes on through the relay and the stream to each consumer.
        tracing.inject(headers)
        return {"id": uuid.uuid4(), "subject": bus.subject_for(self.service, name), "type": event.DESCRIPTOR.full_name,
                "payload": event.SerializeToString(), "headers": headers}

    async def add(self, session: AsyncSession, event: Message) -> uuid.UUID:
        row = self.record(event)
        await session.execute(insert(self.table).values(**row))
        return row["id"]


def backlog_probe(service: str, sessions: async_sessionmaker[AsyncSession], table: Table):
    """Reads, for /metrics, how many rows wait for the relay and how long the oldest has waited."""
    async def read():
        async with sessions() as session:
            count, age = (await session.execute(
                select(func.count(), func.extract("epoch", func.now() - func.min(table.c.create_time)))
                .where(table.c.publish_time.is_(None)))).one()
        labels = {"service": service}
        return [("eventcenter_outbox_backlog", labels, count),
                ("eventcenter_outbox_oldest_age_seconds", labels, float(age or 0))]
    return read
