"""Participant questions (docs/rules.md "Participant questions"): definitions and answer rules."""
from dataclasses import dataclass

from eventcenter.services.kernel.errors import FieldViolation

NO_ANSWER = 0


@dataclass(frozen=True)
class QuestionDefinition:
    id: int
    name: str
    kind: str  # "radio" or "select"
    personal_data: bool
    options: tuple[int, ...]
    # Options that take a free-text addition.
    text_options: tuple[int, ...] = ()

    def label_key(self) -> str:
        return f"question-{self.name}"

    def option_key(self, option: int) -> str:
        return f"question-{self.name}-option-{option}"


QUESTIONS: dict[int, QuestionDefinition] = {
    q.id: q
    for q in (
        QuestionDefinition(1, "gender", "radio", True, (0, 1, 2, 3, 4, 5)),
        QuestionDefinition(2, "age", "select", True, (1, 2, 3, 4, 5, 6, 7, 8)),
        QuestionDefinition(3, "profession", "select", True, tuple(range(1, 11))),
        QuestionDefinition(4, "confidence", "radio", False, (1, 2, 3, 4)),
        QuestionDefinition(5, "affiliate", "select", False, (1, 2), text_options=(1,)),
    )
}
MAX_TEXT_LENGTH = 1000


@dataclass(frozen=True)
class AnswerValue:
    question_id: int
    option: int
    text: str = ""


def non_personal(question_ids: tuple[int, ...]) -> tuple[int, ...]:
    """The questions among these that ask for no personal data (their answers may be shown to organizers)."""
    return tuple(q for q in question_ids if q in QUESTIONS and not QUESTIONS[q].personal_data)


def needs_personal_data_policy(question_ids: tuple[int, ...]) -> bool:
    return any(QUESTIONS[q].personal_data for q in question_ids if q in QUESTIONS)


def validate_answers(answers: list[AnswerValue], enabled: tuple[int, ...]) -> list[FieldViolation]:
    problems = []
    seen: set[int] = set()
    for index, answer in enumerate(answers):
        where = f"answers[{index}]"
        question = QUESTIONS.get(answer.question_id)
        if question is None or answer.question_id not in enabled:
            problems.append(
                FieldViolation(f"{where}.question_id", "violation-answer-question", {"value": answer.question_id})
            )
            continue
        if answer.question_id in seen:
            problems.append(
                FieldViolation(f"{where}.question_id", "violation-answer-duplicate", {"value": answer.question_id})
            )
        seen.add(answer.question_id)
        if answer.option != NO_ANSWER and answer.option not in question.options:
            problems.append(FieldViolation(f"{where}.option", "violation-answer-option",
                                           {"value": answer.option, "question": question.name}))
        if answer.text and answer.option not in question.text_options:
            problems.append(FieldViolation(f"{where}.text", "violation-answer-text", {}))
        if len(answer.text) > MAX_TEXT_LENGTH:
            problems.append(FieldViolation(f"{where}.text", "violation-answer-text-length", {"max": MAX_TEXT_LENGTH}))
    return problems


def meaningful(answers: list[AnswerValue]) -> list[AnswerValue]:
    """Option 0 means no answer: such answers are not stored."""
    return [a for a in answers if a.option != NO_ANSWER]
