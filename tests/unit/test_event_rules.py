"""validate_event: every field rule of an event (docs/rules.md "Events")."""
import datetime
from dataclasses import replace

import pytest

from eventcenter.services.kernel.errors import FieldViolation
from eventcenter.services.registration.domain import vocabulary as v
from eventcenter.services.registration.domain.event import EventContext, EventFields, is_web_url, validate_event

NOW = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.UTC)
ONLINE = EventFields(
    page_wiki="enwiki", page_title="Event:Edit-a-thon", status="open", timezone="UTC",
    start_local="2030-02-01T10:00:00", end_local="2030-02-01T18:00:00", types=("workshop",),
    participation=v.ONLINE, meeting_url="https://meet.example.org/x", chat_url="https://chat.example.org/x",
)
IN_PERSON = replace(ONLINE, participation=v.IN_PERSON, meeting_url="", country_code="FR", address="1 rue de Rivoli")
HYBRID = replace(IN_PERSON, participation=v.HYBRID, meeting_url="https://meet.example.org/x")
ENDED = replace(ONLINE, start_local="2029-12-01T10:00:00", end_local="2029-12-01T18:00:00", question_ids=(4,))
CREATE = EventContext(now=NOW, creating=True)


def edit(previous: EventFields, has_answers: bool = False) -> EventContext:
    return EventContext(now=NOW, creating=False, previous=previous, has_answers=has_answers)


def keys(fields: EventFields, context: EventContext = CREATE) -> list[str]:
    return [p.message_key for p in validate_event(fields, context)]


@pytest.mark.parametrize("fields", [ONLINE, IN_PERSON, HYBRID], ids=["online", "in-person", "hybrid"])
def test_complete_event_has_no_violations(fields):
    assert validate_event(fields, CREATE) == []


def test_extra_violations_from_the_caller_are_reported_first():
    extra = FieldViolation("accept_personal_data_policy", "violation-policy-required")
    problems = validate_event(replace(ONLINE, types=()), EventContext(now=NOW, creating=True, extra=[extra]))
    assert problems[0] == extra and [p.message_key for p in problems[1:]] == ["violation-types-none"]


@pytest.mark.parametrize("title", ["Event:Edit-a-thon", "Project:Edit-a-thon", "Event:Art+Feminism 2030"])
def test_page_in_event_or_project_namespace_is_accepted(title):
    assert keys(replace(ONLINE, page_title=title)) == []


@pytest.mark.parametrize("title", ["Edit-a-thon", "Talk:Edit-a-thon", "event:Edit-a-thon", "Event:", "Event:   "])
def test_page_outside_event_and_project_namespaces_is_refused(title):
    assert keys(replace(ONLINE, page_title=title)) == ["violation-page-namespace"]


@pytest.mark.parametrize("title", ["Event:A#B", "Event:A[B]", "Event:" + "x" * 250])
def test_invalid_page_title_is_refused(title):
    assert keys(replace(ONLINE, page_title=title)) == ["violation-page-title"]


def test_event_name_is_the_page_title_text():
    assert replace(ONLINE, page_title="Event:Edit-a-thon 2030").name == "Edit-a-thon 2030"


def test_a_page_title_is_written_as_the_wiki_writes_it():
    typed = replace(ONLINE, page_title="  Event:Art_+_Feminism   2030 ").normalized()
    assert typed.page_title == "Event:Art + Feminism 2030" and typed.name == "Art + Feminism 2030"


@pytest.mark.parametrize("wiki", ["", "EnWiki", "1wiki", "en wiki"])
def test_page_wiki_must_be_a_wiki_id(wiki):
    assert keys(replace(ONLINE, page_wiki=wiki)) == ["violation-wiki-id"]


@pytest.mark.parametrize("creating, status, ok", [
    (True, "open", True), (True, "closed", False), (False, "open", True), (False, "closed", True),
    (False, "archived", False),
])
def test_new_events_are_open_and_existing_ones_open_or_closed(creating, status, ok):
    context = CREATE if creating else edit(ONLINE)
    assert keys(replace(ONLINE, status=status), context) == ([] if ok else ["violation-status"])


@pytest.mark.parametrize("types", [("workshop",), ("contest", "meetup"), ("other",)])
def test_one_or_two_known_types_or_other_are_accepted(types):
    assert keys(replace(ONLINE, types=types)) == []


@pytest.mark.parametrize("types", [
    ("party",), ("meetup", "meetup"), ("contest", "meetup", "workshop"), ("other", "party"),
])
def test_types_outside_the_rules_are_refused(types):
    assert keys(replace(ONLINE, types=types)) == ["violation-types"]


def test_an_event_needs_a_type():
    assert keys(replace(ONLINE, types=())) == ["violation-types-none"]


@pytest.mark.parametrize("types", [("meetup", "other"), ("other", "meetup"), ("other", "other")])
def test_other_type_must_stand_alone(types):
    assert keys(replace(ONLINE, types=types)) == ["violation-types-other-combined"]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "+05:30", "-03:00"])
