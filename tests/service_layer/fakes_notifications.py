"""In-memory stand-ins for the notifications service's repositories and unit of work: what the SQL adapters keep in
tables, kept in dicts by the same rules (the newest copy wins, one message per cause, one delivery and one inbox
item per person, switches on unless turned off), so the use cases run without PostgreSQL."""
import copy
import datetime
import itertools
from dataclasses import dataclass, field
from types import SimpleNamespace

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.enums import FROM_PARTICIPATION_OPTIONS
from eventcenter.services.contracts.stream_events import utc
from eventcenter.services.kernel import bus
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.notifications.adapters.copies import facts_of
from eventcenter.services.notifications.adapters.tables import DEAD, PENDING, SENDING, SENT
from eventcenter.services.notifications.domain import codec
from eventcenter.services.notifications.domain import reminders as reminder_rules
from eventcenter.services.notifications.domain.kinds import DEFAULT, Switches
from eventcenter.services.notifications.domain.outgoing import Sent
from eventcenter.services.notifications.service_layer.unit_of_work import Work


@dataclass
class Tables:
    """Every row the service keeps, by key."""
    events: dict = field(default_factory=dict)  # id -> row
    participants: dict = field(default_factory=dict)  # (event_id, user_id) -> row
    reminders: dict = field(default_factory=dict)  # (event_id, offset) -> row
    contacts: dict = field(default_factory=dict)  # user_id -> row
    preferences: dict = field(default_factory=dict)  # (user_id, kind) -> Switches
    messages: dict = field(default_factory=dict)  # key -> row
    deliveries: dict = field(default_factory=dict)  # id -> row
    inbox_items: dict = field(default_factory=dict)  # id -> row
    last_id: int = 0

    def new_id(self) -> int:
        self.last_id += 1
        return self.last_id


class FakeCopies:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    async def keep_event(self, event: pb.Event, organizer_names, now) -> bool:
        kept = self.t.events.get(event.id)
        if kept is not None and kept.revision > event.revision:
            return False
        row = SimpleNamespace(
            id=event.id, revision=event.revision, name=event.name, open=event.status == pb.EVENT_STATUS_OPEN,
            deleted=event.HasField("delete_time"), test_event=event.test_event, timezone=event.timezone,
            start_utc=utc(event.start_time), end_utc=utc(event.end_time),
            participation=FROM_PARTICIPATION_OPTIONS.get(event.participation_options, ""), address=event.address,
            country_code=event.country_code, chat_url=event.chat_url, meeting_url=event.meeting_url,
            organizer_names=organizer_names if organizer_names is not None else
            (kept.organizer_names if kept else []))
        self.t.events[event.id] = row
        self._schedule_reminders(row, now)
        return True

    def _schedule_reminders(self, row, now) -> None:
        for key, reminder in list(self.t.reminders.items()):
            if row.deleted and key[0] == row.id and reminder.state == reminder_rules.SCHEDULED:
                del self.t.reminders[key]
        if row.deleted:
            return
        for planned in reminder_rules.plan(row.start_utc, now):
            kept = self.t.reminders.get((row.id, planned.offset))
            if kept is None or kept.start_utc != row.start_utc:  # the same start: as it is (perhaps sent)
                self.t.reminders[(row.id, planned.offset)] = SimpleNamespace(
                    event_id=row.id, offset=planned.offset, due_time=planned.due, start_utc=row.start_utc,
                    state=planned.state)

    async def load_event(self, event_id: int):
        return self.t.events.get(event_id)

    async def facts(self, event_id: int, public_url: str):
        return facts_of(self.t.events[event_id], public_url)

    def _keep(self, event_id: int, participant: pb.Participant, removed: bool) -> None:
        kept = self.t.participants.get((event_id, participant.user_id))
        if kept is None or kept.revision <= participant.revision:
            self.t.participants[(event_id, participant.user_id)] = SimpleNamespace(
                event_id=event_id, user_id=participant.user_id, revision=participant.revision, removed=removed,
                registered=not removed and participant.state != pb.REGISTRATION_STATE_WAITLISTED)

    async def keep_participant(self, event_id: int, participant: pb.Participant):
        self._keep(event_id, participant, removed=False)
        kept = self.t.participants[(event_id, participant.user_id)]
        return SimpleNamespace(registered=kept.registered, removed=kept.removed)

    async def remove_participants(self, event_id: int, people) -> None:
        for participant in people:
            self._keep(event_id, participant, removed=True)


