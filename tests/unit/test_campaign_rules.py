"""Campaign and program rules: names, dates, coordinator counts, and who may change what."""
import pytest

from eventcenter.services.kernel.errors import PermissionDenied
from eventcenter.services.kernel.identity import ANONYMOUS, RIGHT_ADMIN, RIGHT_ORGANIZER, Identity
from eventcenter.services.registration.domain import campaigns as rules
from eventcenter.services.registration.domain.campaigns import PlanFields
from eventcenter.services.registration.domain.organizers import Candidate

ORG = frozenset({RIGHT_ORGANIZER})
ORGANIZER = Identity(3, "Organizer", ORG)
BLOCKED_ORGANIZER = Identity(4, "Banned", ORG, blocked=True)
USER = Identity(1, "User")
ADMIN = Identity(5, "Admin", frozenset({RIGHT_ADMIN}))
BLOCKED_ADMIN = Identity(6, "Fallen", frozenset({RIGHT_ADMIN}), blocked=True)


def plan(**overrides) -> PlanFields:
    values = dict(name="Art+Feminism", description="", start_date="2030-03-01", end_date="2030-03-31")
    values.update(overrides)
    return PlanFields(**values)


def keys(problems) -> list[tuple[str, str]]:
    return [(p.field, p.message_key) for p in problems]


def refusal(check, *args):
    try:
        check(*args)
    except PermissionDenied as error:
        return error.reason
    return None


def test_valid_plan_has_no_problems():
    assert rules.validate_plan(plan(), "campaign") == []


@pytest.mark.parametrize("name", ["", "x" * 256, "é" * 128])
def test_name_must_be_one_to_255_bytes(name):
    assert keys(rules.validate_plan(plan(name=name), "program")) == [("program.name", "violation-plan-name")]


def test_name_of_255_bytes_is_accepted():
    assert rules.validate_plan(plan(name="x" * 255), "campaign") == []


def test_description_at_most_8192_bytes():
    assert rules.validate_plan(plan(description="x" * 8192), "campaign") == []
    assert keys(rules.validate_plan(plan(description="é" * 4097), "campaign")) == [
        ("campaign.description", "violation-plan-description")]


@pytest.mark.parametrize("value", ["2030-02-30", "2030-3-1", "tomorrow", "", "2030-03-01T00:00:00"])
def test_dates_must_be_real_calendar_dates(value):
    assert keys(rules.validate_plan(plan(start_date=value), "campaign")) == [
        ("campaign.start_date", "violation-plan-date")]


def test_end_before_start_is_refused_and_same_day_allowed():
    assert keys(rules.validate_plan(plan(start_date="2030-04-01", end_date="2030-03-31"), "campaign")) == [
        ("campaign.end_date", "violation-plan-end-before-start")]
    assert rules.validate_plan(plan(start_date="2030-04-01", end_date="2030-04-01"), "campaign") == []


def test_normalized_trims_text():
    assert plan(name="  A  ", description=" d ").normalized() == plan(name="A", description="d")


def _found(count: int, eligible: bool = True) -> dict[str, Candidate]:
    return {f"U{i}": Candidate(i, f"U{i}", eligible) for i in range(count)}


@pytest.mark.parametrize("count, ok", [(0, False), (1, True), (10, True), (11, False)])
def test_one_to_ten_coordinators(count, ok):
    found = _found(count)
    problems = rules.validate_coordinators(list(found), found, "campaign")
    assert (problems == []) == ok
    if not ok:
        assert keys(problems) == [("campaign.coordinator_usernames", "violation-coordinator-count")]


def test_repeated_names_count_once():
    found = _found(1)
    assert rules.validate_coordinators(["U0", "U0"], found, "program") == []


def test_unknown_and_ineligible_coordinators_are_named():
    found = {"A": Candidate(1, "A", True), "B": Candidate(2, "B", False)}
    problems = rules.validate_coordinators(["A", "B", "Nobody"], found, "program")
    assert [(p.message_key, p.params["value"]) for p in problems] == [
        ("violation-coordinator-ineligible", "B"), ("violation-coordinator-unknown", "Nobody")]


