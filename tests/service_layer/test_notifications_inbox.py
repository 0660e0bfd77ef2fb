"""The in-app inbox: a person's own items, newest first a page at a time, and marking them read."""
import pytest

from eventcenter.registration.v1 import events_pb2 as events
from eventcenter.services.kernel.errors import InvalidArgument
from eventcenter.services.notifications.service_layer import inbox
from tests.service_layer.fakes_notifications import event, notifications, participant, react


async def _items(wiring, user_id: int, count: int) -> None:
    for number in range(count):
        await react(wiring, events.ParticipantRegistered(event=event(event_id=100 + number),
                                                         participant=participant(user_id)))


async def test_pages_go_from_the_newest_and_count_the_unread():
    wiring, uow, _ = notifications()
    await _items(wiring, 31, 3)
    await _items(wiring, 32, 1)  # someone else's
    first = await uow.run(lambda work: inbox.inbox_page(work, 31, "", 2, unread_only=False))
    assert [row.event_id for row in first.items] == [102, 101] and first.unread == 3 and first.next_token
    last = await uow.run(lambda work: inbox.inbox_page(work, 31, first.next_token, 2, unread_only=False))
    assert [row.event_id for row in last.items] == [100] and last.next_token == ""


async def test_marking_read_touches_only_the_callers_own_items():
    wiring, uow, _ = notifications()
    await _items(wiring, 33, 2)
    await _items(wiring, 34, 1)
    theirs = await uow.run(lambda work: inbox.inbox_page(work, 34, "", 0, unread_only=False))
    mine = await uow.run(lambda work: inbox.inbox_page(work, 33, "", 0, unread_only=False))
    marked = await uow.run(lambda work: inbox.mark_read(work, 33, [mine.items[0].id, theirs.items[0].id], False))
    assert (marked.marked, marked.unread) == (1, 1)
    unread = await uow.run(lambda work: inbox.inbox_page(work, 33, "", 0, unread_only=True))
    assert [row.id for row in unread.items] == [mine.items[1].id]
    every = await uow.run(lambda work: inbox.mark_read(work, 33, [], True))
    assert (every.marked, every.unread) == (1, 0)
    assert (await uow.run(lambda work: inbox.inbox_page(work, 34, "", 0, unread_only=True))).unread == 1


async def test_marking_read_names_some_items_or_all_and_a_bad_page_is_refused():
    wiring, uow, _ = notifications()
    with pytest.raises(InvalidArgument):
        await uow.run(lambda work: inbox.mark_read(work, 35, [], False))
    with pytest.raises(InvalidArgument):
        await uow.run(lambda work: inbox.inbox_page(work, 35, "not-a-token", 0, unread_only=False))
    with pytest.raises(InvalidArgument):
        await uow.run(lambda work: inbox.inbox_page(work, 35, "", inbox.MAX_PAGE + 1, unread_only=False))