class FakeContacts:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    async def contact(self, user_id: int):
        return self.t.contacts.get(user_id)

    async def save_contact(self, user_id, user_name, email, language, now):
        kept = self.t.contacts.get(user_id)
        self.t.contacts[user_id] = SimpleNamespace(
            user_id=user_id, user_name=user_name, email=email, update_time=now,
            language=language or (kept.language if kept else "en"),
            accept_user_mail=kept.accept_user_mail if kept else True)
        return self.t.contacts[user_id]

    async def set_accept_user_mail(self, user_id, user_name, accept) -> None:
        kept = self.t.contacts.get(user_id)
        if kept is None:
            kept = self.t.contacts[user_id] = SimpleNamespace(user_id=user_id, user_name=user_name, email=None,
                                                              language="en", update_time=None)
        kept.accept_user_mail = accept

    async def switches(self, user_id: int) -> dict[str, Switches]:
        return {kind: chosen for (user, kind), chosen in self.t.preferences.items() if user == user_id}

    async def save_switches(self, user_id: int, kind: str, chosen: Switches) -> None:
        self.t.preferences[(user_id, kind)] = chosen

    def by_email(self, user_id: int, kind: str, user_mail: bool) -> bool:
        person = self.t.contacts.get(user_id)
        return (person is not None and person.email is not None
                and self.t.preferences.get((user_id, kind), DEFAULT).email
                and (not user_mail or person.accept_user_mail))

    def in_app(self, user_id: int, kind: str, user_mail: bool) -> bool:
        person = self.t.contacts.get(user_id)
        return (self.t.preferences.get((user_id, kind), DEFAULT).in_app
                and (not user_mail or person is None or person.accept_user_mail))

    async def reachable_by_email(self, user_ids, kind, user_mail) -> list[int]:
        return sorted(user_id for user_id in user_ids if self.by_email(user_id, kind, user_mail))


class FakeFanout:
    def __init__(self, tables: Tables) -> None:
        self.t = tables
        self.contacts = FakeContacts(tables)

    def _who(self, recipients) -> list[int]:
        if recipients.event_id is None:
            return list(recipients.user_ids)
        return [p.user_id for (event_id, _), p in sorted(self.t.participants.items())
                if event_id == recipients.event_id and not p.removed
                and (recipients.with_place is None or p.registered == recipients.with_place)]

    async def send(self, outgoing, recipients, now) -> Sent | None:
        if outgoing.key in self.t.messages:
            return None  # this cause made its message already
        message = self.t.messages[outgoing.key] = SimpleNamespace(
            id=self.t.new_id(), key=outgoing.key, kind=outgoing.kind, event_id=outgoing.event_id,
            content=codec.dumps(outgoing.message), attachment=outgoing.attachment,
            reply_to_user_id=outgoing.reply_to_user_id, create_time=now)
        mails = 0
        for user_id in dict.fromkeys(self._who(recipients)):
            if self.contacts.by_email(user_id, outgoing.kind, outgoing.user_mail):
                person = self.t.contacts[user_id]
                delivery_id = self.t.new_id()
                self.t.deliveries[delivery_id] = SimpleNamespace(
                    id=delivery_id, message_id=message.id, user_id=user_id, address=person.email,
                    language=person.language, state=PENDING, attempts=0, next_attempt_time=now, last_error="",
                    create_time=now, sent_time=None)
                mails += 1
            if self.contacts.in_app(user_id, outgoing.kind, outgoing.user_mail):
                item_id = self.t.new_id()
                self.t.inbox_items[item_id] = SimpleNamespace(id=item_id, user_id=user_id, message_id=message.id,
                                                              create_time=now, read_time=None)
        return Sent(message.id, mails)


