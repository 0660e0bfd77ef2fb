"""Use cases on questions and answers: the question list, statistics, and the retention job."""
from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.kernel.errors import FailedPrecondition, PermissionDenied
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.registration.domain import access, statistics
from eventcenter.services.registration.domain.questions import QUESTIONS
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.unit_of_work import Work

RETENTION_BATCH = 500


def question_messages(ids: list[int] | None = None) -> list[api.Question]:
    chosen = [QUESTIONS[i] for i in sorted(ids if ids is not None else QUESTIONS)]
    return [
        api.Question(
            id=q.id, name=q.name, type=q.kind, personal_data=q.personal_data, label=translate(q.label_key()),
            options=[api.QuestionOption(value=o, label=translate(q.option_key(o)), takes_text=o in q.text_options)
                     for o in q.options],
        )
        for q in chosen
    ]


async def list_questions(work: Work, identity: Identity, event_id: int) -> list[api.Question]:
    if not event_id:
        return question_messages()
    row = await callers.load_event(work, event_id)
    return question_messages(list(row.question_ids))


async def response_statistics(work: Work, identity: Identity, event_id: int) -> api.ResponseStatistics:
    caller = await callers.resolve(work, identity)
    row = await callers.load_event(work, event_id)
    if not access.may_see_private(caller, await callers.organizer_ids(work, event_id)):
        raise PermissionDenied("NOT_AN_ORGANIZER", "error-not-organizer", event_id=event_id)
    if row.end_utc >= work.now:
        raise FailedPrecondition("EVENT_NOT_ENDED", "error-event-not-ended", event_id=event_id)
    counts = await work.store.participants.answer_counts(event_id)
    summary = statistics.summarize(counts, tuple(row.question_ids))
    return api.ResponseStatistics(
        event_id=event_id,
        participants_with_answers=max((q.answer_count for q in summary), default=0),
        questions=[
            api.QuestionStatistics(
                question_id=q.question_id, label=translate(QUESTIONS[q.question_id].label_key()),
                answer_count=q.answer_count, shown=q.shown,
                options=[api.OptionStatistics(option=o.option, count=o.count, fewer_than_five=o.fewer_than_five,
                                              label=translate(QUESTIONS[q.question_id].option_key(o.option)))
                         for o in q.options])
            for q in summary
        ],
    )


async def aggregate_due_answers(work: Work) -> int:
    """One batch of the retention job; rows locked by another replica are skipped."""
    due = await work.store.participants.due_for_aggregation(work.now, RETENTION_BATCH)
    per_event: dict[int, int] = {}
    for row in due:
        await work.store.participants.aggregate(row.id, row.event_id)
        per_event[row.event_id] = per_event.get(row.event_id, 0) + 1
    for event_id, count in sorted(per_event.items()):
        work.emit(events_pb2.AnswersAggregated(event_id=event_id, participants_aggregated=count))
    return len(due)


async def aggregate_answers(work: Work, identity: Identity) -> int:
    access.require_admin(await callers.resolve(work, identity))
    return await aggregate_due_answers(work)
