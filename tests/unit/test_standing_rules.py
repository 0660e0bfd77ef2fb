"""An operator's grant, revoke, block and unblock, and how every service applies what they leave to a caller."""
import asyncio

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.kernel import standings
from eventcenter.services.kernel.identity import NO_STANDING, RIGHT_ADMIN, RIGHT_ORGANIZER, Identity, Standing
from eventcenter.services.registration.domain import standing

WIKI_ORGANIZER = Identity(5, "Olga", frozenset({RIGHT_ORGANIZER}))
NOBODY_SPECIAL = Identity(6, "Gia")


def test_a_revoke_denies_a_right_the_sign_in_brings_until_it_is_granted_again():
    revoked = standing.revoked(NO_STANDING, RIGHT_ORGANIZER)
    assert not WIKI_ORGANIZER.with_standing(revoked).has(RIGHT_ORGANIZER)
    granted_again = standing.granted(revoked, RIGHT_ORGANIZER)
    assert granted_again == Standing(granted=frozenset({RIGHT_ORGANIZER}))
    assert WIKI_ORGANIZER.with_standing(granted_again).has(RIGHT_ORGANIZER)


def test_a_grant_gives_a_right_no_sign_in_brings_and_a_revoke_takes_it_back():
    granted = standing.granted(NO_STANDING, RIGHT_ORGANIZER)
    assert NOBODY_SPECIAL.with_standing(granted).has(RIGHT_ORGANIZER)
    assert not NOBODY_SPECIAL.with_standing(standing.revoked(granted, RIGHT_ORGANIZER)).has(RIGHT_ORGANIZER)


def test_rights_change_one_at_a_time():
    both = standing.granted(standing.revoked(NO_STANDING, RIGHT_ORGANIZER), RIGHT_ADMIN)
    assert both == Standing(granted=frozenset({RIGHT_ADMIN}), revoked=frozenset({RIGHT_ORGANIZER}))
    assert Identity(7, "Sam", frozenset({RIGHT_ORGANIZER})).with_standing(both).rights == {RIGHT_ADMIN}


def test_a_block_stops_whatever_the_token_says_and_an_unblock_keeps_the_rights():
    blocked = standing.blocked(standing.granted(NO_STANDING, RIGHT_ADMIN), True)
    assert WIKI_ORGANIZER.with_standing(blocked).blocked
    unblocked = standing.blocked(blocked, False)
    assert unblocked == Standing(granted=frozenset({RIGHT_ADMIN}))
    assert not WIKI_ORGANIZER.with_standing(unblocked).blocked


def test_an_unblock_here_never_lifts_the_block_a_sign_in_carries():
    wiki_blocked = Identity(8, "Bo", frozenset({RIGHT_ORGANIZER}), blocked=True)
    assert wiki_blocked.with_standing(standing.blocked(NO_STANDING, False)).blocked


def test_a_consumer_keeps_standings_and_hands_every_other_event_to_the_service(monkeypatch):
    seen, kept = [], []

    async def service_handler(session, type_name, data, headers):
        seen.append(type_name)

    async def keep(session, table, change):
        kept.append((table, change))

    handle = standings.consuming("user_standings", service_handler)
    change = events_pb2.UserStandingChanged(user_id=5, blocked=True, version=2)
    monkeypatch.setattr(standings, "keep", keep)  # (the real one, against PostgreSQL: test_operator_standing.py)
    asyncio.run(handle(None, "eventcenter.registration.v1.EventCreated", b"", {}))
    asyncio.run(handle(None, standings.STANDING_CHANGED, change.SerializeToString(), {}))
    assert seen == ["eventcenter.registration.v1.EventCreated"]
    assert kept == [("user_standings", change)]


def test_the_applier_leaves_anonymous_callers_alone_without_reading_anything():
    def no_sessions():
        raise AssertionError("nothing to read for an anonymous caller")

    apply = standings.applier(no_sessions, "user_standings")
    anonymous = Identity(0, "")
    assert asyncio.run(apply(anonymous)) is anonymous
