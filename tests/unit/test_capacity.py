"""Capacity and the waiting list."""
import pytest

from eventcenter.services.registration.domain.capacity import REGISTERED, WAITLISTED, free_places, place_for_newcomer


@pytest.mark.parametrize("registered, limit, waiting, place", [
    (0, 0, 0, REGISTERED),  # limit 0 means no limit
    (500, 0, 0, REGISTERED),
    (0, 0, 3, REGISTERED),  # without a limit nobody needs to wait
    (9, 10, 0, REGISTERED),
    (10, 10, 0, WAITLISTED),  # full
    (11, 10, 0, WAITLISTED),  # over-full after the limit was lowered
    (5, 10, 1, WAITLISTED),  # others already wait: arrival order is kept
])
def test_place_for_newcomer(registered, limit, waiting, place):
    assert place_for_newcomer(registered, limit, waiting) == place


@pytest.mark.parametrize("registered, limit, waiting, free", [
    (0, 0, 0, 0),
    (10, 10, 0, 0),  # nobody waits
    (3, 0, 7, 7),  # no limit: everyone is promoted
    (8, 10, 5, 2),  # room for two
    (5, 10, 2, 2),  # more room than people waiting
    (10, 10, 4, 0),  # full
    (12, 10, 4, 0),  # over-full never gives a negative count
])
def test_free_places(registered, limit, waiting, free):
    assert free_places(registered, limit, waiting) == free
