"""What registration's stream says operators decided about people, through the stream consumer's handler and the
use cases, with in-memory fakes wired by the real bootstrap: the newest standing is kept, and applied to each
caller before any rule."""
import pytest

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.invitations.service_layer import list_cases
from eventcenter.services.invitations.service_layer.list_cases import NewList
from eventcenter.services.kernel import standings
from eventcenter.services.kernel.errors import PermissionDenied
from eventcenter.services.kernel.identity import ANONYMOUS, RIGHT_ORGANIZER, Identity, Standing
from eventcenter.services.wiki.worklist import Article
from tests.service_layer.fakes_invitations import FakeWiki, wired_invitations

ADA = Identity(1, "Ada", frozenset({RIGHT_ORGANIZER}))
CY = Identity(3, "Cy")
MOON = NewList("Moon", [Article("enwiki", "Moon")])


def service():
    return wired_invitations(enwiki=FakeWiki(pages={"Moon": 0}))


async def told(wired, user_id: int, version: int, granted=(), revoked=(), blocked=False) -> None:
    """The stream consumer's handler, given one UserStandingChanged (in the consumer's own transaction)."""
    change = events_pb2.UserStandingChanged(user_id=user_id, version=version, granted_rights=list(granted),
                                            revoked_rights=list(revoked), blocked=blocked)
    await wired.service.on_stream(None, standings.STANDING_CHANGED, change.SerializeToString(), {})


async def test_a_revoked_organizer_right_counts_whatever_the_token_says():
    wired = service()
    await told(wired, ADA.user_id, 1, revoked=[RIGHT_ORGANIZER])
    assert await wired.uow.run(lambda work: work.standings.of(ADA.user_id)) == Standing(
        frozenset(), frozenset({RIGHT_ORGANIZER}), False)
    caller = await wired.service.standing(ADA)
    assert not caller.has(RIGHT_ORGANIZER)
    with pytest.raises(PermissionDenied) as refused:
        await list_cases.create_invitation_list(wired.service.deps, caller, MOON)
    assert refused.value.reason == "ORGANIZER_REQUIRED"


async def test_a_block_counts_and_a_granted_right_lets_one_create_lists():
    wired = service()
    await told(wired, ADA.user_id, 1, blocked=True)
    await told(wired, CY.user_id, 1, granted=[RIGHT_ORGANIZER])
    with pytest.raises(PermissionDenied) as refused:
        await list_cases.create_invitation_list(wired.service.deps, await wired.service.standing(ADA), MOON)
    assert refused.value.reason == "USER_BLOCKED"
    created = await list_cases.create_invitation_list(wired.service.deps, await wired.service.standing(CY), MOON)
    assert created.owner_user_id == CY.user_id


async def test_an_older_standing_arriving_late_changes_nothing():
    wired = service()
    await told(wired, ADA.user_id, 5, revoked=[RIGHT_ORGANIZER])
    await told(wired, ADA.user_id, 4)
    await told(wired, ADA.user_id, 5)  # a repeat of the same version neither
    assert not (await wired.service.standing(ADA)).has(RIGHT_ORGANIZER)
    await told(wired, ADA.user_id, 6)  # an operator granted it back
    assert (await wired.service.standing(ADA)).has(RIGHT_ORGANIZER)


async def test_other_events_and_people_nobody_decided_about_are_left_as_they_are():
    wired = service()
    await wired.service.on_stream(None, "eventcenter.registration.v1.EventCreated", b"\x08\x01", {})
    assert not wired.tables.standings
    assert await wired.service.standing(ADA) == ADA
    assert await wired.service.standing(ANONYMOUS) is ANONYMOUS
