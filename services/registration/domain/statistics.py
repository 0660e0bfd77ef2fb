"""Response statistics with privacy thresholds: >= 10 answers to show a question, < 5 hidden per option."""
from dataclasses import dataclass

from eventcenter.services.registration.domain.questions import QUESTIONS

MIN_ANSWERS_TO_SHOW = 10
MIN_OPTION_COUNT = 5


@dataclass(frozen=True)
class OptionStat:
    option: int
    count: int  # 0 when hidden
    fewer_than_five: bool


@dataclass(frozen=True)
class QuestionStat:
    question_id: int
    answer_count: int
    shown: bool
    options: tuple[OptionStat, ...]


def summarize(counts: dict[int, dict[int, int]], enabled: tuple[int, ...]) -> list[QuestionStat]:
    """counts[question][option] = number of participants who chose it (answers and aggregates together)."""
    result = []
    for question_id in sorted(enabled):
        per_option = counts.get(question_id, {})
        total = sum(per_option.values())
        shown = total >= MIN_ANSWERS_TO_SHOW
        options: tuple[OptionStat, ...] = ()
        if shown:
            options = tuple(
                OptionStat(o, per_option.get(o, 0) if per_option.get(o, 0) >= MIN_OPTION_COUNT else 0,
                           per_option.get(o, 0) < MIN_OPTION_COUNT)
                for o in QUESTIONS[question_id].options if o != 0
            )
        result.append(QuestionStat(question_id, total if shown else 0, shown, options))
    return result
