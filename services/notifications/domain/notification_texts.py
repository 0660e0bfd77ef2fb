"""What Event Center says beyond the confirmation: organizers' messages, changes to an event, its deletion or
closing, a place freed from the waiting list, reminders, and a ready invitation list."""
from eventcenter.services.notifications.domain.confirmation_text import when_line, where_lines
from eventcenter.services.notifications.domain.message_model import EventFacts, Line, Message

# The EventUpdated fields participants are told about (the others do not change their plans).
TIME_FIELDS = frozenset({"timezone", "start_local", "end_local"})
PLACE_FIELDS = frozenset({"participation", "address", "country_code"})
MEETING_FIELDS = frozenset({"meeting_url"})
VERBATIM = "notifications-verbatim"


def organizer_message(event: EventFacts, sender: str, subject: str, text: str, replies: bool = True) -> Message:
    """The organizer's own words, as written, and a footer that names the sender and the event; it invites a
    reply only when replies reach the sender (they have an address)."""
    footer = "notifications-organizer-footer" if replies else "notifications-organizer-footer-no-reply"
    return Message(Line(VERBATIM, {"text": subject}), [
        Line(VERBATIM, {"text": text}),
        Line(footer, {"sender": sender, "event": event.name}, event.event_url)])


def event_changed(event: EventFacts, changed: set[str]) -> Message | None:
    """None when nothing a participant plans around changed."""
    lines = []
    if changed & TIME_FIELDS:
        lines.append(when_line(event))
    if changed & PLACE_FIELDS:
        lines.extend(where_lines(event))
    if changed & MEETING_FIELDS:
        lines.append(Line("notifications-changed-meeting", {}, event.meeting_url) if event.meeting_url else
                     Line("notifications-changed-meeting-removed"))
    if not lines:
        return None
    return Message(Line("notifications-changed-subject", {"event": event.name}),
                   [Line("notifications-changed-intro", {"event": event.name}, event.event_url), *lines,
                    Line("notifications-confirmation-see-event", {}, event.event_url)])


def event_deleted(event: EventFacts) -> Message:
    return Message(Line("notifications-deleted-subject", {"event": event.name}),
                   [Line("notifications-deleted-intro", {"event": event.name}),
                    Line("notifications-confirmation-see-list", {}, event.list_url)])


def event_closed(event: EventFacts) -> Message:
    return Message(Line("notifications-closed-subject", {"event": event.name}),
                   [Line("notifications-closed-intro", {"event": event.name}, event.event_url), when_line(event)])


def waitlist_promoted(event: EventFacts) -> Message:
    return Message(Line("notifications-promoted-subject", {"event": event.name}),
                   [Line("notifications-promoted-intro", {"event": event.name}, event.event_url),
                    when_line(event), *where_lines(event),
                    # The chat link a place on the waiting list did not give.
                    *([Line("notifications-confirmation-chat", {}, event.chat_url)] if event.chat_url else []),
                    Line("notifications-confirmation-see-event", {}, event.event_url)])


def reminder(event: EventFacts, offset: str) -> Message:
    lines = [Line(f"notifications-reminder-intro-{offset}", {"event": event.name}, event.event_url),
             when_line(event), *where_lines(event)]
    if event.meeting_url:
        lines.append(Line("notifications-reminder-meeting", {}, event.meeting_url))
    if event.chat_url:
        lines.append(Line("notifications-confirmation-chat", {}, event.chat_url))
    return Message(Line(f"notifications-reminder-subject-{offset}", {"event": event.name}), lines)


def invitation_list_ready(name: str, url: str, editors: int) -> Message:
    return Message(Line("notifications-list-ready-subject", {"name": name}),
                   [Line("notifications-list-ready-intro", {"name": name, "editors": editors}, url)])