class FakeInbox:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    def _items(self, user_id: int) -> list:
        return sorted((i for i in self.t.inbox_items.values() if i.user_id == user_id), key=lambda i: -i.id)

    async def page(self, user_id, after_id, size, unread_only) -> list:
        by_id = {m.id: m for m in self.t.messages.values()}
        return [SimpleNamespace(id=i.id, create_time=i.create_time, read_time=i.read_time,
                                kind=by_id[i.message_id].kind, event_id=by_id[i.message_id].event_id,
                                content=by_id[i.message_id].content)
                for i in self._items(user_id)
                if (not after_id or i.id < after_id) and (not unread_only or i.read_time is None)][:size]

    async def unread_count(self, user_id: int) -> int:
        return sum(1 for i in self._items(user_id) if i.read_time is None)

    async def mark_read(self, user_id, ids, now) -> int:
        marked = [i for i in self._items(user_id) if i.read_time is None and (ids is None or i.id in ids)]
        for item in marked:
            item.read_time = now
        return len(marked)


class FakeDueReminders:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    async def take_due(self, now, limit) -> list:
        due = [r for r in self.t.reminders.values() if r.state == reminder_rules.SCHEDULED and r.due_time <= now]
        return sorted(due, key=lambda r: r.due_time)[:limit]

    async def settle(self, event_id, offset, state) -> None:
        self.t.reminders[(event_id, offset)].state = state


class FakeDeliveries:
    def __init__(self, tables: Tables) -> None:
        self.t = tables

    async def message(self, message_id: int):
        return next(m for m in self.t.messages.values() if m.id == message_id)

    async def release(self, delivery_id, now) -> None:
        row = self.t.deliveries[delivery_id]
        if row.state == SENDING:
            row.state, row.next_attempt_time, row.attempts = PENDING, now, row.attempts - 1

    async def mark_failed(self, delivery_id, error, retry_at) -> None:
        row = self.t.deliveries[delivery_id]
        if row.state == SENDING:
            row.last_error = error[:500]
            row.state, row.next_attempt_time = (PENDING, retry_at) if retry_at else (DEAD, row.next_attempt_time)

    async def log_page(self, state, user_id, event_id, after_id, size) -> list:
        by_id = {m.id: m for m in self.t.messages.values()}
        rows = [SimpleNamespace(**vars(d), key=by_id[d.message_id].key, kind=by_id[d.message_id].kind,
                                event_id=by_id[d.message_id].event_id)
                for d in sorted(self.t.deliveries.values(), key=lambda d: -d.id)]
        return [r for r in rows if (not state or r.state == state) and (not user_id or r.user_id == user_id)
                and (not event_id or r.event_id == event_id) and (not after_id or r.id < after_id)][:size]

    async def state_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.t.deliveries.values():
            counts[row.state] = counts.get(row.state, 0) + 1
        return counts

    def claim(self, now) -> list:
        """What the worker's claim does: the due deliveries, being sent, their attempt counted."""
        due = [d for d in self.t.deliveries.values() if d.state in (PENDING, SENDING) and d.next_attempt_time <= now]
        for row in due:
            row.state, row.attempts = SENDING, row.attempts + 1
        return due

    def mark_sent(self, delivery_id: int, now) -> None:
        row = self.t.deliveries[delivery_id]
        row.state, row.sent_time = SENT, now


