"""Events on the stream become mail and inbox items: confirmations, organizers' messages, changes, deletions,
promotions from the waiting list, and a ready invitation list; preferences are obeyed."""
import datetime
import uuid

import icalendar
import nats
from google.protobuf.timestamp_pb2 import Timestamp

from eventcenter.invitations.v1 import events_pb2 as invitations_events
from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel import bus
from tests import builders
from tests.notifications_helpers import address_of, confirmed_participant, inbox_of, with_email
from tests.people import md, organizer, person


def _plain(mail) -> str:
    return mail.get_body(("plain",)).get_content()


async def test_registration_confirmation_arrives_once_with_a_calendar_file(stub, notifications_stub, smtp):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    bea = await with_email(notifications_stub)
    await builders.register(stub, md(bea), event.id)
    [mail] = await smtp.wait_for(address_of(bea))
    assert event.name in mail["Subject"] and mail["Date"] is not None
    assert mail["Message-ID"].startswith("<delivery-") and mail["To"] == address_of(bea)
    text = _plain(mail)
    assert f"/event/{event.id}" in text and "/events" in text and "chat.example.org" in text
    assert ada.name in text
    [ics] = list(mail.iter_attachments())
    [entry] = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert entry["SUMMARY"] == event.name
    # Changing one's registration (public to private) is no new registration: no second mail.
    await builders.register(stub, md(bea), event.id, private=True)
    second = await with_email(notifications_stub)
    await builders.register(stub, md(second), event.id)
    await smtp.wait_for(address_of(second))
    assert len(smtp.to(address_of(bea))) == 1


async def test_confirmation_comes_in_the_recipients_language(stub, notifications_stub, smtp):
    event = await builders.create(stub, md(organizer()))
    claude = await with_email(notifications_stub, language="fr")
    await builders.register(stub, md(claude), event.id)
    [mail] = await smtp.wait_for(address_of(claude))
    assert mail["Subject"].startswith("Vous êtes inscrit")


async def test_reactivated_registration_is_welcomed_back(stub, notifications_stub, smtp):
    event = await builders.create(stub, md(organizer()))
    bea = await with_email(notifications_stub)
    await builders.register(stub, md(bea), event.id)
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(bea))
    await builders.register(stub, md(bea), event.id)
    mails = await smtp.wait_for(address_of(bea), count=2)
    assert len(mails) == 2 and "Welcome back" in _plain(mails[1])


async def test_no_mail_to_someone_who_turned_it_off_but_the_inbox_keeps_it(stub, notifications_stub, smtp):
    event = await builders.create(stub, md(organizer()))
    quiet = await with_email(notifications_stub)
    await notifications_stub.UpdatePreferences(napi.UpdatePreferencesRequest(kinds=[napi.KindPreference(
        kind=napi.NOTIFICATION_KIND_REGISTRATION_CONFIRMATION, email=False, in_app=True)]), metadata=md(quiet))
    await builders.register(stub, md(quiet), event.id)
    [item] = await inbox_of(notifications_stub, quiet)
    assert item.kind == napi.NOTIFICATION_KIND_REGISTRATION_CONFIRMATION and event.name in item.subject
    assert smtp.to(address_of(quiet)) == []


async def test_in_app_off_leaves_the_inbox_empty(stub, notifications_stub, smtp):
    event = await builders.create(stub, md(organizer()))
    mail_only = await with_email(notifications_stub)
    await notifications_stub.UpdatePreferences(napi.UpdatePreferencesRequest(kinds=[napi.KindPreference(
        kind=napi.NOTIFICATION_KIND_REGISTRATION_CONFIRMATION, email=True, in_app=False)]), metadata=md(mail_only))
    await builders.register(stub, md(mail_only), event.id)
    await smtp.wait_for(address_of(mail_only))
    answer = await notifications_stub.ListInboxItems(napi.ListInboxItemsRequest(), metadata=md(mail_only))
    assert list(answer.items) == [] and answer.unread_count == 0


