"""A registration confirmation's content."""
import datetime

from eventcenter.services.notifications.domain import notification_texts
from eventcenter.services.notifications.domain.confirmation_text import confirmation
from eventcenter.services.notifications.domain.message_model import EventFacts

START = datetime.datetime(2030, 5, 1, 14, 0)


def facts(**changes) -> EventFacts:
    values = dict(name="Art+Feminism", event_url="https://w.example/Event:A", list_url="https://w.example/events",
                  timezone="Europe/Paris", start=START, end=START + datetime.timedelta(hours=3),
                  participation="online")
    values.update(changes)
    return EventFacts(**values)


def keys(message) -> list[str]:
    return [line.key for line in message.lines]


def test_online_event_names_the_event_dates_and_links():
    message = confirmation(facts())
    assert message.subject.params == {"event": "Art+Feminism"}
    assert keys(message) == ["notifications-confirmation-intro", "notifications-confirmation-when",
                             "notifications-confirmation-online", "notifications-confirmation-see-event",
                             "notifications-confirmation-see-list"]
    assert message.lines[1].params["timezone"] == "Europe/Paris"
    assert message.lines[-1].link == "https://w.example/events"


def test_hybrid_event_says_both_and_where():
    message = confirmation(facts(participation="online_and_in_person", address="1 Rue X", country="France"))
    assert "notifications-confirmation-online" in keys(message)
    [place] = [line for line in message.lines if line.key == "notifications-confirmation-in-person"]
    assert place.params == {"address": "1 Rue X, France"}


def test_in_person_event_without_an_address_says_so():
    assert "notifications-confirmation-in-person-unknown" in keys(confirmation(facts(participation="in_person")))


def test_chat_link_and_at_most_four_organizers_then_how_many_more():
    message = confirmation(facts(chat_url="https://chat.example/x", organizers=list("ABCDEF")))
    [chat] = [line for line in message.lines if line.key == "notifications-confirmation-chat"]
    assert chat.link == "https://chat.example/x"
    [people] = [line for line in message.lines if line.key.startswith("notifications-confirmation-organizers")]
    assert people.key == "notifications-confirmation-organizers-more"
    assert people.params == {"names": ["A", "B", "C", "D"], "more": 2}


def test_a_reactivated_registration_says_welcome_back():
    assert keys(confirmation(facts(), reactivated=True))[0] == "notifications-confirmation-again"


def test_the_chat_link_comes_with_a_place_not_with_the_waiting_list():
    event = facts(chat_url="https://chat.example/x")
    waiting = confirmation(event, waitlist_position=2)
    assert "notifications-confirmation-chat" not in keys(waiting)
    assert keys(waiting)[0] == "notifications-waitlisted-intro"
    promoted = notification_texts.waitlist_promoted(event)
    [chat] = [line for line in promoted.lines if line.key == "notifications-confirmation-chat"]
    assert chat.link == "https://chat.example/x"
    assert "notifications-confirmation-chat" not in keys(notification_texts.waitlist_promoted(facts(chat_url="")))


def test_times_in_messages_have_no_seconds_in_any_language():
    import zoneinfo

    from eventcenter.services.notifications.adapters.rendering import when

    moment = datetime.datetime(2030, 5, 1, 14, 5, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert when(moment, "en") == "May 1, 2030, 2:05\u202fPM"  # CLDR's narrow space before PM
    assert when(moment, "fr") == "1 mai 2030, 14:05"
    assert ":00" not in when(moment, "ar") and "2030" in when(moment, "ar")


def test_a_place_on_the_waiting_list_is_never_called_a_registration():
    waiting = confirmation(facts(), reactivated=True, waitlist_position=3)
    assert waiting.subject.key == "notifications-waitlisted-subject"
    assert waiting.lines[0].params["position"] == 3
    assert not {"notifications-confirmation-intro", "notifications-confirmation-again"} & set(keys(waiting))
    assert confirmation(facts()).subject.key == "notifications-confirmation-subject"
