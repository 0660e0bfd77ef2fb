"""Messages rendered in the recipient's language, as text and as escaped HTML."""
import datetime

from eventcenter.services.notifications.adapters.rendering import render
from eventcenter.services.notifications.domain.confirmation_text import confirmation
from eventcenter.services.notifications.domain.message_model import EventFacts

START = datetime.datetime(2030, 5, 1, 14, 0)


def message(**changes):
    values = dict(name="Art <b>& Feminism</b>", event_url="https://w.example/Event:A",
                  list_url="https://w.example/events", timezone="Europe/Paris", start=START,
                  end=START + datetime.timedelta(hours=3), participation="online", organizers=["Ada", "Bea"])
    values.update(changes)
    return confirmation(EventFacts(**values))


def test_english_text_and_html():
    rendered = render(message(), "en")
    assert rendered.subject == "You are registered for Art <b>& Feminism</b>"
    assert "May 1, 2030" in rendered.text and "(Europe/Paris)" in rendered.text
    assert "Organized by Ada and Bea" in rendered.text and "https://w.example/events" in rendered.text
    assert "Art &lt;b&gt;&amp; Feminism&lt;/b&gt;" in rendered.html and "<b>" not in rendered.html
    assert '<a href="https://w.example/Event:A">' in rendered.html


def test_french_dates_and_lists():
    rendered = render(message(organizers=["Ada", "Bea", "Cy"]), "fr")
    assert rendered.subject.startswith("Vous êtes inscrit·e")
    assert "1 mai 2030" in rendered.text and "Organisé par Ada, Bea et Cy" in rendered.text


def test_every_english_text_has_a_french_one():
    import json
    import pathlib

    folder = pathlib.Path(__file__).parents[2] / "services" / "notifications" / "locales"
    english, french = (json.loads((folder / f"{lang}.json").read_text()) for lang in ("en", "fr"))
    assert english.keys() == french.keys()
