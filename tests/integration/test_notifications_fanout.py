"""Who a message reaches: a message for one person (its own statement) reaches exactly whom the same message
for a list of people would, whatever their contacts and switches."""
import itertools

from sqlalchemy import insert, select

from eventcenter.services.notifications.adapters import fanout
from eventcenter.services.notifications.adapters.tables import contacts, deliveries, inbox_items, preferences
from eventcenter.services.notifications.domain import kinds
from eventcenter.services.notifications.domain.confirmation import Line, Message

_ids = itertools.count(9_400_000)
TOLD = Message(Line("notifications-confirmation-subject", {"event": "Fanout"}), [])


async def _someone(session, email: str | None, email_on: bool | None = None, in_app_on: bool | None = None,
                   accept_user_mail: bool = True, contact: bool = True) -> int:
    user_id = next(_ids)
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
            as_list = await fanout.send(session, fanout.Outgoing(f"fanout-list:{people[0]}:{user_mail}",
                                                                 kinds.CONFIRMATION, TOLD, user_mail=user_mail),
                                        fanout.users(people), now)
            listed_mails, listed_items = reached[user_mail] = await _reached(session, as_list.message_id)
            for user_id in people:
                alone = await fanout.send(session, fanout.Outgoing(f"fanout-one:{user_id}:{user_mail}",
                                                                   kinds.CONFIRMATION, TOLD, user_mail=user_mail),
                                          fanout.users([user_id]), now)
                mails, items = await _reached(session, alone.message_id)
                assert mails == {m for m in listed_mails if m[0] == user_id}
                assert items == {i for i in listed_items if i == user_id}
                assert alone.mails == len(mails)
        await session.rollback()  # nothing of this test is left for the delivery worker
    mailed = {user_mail: {user_id for user_id, _ in mails} for user_mail, (mails, _) in reached.items()}
    assert mailed == {False: {people[0], people[3], people[6]}, True: {people[0], people[3]}}
    assert reached[False][1] == {people[0], people[1], people[2], people[5], people[6]}
    assert reached[True][1] == {people[0], people[1], people[2], people[5]}