def test_iana_timezone_or_exact_offset_is_accepted(zone):
    assert keys(replace(ONLINE, timezone=zone)) == []


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "europe/paris", "+5:30", "+0530", "05:30", "+05:30:00"])
def test_other_timezones_are_refused(zone):
    assert keys(replace(ONLINE, timezone=zone)) == ["violation-timezone"]


@pytest.mark.parametrize("text", ["", "2030-02-01 10:00:00", "2030-02-30T10:00:00", "2030-02-01T10:00"])
def test_local_times_must_be_real_iso_times(text):
    assert keys(replace(ONLINE, start_local=text)) == ["violation-local-time"]


def test_start_equal_to_end_is_allowed():
    assert keys(replace(ONLINE, end_local=ONLINE.start_local)) == []


def test_end_before_start_is_refused():
    problems = validate_event(replace(ONLINE, end_local="2030-02-01T09:59:59"), CREATE)
    assert [(p.field, p.message_key) for p in problems] == [("event.end_local_time", "violation-end-before-start")]


def test_start_in_the_past_is_refused_on_creation():
    assert keys(replace(ONLINE, start_local="2030-01-01T11:59:59")) == ["violation-start-in-past"]


def test_start_in_the_past_is_allowed_when_editing():
    fields = replace(ONLINE, start_local="2029-12-31T10:00:00")
    assert keys(fields, edit(fields)) == []


@pytest.mark.parametrize("zone, past", [("UTC", False), ("+02:00", True), ("-02:00", False)])
def test_start_in_the_past_is_judged_in_the_event_timezone(zone, past):
    # 13:00 local is 11:00 UTC in +02:00 (before NOW, 12:00 UTC) but 15:00 UTC in -02:00.
    fields = replace(ONLINE, timezone=zone, start_local="2030-01-01T13:00:00")
    assert keys(fields) == (["violation-start-in-past"] if past else [])


def test_ended_event_with_answers_cannot_move_into_the_future():
    moved = replace(ENDED, end_local="2030-01-02T18:00:00")
    assert keys(moved, edit(ENDED, has_answers=True)) == ["violation-ended-with-answers"]


@pytest.mark.parametrize("previous, has_answers, end", [
    (ENDED, False, "2030-01-02T18:00:00"),  # no answers
    (ENDED, True, "2029-12-02T18:00:00"),  # stays in the past
    (ONLINE, True, "2030-03-01T18:00:00"),  # had not ended
])
def test_moving_the_end_is_allowed_otherwise(previous, has_answers, end):
    assert keys(replace(previous, end_local=end), edit(previous, has_answers)) == []


def test_meeting_url_is_refused_for_in_person_events():
    assert keys(replace(IN_PERSON, meeting_url="https://meet.example.org/x")) == ["violation-meeting-url-online-only"]


def test_unknown_participation_is_refused():
    assert keys(replace(ONLINE, participation="somewhere")) == ["violation-participation"]


@pytest.mark.parametrize("fields", [IN_PERSON, HYBRID], ids=["in-person", "hybrid"])
def test_country_is_required_in_person(fields):
    assert keys(replace(fields, country_code="")) == ["violation-country-required"]


@pytest.mark.parametrize("country", ["XX", "FRA", "F", "UK", "EU"])
def test_country_must_be_an_iso_alpha_2_code(country):
    assert keys(replace(IN_PERSON, country_code=country)) == ["violation-country"]


def test_normalized_trims_and_upper_cases_the_country():
    fields = replace(IN_PERSON, country_code=" fr ", address="  1 rue de Rivoli \n", passcode=" s3cret ").normalized()
    assert (fields.country_code, fields.address, fields.passcode) == ("FR", "1 rue de Rivoli", "s3cret")
    assert keys(fields) == []


@pytest.mark.parametrize("change", [{"country_code": "FR"}, {"address": "1 rue de Rivoli"}])
def test_country_and_address_are_refused_online(change):
    assert keys(replace(ONLINE, **change)) == ["violation-in-person-only"]


@pytest.mark.parametrize(
    "address, ok", [("a" * 8192, True), ("a" * 8193, False), ("é" * 4096, True), ("é" * 4097, False)]
)
def test_address_is_limited_to_8192_bytes(address, ok):
    assert keys(replace(IN_PERSON, address=address)) == ([] if ok else ["violation-address-length"])


@pytest.mark.parametrize("url", ["https://example.org", "http://example.org/a?b=c", "HTTPS://EXAMPLE.ORG", "http://[::1]/x"])
def test_http_urls_with_a_host_are_web_urls(url):
    assert is_web_url(url)


@pytest.mark.parametrize("url", [
    "ftp://example.org", "javascript:alert(1)", "https://", "http:///path", "//example.org", "example.org",
    "https://exa mple.org", "https://example.org/" + "x" * 2048,
])
def test_other_urls_are_not_web_urls(url):
    assert not is_web_url(url)


