"""What "nothing lost, nothing doubled" means once the faults are over, read from each place that keeps it:
the registration schema, the stream, the Collaboration list's copy and the SMTP server."""
import asyncio
import collections
import time

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.registration.v1 import events_pb2
from eventcenter.services.kernel import bus
from tests import stream
from tests.notifications_helpers import address_of
from tests.people import md

REGISTERED = bus.subject_for("registration", "ParticipantRegistered")


async def with_addresses(notifications_stub, people) -> None:
    """Each person has a confirmed address, so that each registration owes them one confirmation."""
    async def one(someone):
        await notifications_stub.UpdateContact(napi.UpdateContactRequest(
            email=address_of(someone), email_confirmed=True), metadata=md(someone))

    for start in range(0, len(people), 50):
        await asyncio.gather(*(one(p) for p in people[start:start + 50]))


async def stored_registrations(stack, event_ids) -> collections.Counter:
    rows = await stack.fetch("SELECT event_id, user_id FROM registration.participants WHERE event_id = ANY($1)",
                             event_ids)
    return collections.Counter((r["event_id"], r["user_id"]) for r in rows)


async def published_registrations(stack, event_ids) -> tuple[collections.Counter, collections.Counter]:
    """(event id, user id) -> messages on the stream, and message id -> messages, read from the stream's start."""
    pairs, ids = collections.Counter(), collections.Counter()
    for message in await stream.read_all(stack.nats.url, REGISTERED, settle=0.5):
        payload = events_pb2.ParticipantRegistered.FromString(message.data)
        if payload.event.id in event_ids:
            pairs[payload.event.id, payload.participant.user_id] += 1
            ids[message.headers[bus.HEADER_MESSAGE_ID]] += 1
    return pairs, ids


async def unpublished(stack) -> int:
    return (await stack.fetch("SELECT count(*) AS n FROM registration.outbox WHERE publish_time IS NULL"))[0]["n"]


async def listed_counts(stack, event_ids) -> tuple[dict, dict]:
    """Registered people per event: the registration service's counters, and the Collaboration list's copy."""
    source = await stack.fetch("SELECT event_id, registered FROM registration.event_counters "
                               "WHERE event_id = ANY($1)", event_ids)
    copy = await stack.fetch("SELECT id, registered FROM collaboration.events WHERE id = ANY($1)", event_ids)
    return {r["event_id"]: r["registered"] for r in source}, {r["id"]: r["registered"] for r in copy}


def confirmations(smtp, user_ids) -> dict[int, collections.Counter]:
    """User id -> Message-ID -> copies received. A repeat of one Message-ID is the same mail sent again after a
    crash between the server's "250" and the worker's record (delivery.py); receivers recognise it."""
    return {u: collections.Counter(m["Message-ID"] for m in smtp.to(f"user{u}@mail.test")) for u in user_ids}


async def assert_caught_up(stack, smtp, acknowledged: dict[int, int], event_ids: list[int],
                           timeout: float = 90.0) -> dict:
    """Waits (with a deadline) until stream, list and mail hold everything, then asserts exactly once
    everywhere. Returns a few numbers for the report."""
    deadline = time.monotonic() + timeout
    while True:
        stored = await stored_registrations(stack, event_ids)
        pairs, ids = await published_registrations(stack, event_ids)
        source, copy = await listed_counts(stack, event_ids)
        mail = confirmations(smtp, [user for _, user in stored])
        done = (set(pairs) >= set(stored) and copy == source and all(mail.values())
                and await unpublished(stack) == 0)
        if done or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.0)  # room for a late repeat to arrive, if there were one
    mail = confirmations(smtp, [user for _, user in stored])

    lost = [(e, u) for u, e in acknowledged.items() if stored[e, u] != 1]
    assert not lost, f"acknowledged registrations missing or doubled in the database: {lost[:10]}"
    assert await unpublished(stack) == 0, "outbox rows were never published"
    not_once = [(pair, pairs[pair]) for pair in stored if pairs[pair] != 1]
    assert not not_once, f"not exactly one ParticipantRegistered on the stream: {not_once[:10]}"
    assert all(count == 1 for count in ids.values()), "the stream holds a message id twice"
    assert copy == source, f"the Collaboration list did not catch up: {copy} != {source}"
    not_one = {u: dict(m) for u, m in mail.items() if len(m) != 1}
    assert not not_one, f"not exactly one confirmation (by Message-ID): {dict(list(not_one.items())[:10])}"
    return dict(stored=sum(stored.values()), repeats=sum(sum(m.values()) - 1 for m in mail.values()))
