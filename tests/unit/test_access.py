"""Who may do what (docs/rules.md "People and rights")."""
import grpc
import pytest

from eventcenter.services.kernel.errors import PermissionDenied
from eventcenter.services.kernel.identity import ANONYMOUS, RIGHT_ADMIN, RIGHT_ORGANIZER, Identity
from eventcenter.services.registration.domain import access

ORG = frozenset({RIGHT_ORGANIZER})
ADM = frozenset({RIGHT_ADMIN})
PEOPLE = {
    "anonymous": ANONYMOUS,
    "user": Identity(1, "User"),
    "blocked user": Identity(2, "Blocked", blocked=True),
    "organizer": Identity(3, "Organizer", ORG),
    "blocked organizer": Identity(4, "Banned", ORG, blocked=True),
    "admin": Identity(5, "Admin", ADM),
    "blocked admin": Identity(6, "Fallen", ADM, blocked=True),
}
EVENT_ORGANIZERS = {3, 4, 1}  # user 1 is listed but lacks the right


def refusal(check, *args):
    try:
        check(*args)
    except PermissionDenied as error:
        assert error.code == grpc.StatusCode.PERMISSION_DENIED
        return error.reason
    return None


@pytest.mark.parametrize("who, reason", [
    ("anonymous", "SIGN_IN_REQUIRED"), ("user", None), ("blocked user", None), ("admin", None),
])
def test_require_signed_in(who, reason):
    assert refusal(access.require_signed_in, PEOPLE[who]) == reason


@pytest.mark.parametrize("who, reason", [
    ("anonymous", "SIGN_IN_REQUIRED"), ("user", None), ("blocked user", "USER_BLOCKED"),
    ("blocked organizer", "USER_BLOCKED"),
])
def test_blocked_users_are_refused(who, reason):
    assert refusal(access.require_not_blocked, PEOPLE[who]) == reason


@pytest.mark.parametrize("who, reason", [
    ("anonymous", "SIGN_IN_REQUIRED"), ("user", "ORGANIZER_RIGHT_REQUIRED"), ("admin", "ORGANIZER_RIGHT_REQUIRED"),
    ("organizer", None), ("blocked organizer", "USER_BLOCKED"),
])
def test_organizing_needs_the_event_organizer_right(who, reason):
    assert refusal(access.require_organizer_right, PEOPLE[who]) == reason


@pytest.mark.parametrize("who, reason", [
    ("organizer", None), ("blocked organizer", "USER_BLOCKED"), ("user", "ORGANIZER_RIGHT_REQUIRED"),
    ("admin", "ORGANIZER_RIGHT_REQUIRED"),
])
def test_editing_an_event_needs_right_no_block_and_being_its_organizer(who, reason):
    assert refusal(access.require_event_organizer, PEOPLE[who], EVENT_ORGANIZERS, 7) == reason


def test_organizer_of_another_event_is_refused_with_the_event_id():
    with pytest.raises(PermissionDenied) as caught:
        access.require_event_organizer(PEOPLE["organizer"], {99}, 7)
    assert (caught.value.reason, caught.value.params) == ("NOT_AN_ORGANIZER", {"event_id": 7})


@pytest.mark.parametrize("who, reason", [
    ("anonymous", "SIGN_IN_REQUIRED"), ("user", "ADMIN_RIGHT_REQUIRED"), ("organizer", "ADMIN_RIGHT_REQUIRED"),
    ("admin", None),
])
def test_require_admin(who, reason):
    assert refusal(access.require_admin, PEOPLE[who]) == reason


@pytest.mark.parametrize("who, allowed", [
    ("anonymous", False), ("user", False), ("blocked user", False), ("organizer", True), ("admin", True),
    ("blocked organizer", False), ("blocked admin", False),
])
def test_private_participants_are_for_organizers_and_admins_not_blocked(who, allowed):
    assert access.may_see_private(PEOPLE[who], EVENT_ORGANIZERS) is allowed


@pytest.mark.parametrize("who, allowed", [
    ("organizer", True), ("blocked organizer", False), ("user", False), ("admin", False),
])
def test_what_only_organizers_see_needs_the_right_and_no_block(who, allowed):
    """User 1 is listed among the organizers but no longer holds the right: CampaignEvents' "can edit"."""
    assert access.may_edit(PEOPLE[who], EVENT_ORGANIZERS) is allowed


@pytest.mark.parametrize("who, takes_part, allowed", [
    ("organizer", False, True), ("user", False, True),  # listed organizers, with or without the right
    ("blocked organizer", False, False), ("blocked user", True, False),  # never someone blocked
    ("admin", False, False), ("admin", True, True), ("anonymous", False, False),
])
def test_meeting_links_are_for_organizers_and_participants_with_a_place_not_blocked(who, takes_part, allowed):
    assert access.may_see_links(PEOPLE[who], EVENT_ORGANIZERS, takes_part) is allowed


def test_anonymous_caller_never_sees_private_participants():
    assert access.may_see_private(ANONYMOUS, {0}) is False


@pytest.mark.parametrize("who, allowed", [
    ("anonymous", False), ("user", False), ("organizer", True), ("blocked organizer", False),
    ("admin", True), ("blocked admin", False),
])
def test_delete_is_for_unblocked_organizers_with_the_right_and_admins(who, allowed):
    assert access.may_delete(PEOPLE[who], EVENT_ORGANIZERS) is allowed
