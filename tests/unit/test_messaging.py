"""Organizers' messages: lengths, the rate limit, and who is addressed."""
import datetime

from eventcenter.services.registration.domain import messaging


def _fields(subject: str, message: str) -> list[str]:
    return [v.field for v in messaging.message_violations(subject, message)]


def test_message_length_counts_trimmed_characters():
    assert _fields("Hi", "0123456789") == []
    assert _fields("Hi", "   012345678   ") == ["message"]
    assert _fields("Hi", "é" * 2000) == []
    assert _fields("Hi", "é" * 2001) == ["message"]


def test_subject_is_required_and_bounded():
    assert _fields("   ", "0123456789") == ["subject"]
    assert _fields("s" * 256, "0123456789") == ["subject"]
    assert _fields("", "short") == ["subject", "message"]


def test_five_per_window():
    assert messaging.may_send(4) and not messaging.may_send(5)
    now = datetime.datetime(2030, 1, 2, 12, tzinfo=datetime.UTC)
    assert messaging.window_start(now) == datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC)
    assert messaging.next_allowed(now) == datetime.datetime(2030, 1, 3, 12, tzinfo=datetime.UTC)


def test_sender_gets_a_copy_only_when_asked_and_someone_else_is_addressed():
    assert messaging.addressees([1, 2, 7], 7, cc_sender=True) == ([1, 2], True)
    assert messaging.addressees([1, 2, 7], 7, cc_sender=False) == ([1, 2, 7], False)
    assert messaging.addressees([7], 7, cc_sender=True) == ([7], False)
    assert messaging.addressees([1, 2], 7, cc_sender=True) == ([1, 2], True)
    assert messaging.addressees([], 7, cc_sender=True) == ([], False)
