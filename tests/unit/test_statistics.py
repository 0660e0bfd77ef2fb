"""Response statistics: a question needs >= 10 answers, an option with < 5 is shown as "less than 5"."""
import pytest

from eventcenter.services.registration.domain.statistics import OptionStat, summarize


def one(counts, question_id=4):
    [stat] = summarize({question_id: counts}, (question_id,))
    return stat


@pytest.mark.parametrize("counts", [{}, {1: 9}, {1: 5, 2: 4}])
def test_question_with_fewer_than_ten_answers_is_hidden(counts):
    stat = one(counts)
    assert (stat.shown, stat.answer_count, stat.options) == (False, 0, ())


def test_question_with_ten_answers_is_shown():
    stat = one({1: 5, 2: 5})
    assert (stat.shown, stat.answer_count) == (True, 10)


def test_option_with_fewer_than_five_answers_is_hidden():
    stat = one({1: 4, 2: 6})
    assert stat.options[0] == OptionStat(1, 0, True)


def test_option_with_five_answers_is_shown():
    stat = one({1: 5, 2: 5})
    assert stat.options[0] == OptionStat(1, 5, False)


def test_option_nobody_chose_is_listed_as_fewer_than_five():
    stat = one({1: 12})
    assert [(o.option, o.count, o.fewer_than_five) for o in stat.options] == [
        (1, 12, False), (2, 0, True), (3, 0, True), (4, 0, True),
    ]


def test_option_zero_is_never_listed():
    stat = one({1: 10, 2: 10}, question_id=1)
    assert [o.option for o in stat.options] == [1, 2, 3, 4, 5]


def test_only_enabled_questions_are_summarized_in_id_order():
    counts = {1: {1: 20}, 4: {2: 20}, 5: {1: 20}}
    assert [s.question_id for s in summarize(counts, (5, 1))] == [1, 5]


def test_enabled_question_without_answers_is_reported_hidden():
    [stat] = summarize({}, (3,))
    assert (stat.question_id, stat.shown) == (3, False)
