"""Who a message reaches: a message for one person (its own statement) reaches exactly whom the same message
for a list of people would, whatever their contacts and switches."""
from sqlalchemy import insert, select

from eventcenter.services.notifications.adapters import fanout, repositories
from eventcenter.services.notifications.adapters.tables import contacts, deliveries, inbox_items, preferences
from eventcenter.services.notifications.domain import kinds
from eventcenter.services.notifications.domain.message_model import Line, Message
from eventcenter.services.notifications.domain.outgoing import Outgoing, users
from tests.people import person

TOLD = Message(Line("notifications-confirmation-subject", {"event": "Fanout"}), [])


async def _someone(session, email: str | None, email_on: bool | None = None, in_app_on: bool | None = None,
                   accept_user_mail: bool = True, contact: bool = True) -> int:
    user_id = person().user_id
    if contact:
        await session.execute(insert(contacts).values(user_id=user_id, user_name=f"F{user_id}", email=email,
                                                      accept_user_mail=accept_user_mail))
    if email_on is not None or in_app_on is not None:
        await session.execute(insert(preferences).values(
            user_id=user_id, kind=kinds.CONFIRMATION, email=email_on is not False, in_app=in_app_on is not False))
    return user_id


async def _reached(session, message_id: int) -> tuple[set, set]:
    mails = set((await session.execute(select(deliveries.c.user_id, deliveries.c.address).where(
        deliveries.c.message_id == message_id))).all())
    items = set((await session.scalars(select(inbox_items.c.user_id).where(
        inbox_items.c.message_id == message_id))).all())
    return mails, items


async def test_one_person_is_reached_as_the_same_person_in_a_list(notifications):
    now = notifications.now()
    async with notifications.sessions() as session, session.begin():
        people = [
            await _someone(session, "a@mail.test"),
            await _someone(session, None),  # no address: the inbox only
            await _someone(session, "b@mail.test", email_on=False),
            await _someone(session, "c@mail.test", in_app_on=False),
            await _someone(session, "d@mail.test", email_on=False, in_app_on=False),
            await _someone(session, None, contact=False),  # never signed in here: the inbox only
        ]
        reached = {}
        for user_mail in (False, True):
            # Someone who takes no mail from other users: reached by Event Center's own messages only.
            people.append(await _someone(session, "e@mail.test", accept_user_mail=False))
            as_list = await fanout.send(session, Outgoing(f"fanout-list:{people[0]}:{user_mail}",
                                                                 kinds.CONFIRMATION, TOLD, user_mail=user_mail),
                                        users(people), now)
            listed_mails, listed_items = reached[user_mail] = await _reached(session, as_list.message_id)
            for user_id in people:
                alone = await fanout.send(session, Outgoing(f"fanout-one:{user_id}:{user_mail}",
                                                                   kinds.CONFIRMATION, TOLD, user_mail=user_mail),
                                          users([user_id]), now)
                mails, items = await _reached(session, alone.message_id)
                assert mails == {m for m in listed_mails if m[0] == user_id}
                assert items == {i for i in listed_items if i == user_id}
                assert alone.mails == len(mails)
        await session.rollback()  # nothing of this test is left for the delivery worker
    mailed = {user_mail: {user_id for user_id, _ in mails} for user_mail, (mails, _) in reached.items()}
    assert mailed == {False: {people[0], people[3], people[6]}, True: {people[0], people[3]}}
    assert reached[False][1] == {people[0], people[1], people[2], people[5], people[6]}
    assert reached[True][1] == {people[0], people[1], people[2], people[5]}


async def test_a_transaction_that_queues_mail_wakes_the_delivery_worker_once_after_its_commit(notifications):
    from eventcenter.services.notifications.service_layer.reactions import Reactions

    woken = []
    reactions = Reactions("https://events.test", lambda event_id, facts: b"", lambda: woken.append(1))
    async with notifications.sessions() as session:
        async with session.begin():
            first, second = await _someone(session, "wake-1@mail.test"), await _someone(session, "wake-2@mail.test")
            for user_id in (first, second):
                await reactions._send(repositories.work(session, notifications.now()),
                                      Outgoing(f"fanout-wake:{user_id}", kinds.CONFIRMATION, TOLD), users([user_id]))
            assert woken == []  # not before the commit: the worker would find nothing yet
        assert woken == [1]
        async with session.begin():  # the next transaction that queues mail wakes it again
            await reactions._send(repositories.work(session, notifications.now()),
                                  Outgoing(f"fanout-wake:{first}:again", kinds.CONFIRMATION, TOLD), users([first]))
        assert woken == [1, 1]
