"""Several events' metrics together: counts summed, people (participants, editors, new editors) counted once."""
import datetime

import grpc
import pytest

from eventcenter.services.contributions.domain import metrics
from eventcenter.services.contributions.domain.metrics import Edit, EventCounts
from eventcenter.services.kernel.errors import ServiceError

START = datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)
LATER = START + datetime.timedelta(days=10)
DAY = datetime.timedelta(days=1)


def edit(user_id: int, title: str, registered=None, created=False, delta=100) -> Edit:
    return Edit("testwiki", title, 0, user_id, registered, delta, created, 1, 0, 20)


def test_people_in_several_events_count_once_and_the_rest_is_summed():
    newcomer = START + datetime.timedelta(hours=1)  # registered during the first event only
    first = EventCounts([edit(1, "A", created=True), edit(2, "B", registered=newcomer)],
                        frozenset({1, 2, 3}), START, START + DAY)
    second = EventCounts([edit(2, "B", registered=newcomer, delta=-30), edit(4, "C")],
                         frozenset({2, 3, 4}), LATER, LATER + DAY)
    together = metrics.count_together([first, second])
    assert (together.participants, together.editors, together.new_editors) == (4, 3, 1)
    assert (together.edits, together.articles_created, together.articles_edited) == (4, 1, 3)
    assert (together.bytes_added, together.bytes_removed) == (300, 30)
    assert (together.links_added, together.words_added) == (4, 80)
    alone = [metrics.count(e.edits, len(e.participant_ids), e.start, e.end) for e in (first, second)]
    assert sum(m.participants for m in alone) == 6 and sum(m.editors for m in alone) == 4


def test_a_person_new_in_any_of_the_events_is_a_new_editor_once():
    registered = LATER + datetime.timedelta(hours=2)
    first = EventCounts([edit(5, "X", registered=registered)], frozenset({5}), START, START + DAY)
    second = EventCounts([edit(5, "Y", registered=registered)], frozenset({5}), LATER, LATER + DAY)
    assert metrics.count_together([first, second]).new_editors == 1
    assert metrics.count_together([first]).new_editors == 0


def test_no_events_count_nothing():
    assert metrics.count_together([]) == metrics.Metrics()


def test_at_most_a_thousand_events():
    metrics.check_events(list(range(1000)))
    with pytest.raises(ServiceError) as raised:
        metrics.check_events(list(range(1001)))
    assert raised.value.code == grpc.StatusCode.INVALID_ARGUMENT
