"""What a notification is made of before it is put into words: the facts of the event it is about, and the
message as lines of message keys with their parameters (translated into each recipient's language when sent)."""
import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventFacts:
    name: str
    event_url: str
    list_url: str
    timezone: str
    start: datetime.datetime  # aware, in the event's timezone (so shown as the organizers set it)
    end: datetime.datetime
    participation: str
    address: str = ""
    country: str = ""
    chat_url: str = ""
    meeting_url: str = ""
    organizers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    """One line of the message: a message key with its parameters, and a link if it has one."""
    key: str
    params: dict = field(default_factory=dict)
    link: str = ""


@dataclass(frozen=True)
class Message:
    subject: Line
    lines: list[Line]
