"""Who is shown a private participant's edits, and who associates them: the participant, the event's organizers
with the right and unblocked, admins unblocked; nobody else, whose refusals do not tell that the author is
private."""
import datetime

import grpc
import pytest

from eventcenter.services.contributions.domain import privacy
from eventcenter.services.contributions.domain.rules import Author, EventFacts
from eventcenter.services.kernel.errors import ServiceError
from eventcenter.services.kernel.identity import ANONYMOUS, RIGHT_ADMIN, RIGHT_ORGANIZER, Identity

START = datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)
EVENT = EventFacts(id=1, wikis=("testwiki",), all_wikis=False, start=START, end=START + datetime.timedelta(days=1),
                   tracks_contributions=True, deleted=False, organizer_ids=frozenset({7, 8}))
PRIVATE = Author(11, "Pia", private=True)
PUBLIC = Author(12, "Paul", private=False)

ORGANIZER = Identity(7, "Olga", frozenset({RIGHT_ORGANIZER}))
ADMIN = Identity(9, "Ada", frozenset({RIGHT_ADMIN}))
OUTSIDERS = {
    "anonymous": ANONYMOUS,
    "another user": Identity(20, "Someone"),
    "a public participant": Identity(PUBLIC.user_id, PUBLIC.user_name),
    "an organizer of other events": Identity(21, "Oscar", frozenset({RIGHT_ORGANIZER})),
    "a listed organizer without the right": Identity(8, "Otto"),
    "a blocked organizer": Identity(7, "Olga", frozenset({RIGHT_ORGANIZER}), blocked=True),
    "a blocked admin": Identity(9, "Ada", frozenset({RIGHT_ADMIN}), blocked=True),
}


@pytest.mark.parametrize("viewer", [ORGANIZER, ADMIN], ids=["organizer", "admin"])
def test_organizers_with_the_right_and_admins_are_shown_every_private_edit(viewer):
    sight = privacy.sight(viewer, EVENT)
    assert sight.every_private and sight.shows(True, PRIVATE.user_id) and sight.shows(False, PUBLIC.user_id)


def test_a_private_participant_is_shown_their_own_edits_and_nobody_elses_private_ones():
    sight = privacy.sight(Identity(PRIVATE.user_id, PRIVATE.user_name), EVENT)
    assert sight.shows(True, PRIVATE.user_id) and sight.shows(False, PUBLIC.user_id)
    assert not sight.shows(True, 99)


@pytest.mark.parametrize("viewer", OUTSIDERS.values(), ids=OUTSIDERS.keys())
def test_everyone_else_is_shown_public_edits_only(viewer):
    sight = privacy.sight(viewer, EVENT)
    assert not sight.shows(True, PRIVATE.user_id) and sight.shows(False, PUBLIC.user_id)


def test_an_anonymous_viewer_owns_no_edit():
    assert not privacy.Sight(every_private=False, own_id=0).shows(True, 0)


def test_gathering_takes_public_participants_only():
    assert privacy.gathers_from(PUBLIC) and not privacy.gathers_from(PRIVATE)


def refusal(caller: Identity, author: Author) -> tuple[grpc.StatusCode, str, str]:
    with pytest.raises(ServiceError) as raised:
        privacy.check_consent(caller, EVENT, author)
    return raised.value.code, raised.value.reason, raised.value.message_key


def test_a_private_participant_associates_their_own_edit_and_organizers_a_public_ones():
    privacy.check_consent(Identity(PRIVATE.user_id, PRIVATE.user_name), EVENT, PRIVATE)
    privacy.check_consent(ORGANIZER, EVENT, PUBLIC)


def test_an_organizer_may_not_attach_a_private_participants_edit_and_is_told_why():
    assert refusal(ORGANIZER, PRIVATE) == (grpc.StatusCode.PERMISSION_DENIED, "PRIVATE_PARTICIPANT_EDIT",
                                           "error-contribution-private-participant")


@pytest.mark.parametrize(
    "caller",
    [OUTSIDERS["a listed organizer without the right"], OUTSIDERS["a blocked organizer"]],
    ids=["without the right", "blocked"],
)
def test_who_may_not_know_of_a_private_participant_is_answered_as_for_a_non_participant(caller):
    assert refusal(caller, PRIVATE) == (grpc.StatusCode.FAILED_PRECONDITION, "AUTHOR_NOT_PARTICIPANT",
                                        "error-contribution-author-not-participant")
