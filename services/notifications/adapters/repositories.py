"""The use cases' repositories over one SQLAlchemy session (service_layer/ports.py): each binds the session to the
statements of its module here, so a use case never sees SQL."""
import datetime

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.compiled import transaction_memo
from eventcenter.services.notifications.adapters import contacts, copies, deliveries, due_reminders, fanout, inbox
from eventcenter.services.notifications.domain.kinds import Switches
from eventcenter.services.notifications.domain.message_model import EventFacts
from eventcenter.services.notifications.domain.outgoing import Outgoing, Recipients, Sent
from eventcenter.services.notifications.service_layer.unit_of_work import Work


class _Bound:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session


class SqlCopies(_Bound):
    async def keep_event(self, event: pb.Event, organizer_names: list[str] | None, now: datetime.datetime) -> bool:
        return await copies.keep_event(self.session, event, organizer_names, now)

    async def load_event(self, event_id: int):
        return await copies.load_event(self.session, event_id)

    async def facts(self, event_id: int, public_url: str) -> EventFacts:
        return copies.facts_of(await copies.load_event(self.session, event_id), public_url)

    async def keep_participant(self, event_id: int, participant: pb.Participant):
        return await copies.keep_participant(self.session, event_id, participant)

    async def remove_participants(self, event_id: int, people: list[pb.Participant]) -> None:
        await copies.remove_participants(self.session, event_id, people)


class SqlContacts(_Bound):
    async def contact(self, user_id: int):
        return await contacts.contact(self.session, user_id)

    async def save_contact(self, user_id: int, user_name: str, email: str | None, language: str | None,
                           now: datetime.datetime):
        return await contacts.save_contact(self.session, user_id, user_name, email, language, now)

    async def set_accept_user_mail(self, user_id: int, user_name: str, accept: bool) -> None:
        await contacts.set_accept_user_mail(self.session, user_id, user_name, accept)

    async def switches(self, user_id: int) -> dict[str, Switches]:
        return await contacts.switches(self.session, user_id)

    async def save_switches(self, user_id: int, kind: str, chosen: Switches) -> None:
        await contacts.save_switches(self.session, user_id, kind, chosen)

    async def reachable_by_email(self, user_ids: list[int], kind: str, user_mail: bool) -> list[int]:
        return await contacts.reachable_by_email(self.session, user_ids, kind, user_mail)


class SqlFanout(_Bound):
    async def send(self, outgoing: Outgoing, recipients: Recipients, now: datetime.datetime) -> Sent | None:
        return await fanout.send(self.session, outgoing, recipients, now)


class SqlInbox(_Bound):
    async def page(self, user_id: int, after_id: int, size: int, unread_only: bool) -> list:
        return await inbox.page(self.session, user_id, after_id, size, unread_only)

    async def unread_count(self, user_id: int) -> int:
        return await inbox.unread_count(self.session, user_id)

    async def mark_read(self, user_id: int, ids: list[int] | None, now: datetime.datetime) -> int:
        return await inbox.mark_read(self.session, user_id, ids, now)


class SqlDueReminders(_Bound):
    async def take_due(self, now: datetime.datetime, limit: int) -> list:
        return await due_reminders.take_due(self.session, now, limit)

    async def settle(self, event_id: int, offset: str, state: str) -> None:
        await due_reminders.settle(self.session, event_id, offset, state)


class SqlDeliveries(_Bound):
    async def message(self, message_id: int):
        return await deliveries.message(self.session, message_id)

    async def release(self, delivery_id: int, now: datetime.datetime) -> None:
        await deliveries.release(self.session, delivery_id, now)

    async def mark_failed(self, delivery_id: int, error: str, retry_at: datetime.datetime | None) -> None:
        await deliveries.mark_failed(self.session, delivery_id, error, retry_at)

    async def log_page(self, state: str, user_id: int, event_id: int, after_id: int, size: int) -> list:
        return await deliveries.log_page(self.session, state, user_id, event_id, after_id, size)

    async def state_counts(self) -> dict[str, int]:
        return await deliveries.state_counts(self.session)


def when_committed(session: AsyncSession):
    """Callbacks run after the session's transaction commits, once per key however many use cases ask within it
    (a batch of stream messages shares one transaction)."""
    def register(key: str, callback) -> None:
        memo = transaction_memo(session)
        if not memo.get(key):
            memo[key] = True
            event.listen(session.sync_session, "after_commit", lambda _: callback(), once=True)
    return register


def work(session: AsyncSession, now: datetime.datetime) -> Work:
    return Work(session, now, copies=SqlCopies(session), contacts=SqlContacts(session), fanout=SqlFanout(session),
                inbox=SqlInbox(session), reminders=SqlDueReminders(session), deliveries=SqlDeliveries(session),
                when_committed=when_committed(session))
