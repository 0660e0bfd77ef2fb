"""Names as the wiki writes them: one person typed two ways is one person; and no name or page title holds a
control or format character (Unicode Cc and Cf), which would be invisible or change how the text is shown."""
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tests.hypothesis_profile  # noqa: F401  (deterministic profile)
from eventcenter.services.registration.domain import wiki_names
from eventcenter.services.registration.domain.campaigns import PlanFields, validate_coordinators, validate_plan
from eventcenter.services.registration.domain.event import EventContext, validate_event
from eventcenter.services.registration.domain.organizers import Candidate, validate_organizers
from eventcenter.services.registration.domain.wiki_names import hidden_characters, page_title, user_name
from tests.unit.test_event_rules import NOW, ONLINE

# Each the way an attacker would use it, and one of each kind the rule must catch.
HIDDEN = {
    "\u202e": "right-to-left override", "\u202d": "left-to-right override", "\u202a": "left-to-right embedding",
    "\u2066": "left-to-right isolate", "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate", "\u200e": "left-to-right mark", "\u200f": "right-to-left mark",
    "\u061c": "Arabic letter mark", "\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner", "\u2060": "word joiner", "\ufeff": "byte order mark", "\u00ad": "soft hyphen",
    "\u180e": "Mongolian vowel separator", "\U000e0041": "tag letter A", "\x00": "null", "\x07": "bell",
    "\t": "tab", "\n": "line feed", "\r": "carriage return", "\x1b": "escape", "\x7f": "delete",
    "\x85": "next line", "\x9b": "control sequence introducer",
}
hidden_character = st.characters(categories=("Cc", "Cf"))
shown_text = st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs")), max_size=30)


@pytest.mark.parametrize("typed, written", [
    ("ada_lovelace", "Ada lovelace"), ("  Ada   Lovelace ", "Ada Lovelace"), ("éva", "Éva"), ("Ada", "Ada"),
    ("Ada\u00a0_ Lovelace", "Ada Lovelace"), (" Ada\n", "Ada"),
])
def test_user_names_are_spaced_and_capitalised_as_the_wiki_does(typed, written):
    assert user_name(typed) == written


@pytest.mark.parametrize("character", list(HIDDEN), ids=list(HIDDEN.values()))
def test_every_kind_of_control_and_format_character_is_found(character):
    assert unicodedata.category(character) in ("Cc", "Cf")
    assert hidden_characters(f"Ada{character}Lovelace") == [f"U+{ord(character):04X}"]


@pytest.mark.parametrize("character", ["\n", "\t", "\r", "\x0b", "\x1c", "\x85"])
def test_a_control_that_is_white_space_stays_inside_a_name_to_be_refused_rather_than_becoming_a_space(character):
    assert hidden_characters(user_name(f"Ada{character}Lovelace")) == [f"U+{ord(character):04X}"]
    assert hidden_characters(page_title(f"Event:Edit{character}a-thon")) == [f"U+{ord(character):04X}"]


@given(before=shown_text, hidden=hidden_character, after=shown_text)
def test_any_control_or_format_character_anywhere_is_found_and_survives_normalisation(before, hidden, after):
    typed = before + hidden + "x" + after  # the "x" keeps it from the trimmed end
    assert f"U+{ord(hidden):04X}" in hidden_characters(user_name(typed))
    assert f"U+{ord(hidden):04X}" in hidden_characters(page_title("Event:" + typed))


@given(text=shown_text)
def test_text_without_them_is_never_refused(text):
    assert wiki_names.hidden_character_violation("name", user_name(text)) is None


def test_each_character_is_named_once_in_order():
    assert hidden_characters("\u202eA\u200bB\u202e") == ["U+202E", "U+200B"]


@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\ufeff", "\n"])
def test_an_event_page_title_with_one_is_refused(character):
    fields = replace(ONLINE, page_title=f"Event:Edit-a-thon{character}moc.exe").normalized()
    problems = validate_event(fields, EventContext(now=NOW, creating=True))
    assert [(p.field, p.message_key, p.params) for p in problems] == [
        ("event.page.title", "violation-hidden-characters", {"characters": f"U+{ord(character):04X}"})]


def test_one_in_the_namespace_is_refused_too():
    problems = validate_event(replace(ONLINE, page_title="Ev\u200bent:Edit-a-thon"), EventContext(NOW, True))
    assert [p.message_key for p in problems] == ["violation-hidden-characters"]


def test_organizer_campaign_program_and_coordinator_names_with_one_are_refused():
    spoof = "Ada\u202eLovelace"
    found = {"Ada": Candidate(1, "Ada", True), spoof: Candidate(2, spoof, True)}  # even an account of that name
    assert [p.message_key for p in validate_organizers(["Ada", spoof], found, 1, 1)] == ["violation-hidden-characters"]
    assert [(p.field, p.message_key) for p in validate_coordinators(["Ada", spoof], found, "program")] == [
        ("program.coordinator_usernames", "violation-hidden-characters")]
    plan = PlanFields("Spring\u200b drive", "", "2030-01-01", "2030-01-31")
    assert [(p.field, p.message_key) for p in validate_plan(plan, "campaign")] == [
        ("campaign.name", "violation-hidden-characters")]
    assert validate_plan(replace(plan, name="Spring drive", description="Bidi marks\u200f are fine in text."),
                         "campaign") == []


def test_an_event_registered_before_the_rule_keeps_its_title_through_edits():
    older = replace(ONLINE, page_title="Event:Edit\u200ba-thon")
    edit = EventContext(now=NOW, creating=False, previous=older)
    assert validate_event(replace(older, description="Bring a laptop."), edit) == []
