"""Organizer changes: 1 to 10 eligible people; only the creator may remove the creator, while they organize."""
import pytest

from eventcenter.services.registration.domain.organizers import Candidate, validate_organizers

CREATOR, OTHER = 1, 2
PEOPLE = {f"User{i}": Candidate(i, f"User{i}", True) for i in range(1, 13)}
PEOPLE["Blocked"] = Candidate(50, "Blocked", False)


def keys(names, caller=CREATOR, found=PEOPLE, creator=CREATOR):
    return [p.message_key for p in validate_organizers(names, found, creator, caller)]


@pytest.mark.parametrize("count", [1, 10])
def test_one_to_ten_organizers_are_accepted(count):
    assert keys([f"User{i}" for i in range(1, count + 1)]) == []


def test_more_than_ten_organizers_are_refused():
    assert keys([f"User{i}" for i in range(1, 12)]) == ["violation-organizer-count"]


def test_no_organizer_at_all_is_refused():
    assert keys([]) == ["violation-organizer-none"]


def test_repeated_names_count_once():
    assert keys([f"User{i}" for i in range(1, 11)] + ["User1", "User2"]) == []


def test_unknown_name_is_refused():
    problems = validate_organizers(["User1", "Nobody"], PEOPLE, CREATOR, CREATOR)
    assert [(p.message_key, p.params) for p in problems] == [("violation-organizer-unknown", {"value": "Nobody"})]


def test_name_without_right_or_blocked_is_refused():
    problems = validate_organizers(["User1", "Blocked"], PEOPLE, CREATOR, CREATOR)
    assert [(p.message_key, p.params) for p in problems] == [("violation-organizer-ineligible", {"value": "Blocked"})]


def test_others_cannot_remove_the_creator():
    assert keys(["User2", "User3"], caller=OTHER) == ["violation-organizer-creator"]


def test_creator_may_remove_themselves():
    assert keys(["User2", "User3"], caller=CREATOR) == []


def test_others_may_change_organizers_while_keeping_the_creator():
    assert keys(["User1", "User3"], caller=OTHER) == []


def test_once_the_creator_left_the_others_change_the_list_freely():
    assert keys(["User3"], caller=OTHER, creator=0) == []