@pytest.mark.parametrize("who, reason", [
    (ANONYMOUS, "SIGN_IN_REQUIRED"), (USER, "ORGANIZER_RIGHT_REQUIRED"), (BLOCKED_ORGANIZER, "USER_BLOCKED"),
    (ORGANIZER, None), (ADMIN, None), (BLOCKED_ADMIN, "USER_BLOCKED"),
])
def test_who_may_create_a_campaign(who, reason):
    assert refusal(rules.require_may_create_campaign, who) == reason


@pytest.mark.parametrize("who, coordinators, reason", [
    (ORGANIZER, {3}, None), (ORGANIZER, {9}, "NOT_A_COORDINATOR"), (BLOCKED_ORGANIZER, {4}, "USER_BLOCKED"),
    (USER, {1}, "ORGANIZER_RIGHT_REQUIRED"), (ADMIN, set(), None), (ANONYMOUS, set(), "SIGN_IN_REQUIRED"),
])
def test_only_campaign_coordinators_and_admins_edit_a_campaign(who, coordinators, reason):
    assert refusal(rules.require_campaign_coordinator, who, coordinators, 7) == reason


@pytest.mark.parametrize("program, campaign, reason", [
    ({3}, set(), None), (set(), {3}, None), ({9}, {8}, "NOT_A_COORDINATOR"),
])
def test_program_coordinators_and_campaign_coordinators_edit_a_program(program, campaign, reason):
    assert refusal(rules.require_program_coordinator, ORGANIZER, program, campaign, 7) == reason


def test_event_organizer_alone_cannot_attach_but_can_detach():
    assert refusal(rules.require_program_coordinator, ORGANIZER, {9}, {8}, 7) == "NOT_A_COORDINATOR"
    assert refusal(rules.require_may_attach, ORGANIZER, {3}, {9}, {8}, 7, False) == "NOT_A_COORDINATOR"
    assert refusal(rules.require_may_detach, ORGANIZER, {3}, {9}, {8}, 7) is None
    assert refusal(rules.require_may_detach, ORGANIZER, {2}, {9}, {8}, 7) == "NOT_A_COORDINATOR"
    assert refusal(rules.require_may_detach, ADMIN, set(), set(), set(), 7) is None


COORDINATOR = Identity(9, "Coordinator", ORG)


@pytest.mark.parametrize("program, campaign", [({9}, set()), (set(), {9})])
def test_coordinators_attach_any_event_their_organizers_did_not_take_out(program, campaign):
    assert refusal(rules.require_may_attach, COORDINATOR, {3}, program, campaign, 7, False) is None


@pytest.mark.parametrize("program, campaign", [({9}, set()), (set(), {9})])
def test_once_its_organizers_took_it_out_a_coordinator_cannot_put_an_event_back(program, campaign):
    assert refusal(rules.require_may_attach, COORDINATOR, {3}, program, campaign, 7, True) == "WITHDRAWN_BY_ORGANIZERS"


def test_the_organizers_who_took_it_out_may_put_it_back_and_admins_may_too():
    assert refusal(rules.require_may_attach, ORGANIZER, {3}, {9}, set(), 7, True) is None
    assert refusal(rules.require_may_attach, Identity(3, "Both", ORG), {3}, {3}, set(), 7, True) is None
    assert refusal(rules.require_may_attach, ADMIN, {3}, {9}, set(), 7, True) is None
    blocked = Identity(3, "Organizer", ORG, blocked=True)
    assert refusal(rules.require_may_attach, blocked, {3}, {9}, set(), 7, True) is not None


def test_taking_an_event_out_is_its_organizers_decision_only_when_one_of_them_does_it():
    assert rules.withdraws(ORGANIZER, {3, 4})
    assert not rules.withdraws(COORDINATOR, {3, 4})
    assert not rules.withdraws(ADMIN, {3, 4})
    assert not rules.withdraws(ANONYMOUS, {0})
