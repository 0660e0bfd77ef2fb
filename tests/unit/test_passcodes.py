"""Passcodes: at least 6 characters when set here; at most 10 wrong tries per person and event in 10 minutes."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tests.hypothesis_profile  # noqa: F401  (deterministic profile)
from eventcenter.services.registration.domain import passcodes

NOW = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.UTC)


def ago(**delta) -> datetime.datetime:
    return NOW - datetime.timedelta(**delta)


@pytest.mark.parametrize("passcode, previous, short", [
    ("", None, False), ("owl-42", None, False), ("owl42", None, True), ("a", "", True),
    ("tulip", "tulip", False),  # set before the rule: kept, and an edit that leaves it is not refused
    ("rose", "tulip", True), ("tulips", "tulip", False),
])
def test_a_passcode_set_here_has_at_least_six_characters(passcode, previous, short):
    assert passcodes.too_short(passcode, previous) is short


def test_the_passcode_is_compared_as_typed_but_trimmed():
    assert passcodes.matches("owl-42", " owl-42\n") and not passcodes.matches("owl-42", "owl-4")


def test_nine_wrong_tries_leave_a_tenth_and_ten_close_the_door_until_the_oldest_leaves_the_window():
    tries = [ago(minutes=m) for m in range(9)]  # newest first: 0 to 8 minutes ago
    assert passcodes.wait_before_next_try(tries, NOW) is None
    tries.append(ago(minutes=9, seconds=30))
    assert passcodes.wait_before_next_try(tries, NOW) == datetime.timedelta(seconds=30)
    later = NOW + datetime.timedelta(seconds=30)
    assert passcodes.wait_before_next_try(tries, later) is None  # the oldest is exactly 10 minutes old


def test_tries_older_than_the_window_do_not_count():
    assert passcodes.wait_before_next_try([ago(minutes=10, seconds=m) for m in range(50)], NOW) is None


def test_with_more_than_ten_in_the_window_the_wait_is_until_the_tenth_newest_leaves_it():
    tries = [ago(minutes=m) for m in (0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9)]  # eleven: two came at once
    assert passcodes.wait_before_next_try(tries, NOW) == datetime.timedelta(minutes=2)  # the tenth: 8 minutes ago


@given(st.lists(st.integers(0, 20 * 60), max_size=30))
def test_the_wait_ends_exactly_when_fewer_than_ten_lie_in_the_window(seconds_ago):
    tries = sorted((ago(seconds=s) for s in seconds_ago), reverse=True)
    wait = passcodes.wait_before_next_try(tries, NOW)
    in_window = lambda at: sum(1 for t in tries if at - passcodes.WINDOW < t <= at)  # noqa: E731
    if wait is None:
        assert in_window(NOW) < passcodes.MAX_WRONG_TRIES
    else:
        assert datetime.timedelta(0) < wait <= passcodes.WINDOW
        assert in_window(NOW + wait) < passcodes.MAX_WRONG_TRIES
        assert in_window(NOW + wait - datetime.timedelta(microseconds=1)) >= passcodes.MAX_WRONG_TRIES


@pytest.mark.parametrize("seconds, minutes", [(1, 1), (59, 1), (60, 1), (61, 2), (600, 10)])
def test_the_wait_is_told_in_whole_minutes_rounded_up(seconds, minutes):
    assert passcodes.whole_minutes(datetime.timedelta(seconds=seconds)) == minutes
