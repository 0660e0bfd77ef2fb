"""Whose invitation list may start: a person's first three pending lists, never a fourth at once."""
from eventcenter.services.invitations.domain.queue import MAX_STARTED_PER_PERSON, may_start


def test_a_person_runs_at_most_three_lists_at_once():
    assert MAX_STARTED_PER_PERSON == 3
    assert [may_start(earlier) for earlier in range(5)] == [True, True, True, False, False]
