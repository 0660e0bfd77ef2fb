"""Answer retention and event timelines under random dates: answers never outlive first answer + 90 days nor the
event's end, whenever the job runs; an ended event with answers never moves back into the future."""
import datetime
from dataclasses import replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tests.hypothesis_profile  # noqa: F401  (deterministic profile)
from eventcenter.services.registration.domain import vocabulary as v
from eventcenter.services.registration.domain.event import EventContext, EventFields, validate_event
from eventcenter.services.registration.domain.retention import RETENTION, aggregation_due, is_due

UTC = datetime.UTC
MOMENTS = st.datetimes(min_value=datetime.datetime(2030, 1, 1), max_value=datetime.datetime(2032, 1, 1),
                       timezones=st.just(UTC))
ANSWERED = st.one_of(st.none(), MOMENTS)  # None: the participant gave no answer


@given(first=MOMENTS, end=MOMENTS)
@settings(max_examples=300)
def test_aggregation_is_due_at_the_earlier_of_90_days_and_the_end(first, end):
    due = aggregation_due(first, end)
    assert due <= first + RETENTION and due <= end and due in (first + RETENTION, end)


@given(first=ANSWERED, end=MOMENTS, earlier=MOMENTS, later=MOMENTS)
@settings(max_examples=300)
def test_once_due_always_due(first, end, earlier, later):
    assume(earlier <= later)
    if is_due(first, end, earlier):
        assert is_due(first, end, later)


@given(end=MOMENTS, first_answers=st.lists(ANSWERED, max_size=12),
       runs=st.lists(MOMENTS, min_size=1, max_size=6))
@settings(max_examples=200)
def test_after_every_run_of_the_job_no_answers_are_older_than_retention(end, first_answers, runs):
    """The job keeps answers until they are due, and after any run none that were due at that time remain."""
    kept = dict(enumerate(first_answers))  # participant -> first answer time, while their answers exist
    for now in sorted(runs):
        for participant, first in list(kept.items()):
            if is_due(first, end, now):
                del kept[participant]
        for first in kept.values():
            assert first is None or (first + RETENTION > now and end > now)
    for participant, first in enumerate(first_answers):
        if participant not in kept:  # aggregated: only ever from its due time on
            assert first is not None and min(first + RETENTION, end) <= max(runs)


STAMP = "%Y-%m-%dT%H:%M:%S"
EVENT = EventFields(page_wiki="enwiki", page_title="Event:Timeline", status="open", timezone="UTC",
                    start_local="2030-02-01T10:00:00", end_local="2030-02-01T18:00:00", types=("workshop",),
                    participation=v.ONLINE, question_ids=(4,))


def _timed(start: datetime.datetime, end: datetime.datetime) -> EventFields:
    return replace(EVENT, start_local=start.strftime(STAMP), end_local=end.strftime(STAMP))


def _keys(fields: EventFields, context: EventContext) -> set[str]:
    return {p.message_key for p in validate_event(fields, context)}


@given(start=MOMENTS, end=MOMENTS, now=MOMENTS)
@settings(max_examples=200)
def test_a_new_event_must_start_before_it_ends_and_not_in_the_past(start, end, now):
    start, end = start.replace(microsecond=0), end.replace(microsecond=0)
    found = _keys(_timed(start, end), EventContext(now=now, creating=True))
    assert ("violation-end-before-start" in found) == (start > end)
    assert ("violation-start-in-past" in found) == (start < now)


@given(old=st.tuples(MOMENTS, MOMENTS), new=st.tuples(MOMENTS, MOMENTS), now=MOMENTS, has_answers=st.booleans())
@settings(max_examples=300)
def test_an_ended_event_with_answers_never_moves_into_the_future(old, new, now, has_answers):
    (old_start, old_end), (new_start, new_end) = sorted(t.replace(microsecond=0) for t in old), \
        sorted(t.replace(microsecond=0) for t in new)
    previous = _timed(old_start, old_end)
    found = _keys(_timed(new_start, new_end), EventContext(now=now, creating=False, previous=previous,
                                                          has_answers=has_answers))
    moved_back = has_answers and old_end < now < new_end
    assert ("violation-ended-with-answers" in found) == moved_back
    assert "violation-start-in-past" not in found  # only creation refuses a start in the past