async def test_organizer_message_reaches_those_who_accept_user_mail_with_a_footer(stub, notifications_stub, smtp):
    ada = await with_email(notifications_stub, organizer())
    event = await builders.create(stub, md(ada))
    willing, unwilling = await with_email(notifications_stub), await with_email(notifications_stub)
    no_address = person()
    await notifications_stub.UpdatePreferences(napi.UpdatePreferencesRequest(accept_user_mail=False),
                                               metadata=md(unwilling))
    for someone in (willing, unwilling, no_address):
        await builders.register(stub, md(someone), event.id)
    await smtp.wait_for(address_of(willing))
    answer = await stub.EmailParticipants(api.EmailParticipantsRequest(
        event_id=event.id, subject="Bring a laptop", message="See you <b>tomorrow</b> at ten.", all=True,
        cc_sender=True), metadata=md(ada))
    reachable = await notifications_stub.CountReachable(
        napi.CountReachableRequest(user_ids=answer.recipient_user_ids), metadata=md(ada))
    assert answer.recipients == 3 and reachable.reachable == 1
    [_, message] = await smtp.wait_for(address_of(willing), count=2)
    assert message["Subject"] == "Bring a laptop" and message["Reply-To"] == address_of(ada)
    text = _plain(message)
    assert "See you <b>tomorrow</b> at ten." in text and ada.name in text and event.name in text
    assert "<b>" not in message.get_body(("html",)).get_content()  # the organizer's markup is shown, not obeyed
    [copy] = await smtp.wait_for(address_of(ada))
    assert copy["Subject"] == "Bring a laptop"
    assert [m["Subject"] for m in smtp.to(address_of(unwilling))] == [f"You are registered for {event.name}"]
    assert "Reply to write to them." in text


async def test_an_organizer_without_an_address_is_not_offered_replies(stub, notifications_stub, smtp):
    ada = organizer()  # signed in with no confirmed email: replies would reach nobody
    event = await builders.create(stub, md(ada))
    bea = await with_email(notifications_stub)
    await builders.register(stub, md(bea), event.id)
    await smtp.wait_for(address_of(bea))
    await stub.EmailParticipants(api.EmailParticipantsRequest(
        event_id=event.id, subject="Room change", message="We meet in room 4 instead.", all=True), metadata=md(ada))
    [_, message] = await smtp.wait_for(address_of(bea), count=2)
    assert message["Reply-To"] is None and "Reply to write to them." not in _plain(message)
    assert ada.name in _plain(message)


async def test_participants_are_told_when_the_time_changes_and_not_for_other_edits(stub, notifications_stub, smtp):
    ada, event, bea = await confirmed_participant(stub, notifications_stub, smtp)
    edited = pb.Event()
    edited.CopyFrom(event)
    edited.topics[:] = ["science"]
    await stub.UpdateEvent(api.UpdateEventRequest(event=edited), metadata=md(ada))
    edited.start_local_time = builders.local(datetime.timedelta(days=2, hours=3))
    await stub.UpdateEvent(api.UpdateEventRequest(event=edited), metadata=md(ada))
    [_, changed] = await smtp.wait_for(address_of(bea), count=2)
    assert changed["Subject"] == f"{event.name} has changed" and "When:" in _plain(changed)
    later = await with_email(notifications_stub)
    await builders.register(stub, md(later), event.id)
    await smtp.wait_for(address_of(later))
    assert len(smtp.to(address_of(bea))) == 2  # the topics edit said nothing


async def test_the_waiting_list_hears_of_changes_but_never_gets_the_meeting_link(stub, notifications_stub, smtp):
    ada = organizer()
    event = await builders.create(stub, md(ada), participant_limit=1, meeting_url="https://meet.example.org/old")
    placed, waiting = await with_email(notifications_stub), await with_email(notifications_stub)
    await builders.register(stub, md(placed), event.id)
    await builders.register(stub, md(waiting), event.id)
    await smtp.wait_for(address_of(placed))
    await smtp.wait_for(address_of(waiting))
    edited = pb.Event()
    edited.CopyFrom(event)
    edited.meeting_url = "https://meet.example.org/secret-one"
    await stub.UpdateEvent(api.UpdateEventRequest(event=edited), metadata=md(ada))
    [_, told] = await smtp.wait_for(address_of(placed), count=2)
    assert "https://meet.example.org/secret-one" in _decoded(told)
    edited.meeting_url = "https://meet.example.org/secret-two"
    edited.start_local_time = builders.local(datetime.timedelta(days=2, hours=3))
    await stub.UpdateEvent(api.UpdateEventRequest(event=edited), metadata=md(ada))
    [_, changed] = await smtp.wait_for(address_of(waiting), count=2)  # the link alone said nothing to them
    whole = _decoded(changed)
    assert "When:" in whole and "secret-one" not in whole and "secret-two" not in whole
    [*_, placed_told] = await smtp.wait_for(address_of(placed), count=3)
    assert "secret-two" in _decoded(placed_told)