@pytest.mark.parametrize("name", ["meeting_url", "chat_url"])
def test_bad_meeting_or_chat_url_is_refused(name):
    problems = validate_event(replace(ONLINE, **{name: "ftp://example.org"}), CREATE)
    assert [(p.field, p.message_key) for p in problems] == [(f"event.{name}", "violation-url")]


def test_malformed_url_is_a_violation_not_a_crash():
    assert keys(replace(ONLINE, chat_url="http://[oops")) == ["violation-url"]


def test_up_to_100_wikis_are_accepted():
    assert keys(replace(ONLINE, wikis=tuple(f"wiki{i}" for i in range(100)))) == []


@pytest.mark.parametrize("wikis", [tuple(f"wiki{i}" for i in range(101)), ("enwiki", "enwiki")])
def test_more_than_100_or_repeated_wikis_are_refused(wikis):
    assert keys(replace(ONLINE, wikis=wikis)) == ["violation-wikis-count"]


def test_all_wikis_cannot_come_with_a_list():
    assert keys(replace(ONLINE, all_wikis=True)) == []
    assert keys(replace(ONLINE, all_wikis=True, wikis=("enwiki",))) == ["violation-wikis-with-all"]


def test_each_wiki_must_be_a_wiki_id():
    assert keys(replace(ONLINE, wikis=("enwiki", "En Wiki"))) == ["violation-wiki-id"]


def test_up_to_five_topics_are_accepted():
    assert keys(replace(ONLINE, topics=("art", "science", "women", "africa", "gender-gap"))) == []


@pytest.mark.parametrize("topics", [("a", "b", "c", "d", "e", "f"), ("art", "art")])
def test_more_than_five_or_repeated_topics_are_refused(topics):
    assert keys(replace(ONLINE, topics=topics)) == ["violation-topics-count"]


@pytest.mark.parametrize("topic", ["Art", "art history", "-art", ""])
def test_each_topic_must_be_a_topic_id(topic):
    assert keys(replace(ONLINE, topics=(topic,))) == ["violation-topic"]


def test_known_questions_are_accepted():
    assert keys(replace(ONLINE, question_ids=(1, 2, 3, 4, 5))) == []


@pytest.mark.parametrize("question_ids", [(0,), (6,), (4, 99), (4, 4)])
def test_unknown_or_repeated_questions_are_refused(question_ids):
    assert keys(replace(ONLINE, question_ids=question_ids)) == ["violation-questions"]


def test_questions_cannot_change_after_the_event_ended():
    assert keys(replace(ENDED, question_ids=(4, 5)), edit(ENDED)) == ["violation-questions-after-end"]
    assert keys(replace(ENDED, question_ids=()), edit(ENDED)) == ["violation-questions-after-end"]


def test_questions_may_change_before_the_event_ends():
    assert keys(replace(ONLINE, question_ids=(4, 5)), edit(ONLINE)) == []


def test_unchanged_questions_pass_after_the_event_ended():
    after = replace(ENDED, question_ids=(5, 4))
    assert keys(after, edit(replace(ENDED, question_ids=(4, 5)))) == []


@pytest.mark.parametrize("limit, ok", [(0, True), (1, True), (100_000, True), (-1, False), (100_001, False)])
def test_participant_limit_is_between_zero_and_100000(limit, ok):
    assert keys(replace(ONLINE, participant_limit=limit)) == ([] if ok else ["violation-limit"])


@pytest.mark.parametrize("passcode, ok", [("", True), ("x" * 64, True), ("x" * 65, False)])
def test_passcode_is_at_most_64_characters(passcode, ok):
    assert keys(replace(ONLINE, passcode=passcode)) == ([] if ok else ["violation-passcode"])


def test_url_with_a_bad_port_is_not_a_web_url():
    assert not is_web_url("https://a:b")
    assert not is_web_url("https://example.org:99999/x")


@pytest.mark.parametrize("typed, written", [
    ("Event:qacase 2030", "Event:Qacase 2030"), ("event:art_ feminism", "Event:Art feminism"),
    ("Event: Spaced", "Event:Spaced"), ("Event:ßtraße", "Event:ßtraße"), ("Event:Éclair", "Event:Éclair"),
])
def test_page_titles_take_the_wikis_capital_first_letter(typed, written):
    assert replace(ONLINE, page_title=typed).normalized().page_title == written


def test_a_new_passcode_has_at_least_six_characters_but_one_set_before_the_rule_is_kept():
    assert keys(replace(ONLINE, passcode="owl42")) == ["violation-passcode-short"]
    assert keys(replace(ONLINE, passcode="owl-42")) == [] and keys(replace(ONLINE, passcode="")) == []
    older = replace(ONLINE, passcode="tulip")  # set when five characters were allowed
    assert keys(replace(older, description="Bring a laptop."), edit(older)) == []
    assert keys(replace(older, passcode="rose"), edit(older)) == ["violation-passcode-short"]
