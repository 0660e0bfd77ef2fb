"""Participant questions: definitions and answer validation (docs/rules.md "Participant questions")."""
import pytest

from eventcenter.services.registration.domain.questions import (
    QUESTIONS,
    AnswerValue,
    meaningful,
    needs_personal_data_policy,
    validate_answers,
)

ALL = (1, 2, 3, 4, 5)


def keys(answers, enabled=ALL):
    return [p.message_key for p in validate_answers(answers, enabled)]


@pytest.mark.parametrize("qid, name, kind, personal, options", [
    (1, "gender", "radio", True, (0, 1, 2, 3, 4, 5)),
    (2, "age", "select", True, tuple(range(1, 9))),
    (3, "profession", "select", True, tuple(range(1, 11))),
    (4, "confidence", "radio", False, (1, 2, 3, 4)),
    (5, "affiliate", "select", False, (1, 2)),
])
def test_questions_match_the_reference_table(qid, name, kind, personal, options):
    q = QUESTIONS[qid]
    assert (q.name, q.kind, q.personal_data, q.options) == (name, kind, personal, options)


def test_only_affiliate_yes_takes_free_text():
    assert {qid: q.text_options for qid, q in QUESTIONS.items() if q.text_options} == {5: (1,)}


def test_message_keys_are_built_from_the_question_name():
    assert QUESTIONS[2].label_key() == "question-age"
    assert QUESTIONS[2].option_key(3) == "question-age-option-3"


@pytest.mark.parametrize("question_ids, needed", [
    ((1,), True), ((2,), True), ((3,), True), ((4, 5), False), ((), False), ((99, 4), False), ((99, 3), True),
])
def test_personal_data_questions_need_the_policy(question_ids, needed):
    assert needs_personal_data_policy(question_ids) is needed


def test_valid_answers_have_no_violations():
    answers = [AnswerValue(1, 2), AnswerValue(2, 8), AnswerValue(3, 10), AnswerValue(4, 1), AnswerValue(5, 1, "WMFR")]
    assert validate_answers(answers, ALL) == []


@pytest.mark.parametrize("qid", ALL)
def test_option_zero_means_no_answer_for_every_question(qid):
    assert keys([AnswerValue(qid, 0)]) == []


def test_no_answer_is_not_kept():
    answers = [AnswerValue(1, 0), AnswerValue(2, 3), AnswerValue(4, 0)]
    assert meaningful(answers) == [AnswerValue(2, 3)]


@pytest.mark.parametrize("qid, enabled", [(99, ALL), (0, ALL), (3, (4, 5))])
def test_answer_to_unknown_or_not_asked_question_is_refused(qid, enabled):
    assert keys([AnswerValue(qid, 1)], enabled) == ["violation-answer-question"]


def test_question_answered_twice_is_refused():
    assert keys([AnswerValue(4, 1), AnswerValue(4, 2)]) == ["violation-answer-duplicate"]


@pytest.mark.parametrize("qid, option", [(1, 6), (2, 9), (3, 11), (4, 5), (5, 3), (4, -1)])
def test_option_outside_the_question_is_refused(qid, option):
    assert keys([AnswerValue(qid, option)]) == ["violation-answer-option"]


def test_violation_names_the_answer_position():
    problems = validate_answers([AnswerValue(4, 1), AnswerValue(2, 42)], ALL)
    assert [(p.field, p.params) for p in problems] == [("answers[1].option", {"value": 42, "question": "age"})]


@pytest.mark.parametrize("qid, option", [(5, 2), (5, 0), (1, 5), (3, 10), (4, 1)])
def test_free_text_only_for_affiliate_yes(qid, option):
    assert keys([AnswerValue(qid, option, "text")]) == ["violation-answer-text"]


@pytest.mark.parametrize("length, ok", [(1000, True), (1001, False)])
def test_free_text_is_at_most_1000_characters(length, ok):
    assert keys([AnswerValue(5, 1, "x" * length)]) == ([] if ok else ["violation-answer-text-length"])


def test_organizers_may_see_the_answers_of_questions_that_ask_for_no_personal_data_only():
    from eventcenter.services.registration.domain.questions import non_personal

    assert non_personal((1, 2, 3, 4, 5)) == (4, 5)
    assert non_personal((5, 1, 99)) == (5,) and non_personal(()) == ()
