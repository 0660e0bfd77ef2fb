"""Registration's events, as the stream brings them, make the mails and inbox items people should get: a
confirmation (with the calendar file) or a place on the waiting list, a promotion, changes, a cancellation;
once per cause however often an event is delivered, and never for a registration a newer change undid."""
from eventcenter.registration.v1 import events_pb2 as events
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.notifications.domain import kinds
from tests.service_layer.fakes_notifications import (
    event,
    inbox_of,
    mails_to,
    notifications,
    participant,
    react,
    subject_key,
    with_address,
)


async def _registered(wiring, uow, user_id: int, waiting: int = 0, message_id: str = "") -> None:
    await react(wiring, events.ParticipantRegistered(event=event(), participant=participant(user_id, waiting=waiting)),
                message_id)


async def test_a_registration_is_confirmed_by_mail_with_its_calendar_file_and_in_the_inbox():
    wiring, uow, woken = notifications()
    await with_address(uow, 1)
    await react(wiring, events.EventCreated(event=event(), organizers=[pb.Organizer(user_name="Ada")]))
    await _registered(wiring, uow, 1)
    [(kind, message)] = mails_to(uow, 1)
    assert kind == kinds.CONFIRMATION and subject_key(message) == "notifications-confirmation-subject"
    assert b"BEGIN:VCALENDAR" in message.attachment
    assert inbox_of(uow, 1) == [kinds.CONFIRMATION]
    assert woken == [1]  # after the commit that queued the mail


async def test_the_same_stream_message_twice_makes_one_confirmation():
    wiring, uow, woken = notifications()
    await with_address(uow, 1)
    for _ in range(2):
        await _registered(wiring, uow, 1, message_id="relay-42")
    assert len(mails_to(uow, 1)) == 1 and inbox_of(uow, 1) == [kinds.CONFIRMATION]
    assert woken == [1]  # the repeat queued nothing


async def test_a_place_on_the_waiting_list_says_so_and_comes_without_calendar_file():
    wiring, uow, _ = notifications()
    await with_address(uow, 2)
    await _registered(wiring, uow, 2, waiting=3)
    [(kind, message)] = mails_to(uow, 2)
    assert kind == kinds.CONFIRMATION and subject_key(message) == "notifications-waitlisted-subject"
    assert message.attachment is None


async def test_a_promotion_brings_the_calendar_file_unless_a_cancellation_came_first():
    wiring, uow, _ = notifications()
    for user_id in (3, 4):
        await with_address(uow, user_id)
        await _registered(wiring, uow, user_id, waiting=1)
    await react(wiring, events.WaitlistPromoted(event=event(), participant=participant(3, revision=2)))
    await react(wiring, events.ParticipantCancelled(event=event(), participant=participant(4, revision=3)))
    await react(wiring, events.WaitlistPromoted(event=event(), participant=participant(4, revision=2)))
    [_, (kind, promoted)] = mails_to(uow, 3)
    assert kind == kinds.WAITLIST_PROMOTED and b"BEGIN:VCALENDAR" in promoted.attachment
    assert [kind for kind, _ in mails_to(uow, 4)] == [kinds.CONFIRMATION]  # the old promotion tells nothing


async def test_changed_times_reach_every_participant_and_a_new_meeting_link_only_those_with_a_place():
    wiring, uow, _ = notifications()
    for user_id, waiting in ((5, 0), (6, 2)):
        await with_address(uow, user_id)
        await _registered(wiring, uow, user_id, waiting=waiting)
    await react(wiring, events.EventUpdated(event=event(revision=2), changed_fields=["start_local"]))
    await react(wiring, events.EventUpdated(event=event(revision=3, meeting_url="https://meet.example.org/new"),
                                            changed_fields=["meeting_url"]))
    assert [kind for kind, _ in mails_to(uow, 5)] == [kinds.CONFIRMATION, kinds.EVENT_CHANGED, kinds.EVENT_CHANGED]
    assert [kind for kind, _ in mails_to(uow, 6)] == [kinds.CONFIRMATION, kinds.EVENT_CHANGED]
    # An older copy arriving late changes nothing and tells nobody.
    await react(wiring, events.EventUpdated(event=event(revision=1), changed_fields=["start_local"]))
    assert len(mails_to(uow, 5)) == 3


async def test_a_closed_or_deleted_event_is_told_as_cancelled_to_its_participants():
    wiring, uow, _ = notifications()
    await with_address(uow, 7)
    await _registered(wiring, uow, 7)
    await react(wiring, events.EventUpdated(event=event(revision=2, status=pb.EVENT_STATUS_CLOSED),
                                            changed_fields=["status"]))
    await react(wiring, events.EventDeleted(event=event(revision=3, delete_time=timestamp(uow.clock.now()))))
    told = [(kind, subject_key(message)) for kind, message in mails_to(uow, 7)[1:]]
    assert told == [(kinds.EVENT_CANCELLED, "notifications-closed-subject"),
                    (kinds.EVENT_CANCELLED, "notifications-deleted-subject")]
    assert not any(r.state == "scheduled" for r in uow.tables.reminders.values())  # its reminders are gone


async def test_no_mail_for_an_event_already_over_and_no_address_means_the_inbox_only():
    wiring, uow, woken = notifications()
    await react(wiring, events.ParticipantRegistered(event=event(ended=True), participant=participant(8)))
    await _registered(wiring, uow, 9)  # never gave an address
    assert mails_to(uow, 8) == [] and inbox_of(uow, 8) == []
    assert mails_to(uow, 9) == [] and inbox_of(uow, 9) == [kinds.CONFIRMATION]
    assert woken == []  # nothing queued for the worker


async def test_an_organizers_message_reaches_those_who_accept_user_mail_and_the_copy_its_sender():
    wiring, uow, _ = notifications()
    for user_id in (10, 11, 12):
        await with_address(uow, user_id)
    await uow.run(lambda work: work.contacts.set_accept_user_mail(11, "User 11", False))
    await react(wiring, events.ParticipantsEmailed(
        message_id="m-1", event=event(), sender_user_id=12, sender_name="User 12", subject="Tomorrow",
        message="Bring laptops", recipient_user_ids=[10, 11], cc_sender=True))
    [(kind, message)] = mails_to(uow, 10)
    assert kind == kinds.ORGANIZER_MESSAGE and message.reply_to_user_id == 12
    assert mails_to(uow, 11) == [] and inbox_of(uow, 11) == []
    assert [m.reply_to_user_id for _, m in mails_to(uow, 12)] == [None]
