"""Organizers' messages to participants (docs/rules.md "Notifications"): what a message may be, how often."""
import datetime
import unicodedata

from eventcenter.services.kernel.errors import FieldViolation

MIN_MESSAGE_LENGTH = 10
MAX_MESSAGE_LENGTH = 2000
MAX_SUBJECT_LENGTH = 255
MESSAGES_PER_WINDOW = 5
WINDOW = datetime.timedelta(hours=24)


def message_violations(subject: str, message: str) -> list[FieldViolation]:
    """Lengths count characters of the trimmed text, as people see them."""
    problems = []
    subject, message = subject.strip(), message.strip()
    if not subject:
        problems.append(FieldViolation("subject", "violation-subject-required", {}))
    elif len(subject) > MAX_SUBJECT_LENGTH:
        problems.append(FieldViolation("subject", "violation-subject-length", {"max": MAX_SUBJECT_LENGTH}))
    elif controls := subject_controls(subject):
        problems.append(FieldViolation("subject", "violation-subject-line-break", {"characters": ", ".join(controls)}))
    if not MIN_MESSAGE_LENGTH <= len(message) <= MAX_MESSAGE_LENGTH:
        problems.append(FieldViolation("message", "violation-message-length",
                                       {"min": MIN_MESSAGE_LENGTH, "max": MAX_MESSAGE_LENGTH}))
    return problems


def subject_controls(subject: str) -> list[str]:
    """A subject is one header line: a line break (CR, LF) or another control character in it would end the
    header or be refused by the mail server, after the message was accepted and counted. Each once, as U+XXXX."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in subject if unicodedata.category(c) == "Cc"))


def window_start(now: datetime.datetime) -> datetime.datetime:
    return now - WINDOW


def may_send(sent_in_window: int) -> bool:
    """At most MESSAGES_PER_WINDOW messages per sender in any 24 hours."""
    return sent_in_window < MESSAGES_PER_WINDOW


def next_allowed(oldest_in_window: datetime.datetime) -> datetime.datetime:
    return oldest_in_window + WINDOW


def addressees(chosen: list[int], sender_user_id: int, cc_sender: bool) -> tuple[list[int], bool]:
    """The recipients, and whether the sender gets a marked copy (as CampaignEvents does it).

    A sender who takes part is an ordinary recipient, unless they asked for a copy and someone else is
    addressed: then they get the copy instead of a second plain message."""
    others = [user_id for user_id in chosen if user_id != sender_user_id]
    if cc_sender and others:
        return others, True
    return list(chosen), False
