"""Keeping the read model: each registration event applied to it (the newest copy of an event wins, in any
order, however often it comes), and its rebuild from the stream's first message."""
from eventcenter.services.collaboration.service_layer.ports import StreamReplay
from eventcenter.services.collaboration.service_layer.unit_of_work import UnitOfWork, Work
from eventcenter.services.contracts.stream_events import parse


class StreamIncomplete(Exception):
    """The stream no longer holds its first messages (older than its maximum age): a rebuild from it would lose
    the events they carried."""


async def apply_registration_event(work: Work, type_name: str, data: bytes) -> None:
    """A copy with organizers is written at once (they need its row); every registration's copy is gathered, and
    `settle_applied_events` writes the newest of each event once the transaction's messages are applied. Kinds of
    events that carry no event, or that this version does not know, change nothing."""
    payload = parse(type_name, data)
    fields = payload.DESCRIPTOR.fields_by_name if payload is not None else {}
    if payload is None or "event" not in fields:
        return
    event = payload.event
    if "organizers" in fields:
        await work.read_model.write(event, list(payload.organizers))
    else:
        work.read_model.gather(event)


async def settle_applied_events(work: Work) -> None:
    await work.read_model.settle()


async def rebuild(uow: UnitOfWork, stream: StreamReplay, consumer: str) -> int:
    """Empties the read model, then replays the stream from its first message through the same idempotent
    handler. Returns how many messages were applied. The live consumer may run meanwhile: revisions keep
    the newest copy whichever of the two applies it. Refused, changing nothing, once the stream has let its
    oldest messages go (EVENTCENTER_STREAM_MAX_AGE_DAYS)."""
    first, last = await stream.bounds()
    if first > 1:
        raise StreamIncomplete(f"the stream starts at message {first}: older messages were removed "
                               "(its maximum age), so a rebuild would lose the events they carried")

    async def empty(work: Work) -> None:
        await work.read_model.clear(consumer)
    await uow.run(empty)
    if not last:
        return 0
    return await stream.replay(last)
