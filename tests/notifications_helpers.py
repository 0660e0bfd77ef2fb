"""People with an address the notifications service knows, as the gateway records it at sign-in."""
import asyncio
import uuid

from eventcenter.notifications.v1 import notifications_service_pb2 as api
from eventcenter.services.kernel.identity import Identity
from tests.people import md, person


def address_of(someone: Identity) -> str:
    return f"user{someone.user_id}@mail.test"


async def with_email(notifications_stub, someone: Identity | None = None, language: str = "en") -> Identity:
    someone = someone or person(name=f"Reader {uuid.uuid4().hex[:8]}")
    await notifications_stub.UpdateContact(api.UpdateContactRequest(
        email=address_of(someone), email_confirmed=True, language=language), metadata=md(someone))
    return someone


async def inbox_of(notifications_stub, someone: Identity, count: int = 1, timeout: float = 15.0) -> list:
    """The person's inbox items, once `count` arrived (or the time is up; then whatever there is)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        answer = await notifications_stub.ListInboxItems(api.ListInboxItemsRequest(), metadata=md(someone))
        if len(answer.items) >= count or asyncio.get_running_loop().time() > deadline:
            return list(answer.items)
        await asyncio.sleep(0.05)


async def confirmed_participant(stub, notifications_stub, smtp, **event_overrides):
    """An organizer, their new event, and a participant with an email whose confirmation has arrived."""
    from tests import builders
    from tests.people import organizer

    ada = organizer()
    event = await builders.create(stub, md(ada), **event_overrides)
    reader = await with_email(notifications_stub)
    await builders.register(stub, md(reader), event.id)
    await smtp.wait_for(address_of(reader))
    return ada, event, reader
