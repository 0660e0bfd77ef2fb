"""The rules for associating an edit with an event, the metrics, the goal, and the links delta of wikitext."""
import datetime

import grpc
import pytest

from eventcenter.services.contributions.domain import metrics, rules
from eventcenter.services.contributions.domain.metrics import Edit
from eventcenter.services.contributions.domain.rules import Author, EventFacts
from eventcenter.services.kernel.errors import ServiceError
from eventcenter.services.wiki.wikitext import wikitext_links

START = datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)
END = START + datetime.timedelta(days=2)
DURING = START + datetime.timedelta(hours=3)
ORGANIZER = 7
ALICE = Author(11, "Alice", private=False)


def event(**changes) -> EventFacts:
    values = dict(id=1, wikis=("testwiki",), all_wikis=False, start=START, end=END, tracks_contributions=True,
                  deleted=False, organizer_ids=frozenset({ORGANIZER}))
    return EventFacts(**{**values, **changes})


def refusal(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(ServiceError) as raised:
        call()
    return raised.value.code, raised.value.reason


def test_ongoing_tracking_event_on_its_wiki_accepts_edits():
    assert rules.check_event(event(), "testwiki", {"testwiki"}, DURING) == event()
    assert rules.check_event(event(wikis=(), all_wikis=True), "testwiki", {"testwiki"}, DURING)


@pytest.mark.parametrize("facts, wiki, now, expected", [
    (None, "testwiki", DURING, (grpc.StatusCode.NOT_FOUND, "EVENT_NOT_FOUND")),
    (event(deleted=True), "testwiki", DURING, (grpc.StatusCode.NOT_FOUND, "EVENT_NOT_FOUND")),
    (event(), "otherwiki", DURING, (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ARGUMENT")),
    (event(tracks_contributions=False), "testwiki", DURING,
     (grpc.StatusCode.FAILED_PRECONDITION, "CONTRIBUTIONS_NOT_TRACKED")),
    (event(wikis=("enwiki",)), "testwiki", DURING, (grpc.StatusCode.FAILED_PRECONDITION, "WIKI_NOT_IN_EVENT")),
    (event(), "testwiki", START - datetime.timedelta(seconds=1),
     (grpc.StatusCode.FAILED_PRECONDITION, "EVENT_NOT_ONGOING")),
    (event(), "testwiki", END, (grpc.StatusCode.FAILED_PRECONDITION, "EVENT_NOT_ONGOING")),
])
def test_event_refusals(facts, wiki, now, expected):
    assert refusal(lambda: rules.check_event(facts, wiki, {"testwiki", "enwiki"} - {"otherwiki"}, now)) == expected


def test_participant_associates_their_own_edit_made_during_the_event():
    assert rules.check_revision(event(), ALICE.user_id, "Alice", "Alice", False, ALICE, DURING) == ALICE


def test_organizer_associates_a_participants_edit():
    assert rules.check_revision(event(), ORGANIZER, "Olga", "Alice", False, ALICE, DURING) == ALICE


@pytest.mark.parametrize("caller, author_name, hidden, author, edit_time, expected", [
    ((99, "Mallory"), "Alice", False, ALICE, DURING, (grpc.StatusCode.PERMISSION_DENIED, "NOT_AUTHOR_OR_ORGANIZER")),
    ((99, "Bob"), "Bob", False, None, DURING, (grpc.StatusCode.FAILED_PRECONDITION, "AUTHOR_NOT_PARTICIPANT")),
    ((11, "Alice"), "Alice", False, ALICE, START - datetime.timedelta(minutes=1),
     (grpc.StatusCode.FAILED_PRECONDITION, "EDIT_OUTSIDE_EVENT")),
    ((11, "Alice"), "Alice", False, ALICE, END + datetime.timedelta(seconds=1),
     (grpc.StatusCode.FAILED_PRECONDITION, "EDIT_OUTSIDE_EVENT")),
    ((ORGANIZER, "Olga"), "", True, None, DURING, (grpc.StatusCode.FAILED_PRECONDITION, "REVISION_HIDDEN")),
])
def test_revision_refusals(caller, author_name, hidden, author, edit_time, expected):
    assert refusal(lambda: rules.check_revision(event(), *caller, author_name, hidden, author, edit_time)) == expected


def test_second_association_of_a_revision_is_already_exists():
    assert (rules.already_associated().code, rules.already_associated().reason) == (
        grpc.StatusCode.ALREADY_EXISTS, "REVISION_ALREADY_ASSOCIATED")


@pytest.mark.parametrize("delta, words", [(0, 0), (-500, 0), (5175, 1000), (100, 19), (2, 0), (3, 1)])
def test_words_added_are_added_bytes_over_5_175(delta, words):
    assert rules.words_added(delta) == words


def edit(**changes) -> Edit:
    values = dict(wiki="testwiki", page_title="Lighthouse", namespace=0, user_id=11, user_registration=None,
                  bytes_delta=100, page_created=False, links_added=1, links_removed=0, words_added=19)
    return Edit(**{**values, **changes})


def test_metrics_count_editors_articles_bytes_links_and_words():
    edits = [edit(), edit(bytes_delta=-40, links_added=0, links_removed=2, words_added=0),
             edit(page_title="New page", page_created=True, user_id=12, user_registration=DURING, bytes_delta=500,
                  links_added=3, words_added=97),
             edit(page_title="Talk:Lighthouse", namespace=1, user_id=13, user_registration=START - datetime.timedelta(
                 days=400))]
    counted = metrics.count(edits, participants=5, start=START, end=END)
    assert counted == metrics.Metrics(participants=5, editors=3, new_editors=1, articles_created=1,
                                      articles_edited=1, edits=4, bytes_added=700, bytes_removed=40, links_added=5,
                                      links_removed=2, words_added=135)


def test_no_edits_count_zero_but_the_participants():
    assert metrics.count([], 3, START, END) == metrics.Metrics(participants=3)


@pytest.mark.parametrize("actual, target, completion", [(0, 10, 0.0), (5, 10, 0.5), (10, 10, 1.0), (25, 10, 1.0)])
def test_goal_completion_is_capped_at_one(actual, target, completion):
    assert metrics.completion(actual, target) == completion


@pytest.mark.parametrize("metric, target", [("edits", 0), ("edits", -3), ("", 5), ("uploads", 5)])
def test_goal_needs_a_known_metric_and_a_target_of_at_least_one(metric, target):
    assert refusal(lambda: metrics.check_goal(metric, target))[0] == grpc.StatusCode.INVALID_ARGUMENT


def test_wikitext_links_are_distinct_page_targets():
    text = ("See [[Solar System]], [[solar_System|the system]], [[Lighthouse#History]], [[File:X.png|thumb]], "
            "[[Category:Stars]], [[:Category:Stars]] and [[ Quantum  Dot ]]; not [http://x.org x] nor {{T|[[y]]}}.")
    assert wikitext_links(text) == {"Solar System", "Lighthouse", "Category:Stars", "Quantum Dot", "Y"}
