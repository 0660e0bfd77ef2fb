"""Capacity and the waiting list under random orders of registrations, cancellations, removals and limit
changes: the domain rules (domain/capacity.py), driven the way the use cases drive them, never oversell, never
let anyone wait while there is room, and always promote first come first served."""
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import tests.hypothesis_profile  # noqa: F401  (deterministic profile)
from eventcenter.services.registration.domain.capacity import REGISTERED, WAITLISTED, free_places, place_for_newcomer

PEOPLE = st.integers(min_value=0, max_value=14)
LIMITS = st.integers(min_value=0, max_value=8)  # 0: no limit


class WaitingList(RuleBasedStateMachine):
    """An event's participants as the use cases keep them: arrival numbers (queue_seq) and a state each."""

    def __init__(self):
        super().__init__()
        self.limit = 0
        self.people: dict[int, tuple[int, str]] = {}  # user -> (arrival, state)
        self.arrivals = 0

    def count(self, state: str) -> int:
        return sum(1 for _, s in self.people.values() if s == state)

    def waiting_in_order(self) -> list[int]:
        return sorted((seq, user) for user, (seq, state) in self.people.items() if state == WAITLISTED)

    def promote(self) -> None:
        """promote_waiting: free places go to the earliest arrivals still waiting."""
        room = free_places(self.count(REGISTERED), self.limit, self.count(WAITLISTED))
        queue = self.waiting_in_order()
        assert 0 <= room <= len(queue)
        for seq, user in queue[:room]:
            self.people[user] = (seq, REGISTERED)
        self.check_placed([user for _, user in queue[:room]])

    def check_placed(self, placed: list[int]) -> None:
        """Whoever just got a place arrived before everyone still waiting, and the event is not oversold."""
        if not placed:
            return
        still_waiting = [seq for seq, _ in self.waiting_in_order()]
        assert all(self.people[user][0] < min(still_waiting, default=self.arrivals + 1) for user in placed)
        assert not self.limit or self.count(REGISTERED) <= self.limit

    @initialize(limit=LIMITS)
    def open_event(self, limit):
        self.limit = limit

    @rule(user=PEOPLE)
    def register(self, user):
        if user in self.people:  # a repeat registration is an edit: nothing moves
            return
        place = place_for_newcomer(self.count(REGISTERED), self.limit, self.count(WAITLISTED))
        self.arrivals += 1
        self.people[user] = (self.arrivals, place)
        if place == REGISTERED:
            self.check_placed([user])

    @precondition(lambda self: self.people)
    @rule(data=st.data())
    def cancel(self, data):
        del self.people[data.draw(st.sampled_from(sorted(self.people)))]
        self.promote()

    @precondition(lambda self: self.people)
    @rule(chosen=st.sets(PEOPLE), invert=st.booleans())
    def organizer_removes(self, chosen, invert):
        for user in [u for u in self.people if (u in chosen) != invert]:
            del self.people[user]
        self.promote()

    @rule(limit=LIMITS)
    def change_limit(self, limit):
        self.limit = limit
        self.promote()

    @invariant()
    def nobody_waits_while_there_is_room(self):
        if self.count(WAITLISTED):
            assert self.limit and self.count(REGISTERED) >= self.limit

    @invariant()
    def waiting_positions_follow_arrival(self):
        queue = self.waiting_in_order()
        assert [seq for seq, _ in queue] == sorted({seq for seq, _ in queue})


WaitingList.TestCase.settings = settings(max_examples=150, stateful_step_count=30)
test_waiting_list_never_oversells_and_keeps_arrival_order = WaitingList.TestCase


@given(registered=st.integers(0, 10**6), limit=st.integers(0, 10**6), waiting=st.integers(0, 10**6))
@settings(max_examples=300)
def test_free_places_never_negative_never_more_than_waiting_nor_the_room(registered, limit, waiting):
    room = free_places(registered, limit, waiting)
    assert 0 <= room <= waiting
    if limit:
        assert registered + room <= max(limit, registered)


@given(registered=st.integers(0, 10**6), limit=st.integers(0, 10**6), waiting=st.integers(0, 10**6))
@settings(max_examples=300)
def test_a_newcomer_gets_a_place_only_when_there_is_room_and_nobody_waits(registered, limit, waiting):
    place = place_for_newcomer(registered, limit, waiting)
    if limit and (registered >= limit or waiting):
        assert place == WAITLISTED
    else:
        assert place == REGISTERED