class FakeUnitOfWork:
    """Runs each use case over the tables; a use case that raises leaves them as they were (a rollback), and the
    callbacks asked for run only once it returned (a commit)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self.tables = Tables()
        self.commits = 0

    def _work(self, committed: dict) -> Work:
        t = self.tables
        return Work(None, self.clock.now(), copies=FakeCopies(t), contacts=FakeContacts(t), fanout=FakeFanout(t),
                    inbox=FakeInbox(t), reminders=FakeDueReminders(t), deliveries=FakeDeliveries(t),
                    when_committed=lambda key, callback: committed.setdefault(key, callback))

    async def run(self, use_case):
        kept, committed = copy.deepcopy(self.tables), {}
        try:
            result = await use_case(self._work(committed))
        except BaseException:
            self.tables = kept
            raise
        self.commits += 1
        for callback in committed.values():
            callback()
        return result


_STREAM_IDS = itertools.count(1)  # the relay's id of each stream message


def notifications(clock: Clock | None = None):
    """The service's use cases wired by its real bootstrap to a fake unit of work; `woken` counts the delivery
    worker's wake-ups (once per committed transaction that queued mail)."""
    from eventcenter.services.notifications.bootstrap import bootstrap
    from eventcenter.services.notifications.settings import NotificationsSettings

    uow, woken = FakeUnitOfWork(clock), []
    settings = NotificationsSettings(public_url="https://events.test", identity_secret="s" * 32)
    wiring = bootstrap(settings, uow, lambda: woken.append(1))
    return wiring, uow, woken


async def react(wiring, payload, message_id: str = "") -> None:
    """Handles one stream event as the consumer does, in a transaction of its own."""
    headers = {bus.HEADER_MESSAGE_ID: message_id or f"stream-{next(_STREAM_IDS)}"}
    await wiring.uow.run(lambda work: wiring.reactions.handle(work, payload.DESCRIPTOR.full_name,
                                                              payload.SerializeToString(), headers))


def event(event_id: int = 7, revision: int = 1, starts_in=datetime.timedelta(days=3), now=None, **changes) -> pb.Event:
    now = now or datetime.datetime.now(datetime.UTC)
    values = dict(id=event_id, revision=revision, name="Edit-a-thon", timezone="Europe/Paris",
                  status=pb.EVENT_STATUS_OPEN, participation_options=pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON,
                  address="1 Rue Example", country_code="FR", chat_url="https://chat.example.org",
                  meeting_url="https://meet.example.org", start_time=timestamp(now + starts_in),
                  end_time=timestamp(now + starts_in + datetime.timedelta(hours=3)))
    return pb.Event(**{**values, **changes})


def participant(user_id: int, revision: int = 1, waiting: int = 0) -> pb.Participant:
    """`waiting`: their place on the waiting list (0: they have a place)."""
    state = pb.REGISTRATION_STATE_WAITLISTED if waiting else pb.REGISTRATION_STATE_REGISTERED
    return pb.Participant(user_id=user_id, user_name=f"User {user_id}", state=state, waitlist_position=waiting,
                          revision=revision)


async def with_address(uow: FakeUnitOfWork, user_id: int, language: str = "en") -> str:
    address = f"user{user_id}@mail.test"
    await uow.run(lambda work: work.contacts.save_contact(user_id, f"User {user_id}", address, language, work.now))
    return address


def mails_to(uow: FakeUnitOfWork, user_id: int) -> list:
    """(kind, message) of each delivery queued for the person, oldest first."""
    by_id = {m.id: m for m in uow.tables.messages.values()}
    return [(by_id[d.message_id].kind, by_id[d.message_id]) for d in sorted(uow.tables.deliveries.values(),
                                                                              key=lambda d: d.id)
            if d.user_id == user_id]


def inbox_of(uow: FakeUnitOfWork, user_id: int) -> list[str]:
    by_id = {m.id: m for m in uow.tables.messages.values()}
    return [by_id[i.message_id].kind for i in sorted(uow.tables.inbox_items.values(), key=lambda i: i.id)
            if i.user_id == user_id]


def subject_key(message) -> str:
    return codec.loads(message.content).subject.key
