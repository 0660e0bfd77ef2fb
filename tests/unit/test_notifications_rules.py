"""Pure notification rules: when reminders are due, when failed mail is retried, what a change says, and the
stored form of a message."""
import datetime
import zoneinfo

from eventcenter.services.notifications.domain import codec, notification_texts, reminders, retry
from tests.unit.test_notifications_confirmation import facts

NOW = datetime.datetime(2030, 5, 1, 12, 0, tzinfo=datetime.UTC)


def test_reminders_are_due_a_day_and_an_hour_before_the_start():
    start = NOW + datetime.timedelta(days=3)
    planned = {p.offset: p for p in reminders.plan(start, NOW)}
    assert planned["24h"].due == start - datetime.timedelta(hours=24)
    assert planned["1h"].due == start - datetime.timedelta(hours=1)
    assert {p.state for p in planned.values()} == {reminders.SCHEDULED}


def test_a_reminder_whose_time_has_passed_when_planned_is_skipped():
    planned = {p.offset: p.state for p in reminders.plan(NOW + datetime.timedelta(hours=5), NOW)}
    assert planned == {"24h": reminders.SKIPPED, "1h": reminders.SCHEDULED}


def test_a_reminder_is_worth_sending_only_before_the_start():
    assert reminders.still_worth_sending(NOW + datetime.timedelta(minutes=1), NOW)
    assert not reminders.still_worth_sending(NOW, NOW)


def test_retries_back_off_exponentially_up_to_a_cap_then_stop():
    assert [retry.delay_after(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry.delay_after(20) == retry.LONGEST_DELAY
    assert retry.next_attempt(1, NOW) == NOW + datetime.timedelta(seconds=30)
    assert retry.next_attempt(retry.MAX_ATTEMPTS, NOW) is None
    assert retry.next_attempt(2, NOW, max_attempts=2) is None


def test_a_change_of_time_place_or_meeting_link_is_told_and_nothing_else():
    event = facts(participation="online_and_in_person", address="Main St 1", meeting_url="https://meet.example/x")
    assert notification_texts.event_changed(event, {"topics", "types", "description"}) is None
    keys = [line.key for line in notification_texts.event_changed(event, {"start_local", "address"}).lines]
    assert "notifications-confirmation-when" in keys and "notifications-confirmation-in-person" in keys
    meeting = notification_texts.event_changed(event, {"meeting_url"}).lines
    assert [line.link for line in meeting if line.key == "notifications-changed-meeting"] == ["https://meet.example/x"]
    removed = notification_texts.event_changed(facts(), {"meeting_url"}).lines
    assert "notifications-changed-meeting-removed" in [line.key for line in removed]


def test_an_organizer_message_keeps_their_words_and_names_sender_and_event():
    message = notification_texts.organizer_message(facts(), "Ada", "Tomorrow", "Bring <b>laptops</b>")
    assert message.subject.params == {"text": "Tomorrow"}
    assert message.lines[0].params == {"text": "Bring <b>laptops</b>"}
    assert message.lines[-1].params == {"sender": "Ada", "event": "Art+Feminism"}
    assert message.lines[-1].key == "notifications-organizer-footer"  # "Reply to write to them."


def test_an_organizer_without_an_address_is_not_offered_replies():
    message = notification_texts.organizer_message(facts(), "Ada", "Tomorrow", "Bring laptops", replies=False)
    assert message.lines[-1].key == "notifications-organizer-footer-no-reply"


def test_a_stored_message_comes_back_the_same_with_its_timezone():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    original = notification_texts.reminder(facts(start=datetime.datetime(2030, 5, 1, 14, tzinfo=paris),
                                       end=datetime.datetime(2030, 5, 1, 17, tzinfo=paris),
                                       organizers=["Ada", "Bea"]), "1h")
    revived = codec.loads(codec.dumps(original))
    assert revived == original
    assert revived.lines[1].params["start"].utcoffset() == datetime.timedelta(hours=2)