def _decoded(mail) -> str:
    """Every text part as read, not as sent (base64)."""
    return "\n".join(part.get_content() for part in mail.walk() if part.get_content_maintype() == "text")


async def test_participants_are_told_when_the_event_is_deleted(stub, notifications_stub, smtp):
    ada, event, bea = await confirmed_participant(stub, notifications_stub, smtp)
    await stub.DeleteEvent(api.DeleteEventRequest(event_id=event.id), metadata=md(ada))
    [_, cancelled] = await smtp.wait_for(address_of(bea), count=2)
    assert cancelled["Subject"] == f"{event.name} is cancelled"


async def test_participants_are_told_when_registration_closes_and_that_theirs_stands(stub, notifications_stub, smtp):
    ada, event, bea = await confirmed_participant(stub, notifications_stub, smtp)
    closed = pb.Event()
    closed.CopyFrom(event)
    closed.status = pb.EVENT_STATUS_CLOSED
    await stub.UpdateEvent(api.UpdateEventRequest(event=closed), metadata=md(ada))
    [_, told] = await smtp.wait_for(address_of(bea), count=2)
    assert told["Subject"] == f"Registration for {event.name} is closed"
    assert "Your registration stands" in _plain(told)


async def test_a_waiting_participant_is_told_when_a_place_frees_up(stub, notifications_stub, smtp):
    event = await builders.create(stub, md(organizer()), participant_limit=1)
    first, waiting = await with_email(notifications_stub), await with_email(notifications_stub)
    await builders.register(stub, md(first), event.id)
    await builders.register(stub, md(waiting), event.id)
    [queued] = await smtp.wait_for(address_of(waiting))
    assert queued["Subject"] == f"You are on the waiting list for {event.name}"
    assert "number 1 on its waiting list" in _plain(queued) and "You are registered" not in _plain(queued)
    assert not list(queued.iter_attachments())  # no calendar entry without a place
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(first))
    [_, promoted] = await smtp.wait_for(address_of(waiting), count=2)
    assert promoted["Subject"] == f"You have a place at {event.name}"
    [ics] = list(promoted.iter_attachments())  # the place brings it
    assert ics.get_content_type() == "text/calendar"


async def test_a_ready_invitation_list_is_announced_to_its_creator(infra, notifications_stub, smtp):
    owner = await with_email(notifications_stub, organizer())
    stamp = Timestamp()
    stamp.GetCurrentTime()
    ready = invitations_events.InvitationListReady(list_id=abs(hash(uuid.uuid4())) % 10**9, name="Botanists",
                                                   owner_user_id=owner.user_id, editors=42, ready_time=stamp)
    connection = await nats.connect(infra.nats_url)
    try:
        js = connection.jetstream()
        await bus.ensure_stream(js)
        headers = {bus.HEADER_MESSAGE_ID: str(uuid.uuid4()), bus.HEADER_TYPE: ready.DESCRIPTOR.full_name}
        await js.publish("eventcenter.invitations.v1.InvitationListReady", ready.SerializeToString(),
                         headers=headers)
    finally:
        await connection.close()
    [mail] = await smtp.wait_for(address_of(owner))
    assert "Botanists" in mail["Subject"] and "42 editors" in _plain(mail)
    assert f"/invitation_lists/{ready.list_id}" in _plain(mail)


async def test_no_confirmation_for_an_event_that_is_over_when_the_registration_is_read(stub, notifications,
                                                                                      notifications_stub, smtp):
    """A stream replayed from its start (a new installation, say) must not confirm old registrations."""
    past = await builders.create(stub, md(organizer()))
    future = await builders.create(stub, md(organizer()), start_local_time=builders.local(datetime.timedelta(days=9)),
                                   end_local_time=builders.local(datetime.timedelta(days=10)))
    late, marker = await with_email(notifications_stub), await with_email(notifications_stub)
    offset = notifications.clock.offset
    notifications.clock.advance(days=4)  # `past` ended a day ago, as far as notifications can tell
    try:
        await builders.register(stub, md(late), past.id)
        await builders.register(stub, md(marker), future.id)
        await smtp.wait_for(address_of(marker))  # read after the other, so that one was read too
    finally:
        notifications.clock.offset = offset
    assert smtp.to(address_of(late)) == []
