"""Answer retention: aggregate at first answer + 90 days or event end, whichever is first."""
import datetime

import pytest

from eventcenter.services.registration.domain.retention import aggregation_due, is_due

UTC = datetime.UTC
FIRST = datetime.datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
NINETY = FIRST + datetime.timedelta(days=90)


@pytest.mark.parametrize("event_end, due", [
    (FIRST + datetime.timedelta(days=200), NINETY),  # long event: 90 days win
    (FIRST + datetime.timedelta(days=3), FIRST + datetime.timedelta(days=3)),  # event ends first
    (NINETY, NINETY),
    (FIRST - datetime.timedelta(days=1), FIRST - datetime.timedelta(days=1)),  # answered after the end
])
def test_due_at_first_answer_plus_90_days_or_event_end_whichever_is_first(event_end, due):
    assert aggregation_due(FIRST, event_end) == due


def test_ninety_days_is_exact():
    assert aggregation_due(FIRST, datetime.datetime(2031, 1, 1, tzinfo=UTC)) == datetime.datetime(
        2030, 4, 1, 9, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("now, due", [
    (NINETY - datetime.timedelta(seconds=1), False),
    (NINETY, True),
    (NINETY + datetime.timedelta(days=1), True),
])
def test_is_due_from_the_due_time_on(now, due):
    assert is_due(FIRST, FIRST + datetime.timedelta(days=365), now) is due


def test_participant_without_answers_is_never_due():
    assert is_due(None, FIRST, FIRST + datetime.timedelta(days=1000)) is False
