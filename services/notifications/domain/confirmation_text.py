"""What a registration confirmation says (docs/rules.md "Notifications"): the event's name, its dates with
their timezone, how to take part and where, the chat link, up to 4 organizers and "N more", and links to
the event and to the Collaboration list. Texts are message keys; the templates translate them."""
from eventcenter.services.contracts.vocabulary import HYBRID, IN_PERSON, ONLINE
from eventcenter.services.notifications.domain.message_model import EventFacts, Line, Message

SHOWN_ORGANIZERS = 4


def when_line(event: EventFacts) -> Line:
    return Line("notifications-confirmation-when", {"start": event.start, "end": event.end,
                                                    "timezone": event.timezone})


def where_lines(event: EventFacts) -> list[Line]:
    lines = []
    if event.participation in (ONLINE, HYBRID):
        lines.append(Line("notifications-confirmation-online"))
    if event.participation in (IN_PERSON, HYBRID):
        where = ", ".join(part for part in (event.address, event.country) if part)
        lines.append(Line("notifications-confirmation-in-person", {"address": where}) if where else
                     Line("notifications-confirmation-in-person-unknown"))
    return lines


def confirmation(event: EventFacts, reactivated: bool = False, waitlist_position: int = 0) -> Message:
    """For a place, or for a place on the waiting list (`waitlist_position`): that one says so from its subject
    on, never "you are registered"."""
    if waitlist_position:
        subject = Line("notifications-waitlisted-subject", {"event": event.name})
        lines = [Line("notifications-waitlisted-intro", {"event": event.name, "position": waitlist_position},
                      event.event_url)]
    else:
        subject = Line("notifications-confirmation-subject", {"event": event.name})
        lines = [Line("notifications-confirmation-again" if reactivated else "notifications-confirmation-intro",
                      {"event": event.name}, event.event_url)]
    lines.append(when_line(event))
    lines.extend(where_lines(event))
    if event.chat_url and not waitlist_position:  # the chat is for participants: it comes with a place
        lines.append(Line("notifications-confirmation-chat", {}, event.chat_url))
    shown = event.organizers[:SHOWN_ORGANIZERS]
    if shown:
        more = len(event.organizers) - len(shown)
        lines.append(Line("notifications-confirmation-organizers-more" if more else
                          "notifications-confirmation-organizers", {"names": shown, "more": more}))
    lines.append(Line("notifications-confirmation-see-event", {}, event.event_url))
    lines.append(Line("notifications-confirmation-see-list", {}, event.list_url))
    return Message(subject, lines)
