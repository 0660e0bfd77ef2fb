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


def test_a_subject_with_a_line_break_or_another_control_character_is_refused():
    for subject in ("Tomorrow\r\nBcc: everyone@example.org", "Tomorrow\nat ten", "Tomorrow\rat ten", "Tab\there",
                    "Bell\x07", "Next line\x85here"):
        [problem] = messaging.message_violations(subject, "0123456789")
        assert (problem.field, problem.message_key) == ("subject", "violation-subject-line-break")
    assert messaging.message_violations("Tomorrow\r\nBcc: x", "0123456789")[0].params == {
        "characters": "U+000D, U+000A"
    }


def test_line_breaks_around_the_subject_are_trimmed_and_marks_inside_are_fine():
    assert _fields("\r\nTomorrow\n", "0123456789") == []
    assert _fields("غدًا\u200f 10:00", "0123456789") == []  # a right-to-left mark is not a control
