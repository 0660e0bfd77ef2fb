"""Pruning on real PostgreSQL and NATS: published outbox rows go some days after they left, unpublished ones never
(an event not yet sent is never lost); handled message ids go once the stream's duplicate window is long past;
the stream keeps messages for its maximum age, and a rebuild refuses a stream that has dropped its first ones."""
import asyncio
import datetime
import uuid

import pytest
from sqlalchemy import MetaData, func, insert, select

from eventcenter.services.devstack import provision
from eventcenter.services.kernel import bus, pruning
from eventcenter.services.kernel.database import create_engine, session_factory
from eventcenter.services.kernel.outbox import outbox_table, processed_messages_table
from eventcenter.services.kernel.settings import ServiceSettings, StreamSettings
from tests.conftest import SECRET, TEST_DATABASE, _database_url

ROLE = "pruning_checks"  # a schema of its own: no relay publishes these rows, no consumer writes those ids
metadata = MetaData()
outbox = outbox_table(metadata)
processed = processed_messages_table(metadata)


@pytest.fixture(scope="module")
async def sessions(infra, registration_settings):
    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_service_role(admin_db, ROLE, ROLE)
    engine = create_engine(_database_url(infra.postgres_admin_url, ROLE, ROLE), ROLE, 2)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield session_factory(engine)
    await engine.dispose()


def _ago(**delta) -> datetime.datetime:
    """As the database's clock would say (the same machine's)."""
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(**delta)


async def _add_outbox(sessions, count: int = 1, **times) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in range(count)]
    async with sessions() as session, session.begin():
        await session.execute(insert(outbox), [
            {"id": i, "subject": "eventcenter.test.v1.Pruned", "type": "t", "payload": b"", "headers": {}, **times}
            for i in ids])
    return ids


async def _outbox_ids(sessions) -> set[uuid.UUID]:
    async with sessions() as session:
        return set((await session.execute(select(outbox.c.id))).scalars())


async def test_published_outbox_rows_go_after_the_retention_and_unpublished_ones_never(sessions):
    old_sent = await _add_outbox(sessions, create_time=_ago(days=9), publish_time=_ago(days=8))
    recent_sent = await _add_outbox(sessions, create_time=_ago(days=9), publish_time=_ago(days=6))
    never_sent = await _add_outbox(sessions, create_time=_ago(days=400))
    waiting = await _add_outbox(sessions)
    assert await pruning.prune_outbox(sessions, outbox, datetime.timedelta(days=7)) == 1
    kept = await _outbox_ids(sessions)
    assert not set(old_sent) & kept
    assert set(recent_sent + never_sent + waiting) <= kept
    # Even with no retention at all, what was never published stays.
    await pruning.prune_outbox(sessions, outbox, datetime.timedelta(0))
    assert set(never_sent + waiting) <= await _outbox_ids(sessions)


async def test_pruning_goes_through_batches_until_nothing_old_is_left(sessions):
    old = await _add_outbox(sessions, pruning.PRUNE_BATCH * 2 + 5, create_time=_ago(days=30),
                            publish_time=_ago(days=30))
    assert await pruning.prune_outbox(sessions, outbox, datetime.timedelta(days=7)) >= len(old)
    assert not set(old) & await _outbox_ids(sessions)


async def test_handled_message_ids_go_after_the_retention(sessions):
    async with sessions() as session, session.begin():
        await session.execute(insert(processed), [
            {"consumer": "c", "message_id": "old", "handle_time": _ago(hours=49)},
            {"consumer": "c", "message_id": "recent", "handle_time": _ago(hours=23)},
            {"consumer": "c", "message_id": "now", "handle_time": _ago(seconds=0)}])
    assert await pruning.prune_processed(sessions, processed, datetime.timedelta(hours=48)) == 1
    async with sessions() as session:
        assert set((await session.execute(select(processed.c.message_id))).scalars()) == {"recent", "now"}


async def test_a_services_pruning_round_uses_its_settings_and_stops_with_the_service(sessions):
    settings = ServiceSettings(identity_secret=SECRET, outbox_retention_days=2, processed_retention_hours=24,
                               prune_interval_seconds=3600)
    sent = await _add_outbox(sessions, create_time=_ago(days=3), publish_time=_ago(days=3))
    async with sessions() as session, session.begin():
        await session.execute(insert(processed).values(consumer="c", message_id="day-old", handle_time=_ago(hours=25)))
    loop = pruning.pruning_loop(sessions, settings, outbox, processed)
    stopping = asyncio.Event()
    running = asyncio.create_task(loop.run(stopping))
    while set(sent) & await _outbox_ids(sessions):
        await asyncio.sleep(0.05)
    async with sessions() as session:
        assert "day-old" not in set((await session.execute(select(processed.c.message_id))).scalars())
    stopping.set()  # an hour until the next round: the loop still ends now
    await asyncio.wait_for(running, timeout=10)


def test_handled_ids_are_kept_at_least_the_duplicate_window():
    from pydantic import ValidationError

    assert ServiceSettings(identity_secret=SECRET).processed_retention_hours * 3600 >= bus.DUPLICATE_WINDOW_SECONDS
    with pytest.raises(ValidationError):
        ServiceSettings(identity_secret=SECRET, processed_retention_hours=bus.DUPLICATE_WINDOW_SECONDS / 3600 - 1)
    with pytest.raises(ValidationError):
        StreamSettings(stream_max_age_days=1)


async def test_the_stream_keeps_messages_for_its_maximum_age(infra, monkeypatch):
    monkeypatch.setenv("EVENTCENTER_STREAM_MAX_AGE_DAYS", "400")
    stream = bus.StreamConnection(infra.nats_url, "test-max-age")
    try:
        js = await stream.jetstream()
        assert (await js.stream_info(bus.STREAM)).config.max_age == 400 * 86400
    finally:
        monkeypatch.delenv("EVENTCENTER_STREAM_MAX_AGE_DAYS")
        await bus.ensure_stream(js)  # as the other services make it
        assert (await js.stream_info(bus.STREAM)).config.max_age == StreamSettings().stream_max_age_days * 86400
        await stream.close()


async def test_a_rebuild_from_a_stream_that_dropped_its_first_messages_is_refused_and_changes_nothing(
        tmp_path, collaboration):
    from eventcenter.services.collaboration.adapters.tables import events
    from eventcenter.services.collaboration.entrypoints import stream as feed
    from eventcenter.services.collaboration.service_layer.read_model_cases import StreamIncomplete
    from eventcenter.services.devstack.nats import EmbeddedNats
    from eventcenter.services.devstack.ports import free_port

    async def listed() -> int:
        async with collaboration.sessions() as session:
            return (await session.execute(select(func.count()).select_from(events))).scalar_one()

    server = EmbeddedNats(tmp_path / "nats", free_port())
    server.start()
    connection = await bus.connect(server.url, "test-aged-stream")
    try:
        js = connection.jetstream()
        await bus.ensure_stream(js)
        for _ in range(2):
            await js.publish(bus.subject_for("registration", "EventCreated"), b"")
        await js.delete_msg(bus.STREAM, 1)  # as the maximum age removes the oldest
        before = await listed()
        with pytest.raises(StreamIncomplete):
            await feed.rebuild(js, collaboration.collaboration, "test-aged-rebuild")
        assert await listed() == before
    finally:
        await connection.close()
        server.stop()
