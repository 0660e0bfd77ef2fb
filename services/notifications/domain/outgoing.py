"""A message on its way out: what it says, what caused it (its key: one cause, one message), and who it is for."""
from dataclasses import dataclass

from eventcenter.services.notifications.domain.message_model import Message


@dataclass(frozen=True)
class Outgoing:
    key: str
    kind: str
    message: Message
    event_id: int | None = None
    attachment: bytes | None = None
    reply_to_user_id: int | None = None
    # Mail from another user (an organizer): only to those who accept such mail.
    user_mail: bool = False


@dataclass(frozen=True)
class Recipients:
    """Who a message is for: the people named, or an event's participants: all of them (`with_place` None), those
    with a place (True) or those on its waiting list (False)."""
    user_ids: tuple[int, ...] = ()
    event_id: int | None = None
    with_place: bool | None = None


def users(user_ids: list[int]) -> Recipients:
    return Recipients(user_ids=tuple(user_ids))


def participants_of(event_id: int, with_place: bool | None = None) -> Recipients:
    return Recipients(event_id=event_id, with_place=with_place)


@dataclass(frozen=True)
class Sent:
    message_id: int
    mails: int  # deliveries queued: the delivery worker has something to send only when there are some
