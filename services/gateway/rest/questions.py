"""GET /participant_questions, and the question names the answer bodies use."""
from fastapi import APIRouter, Query

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.kernel.i18n import translate

router = APIRouter(tags=["participant questions"])


async def question_names(ctx: CallContext) -> dict[int, str]:
    found = await ctx.registration.ListQuestions(api.ListQuestionsRequest())
    return {q.id: q.name for q in found.questions}


def _options(question, language: str) -> dict[str, int]:
    """Labels to values, with CampaignEvents' option 0 first ("no answer": a select's placeholder, a radio's
    "prefer not to say") where the question has no labelled 0 of its own."""
    options = {o.label: o.value for o in question.options}
    if 0 in options.values():
        return options
    key = "gateway-question-placeholder" if question.type == "select" else "gateway-question-not-say"
    return {translate(key, language): 0, **options}


@router.get("/participant_questions")
async def participant_questions(question_ids: str | None = Query(default=None, max_length=200),
                                ctx: CallContext = Context):
    wanted = {int(p) for p in question_ids.split("|") if p.strip().isdecimal()} if question_ids else None
    found = await ctx.registration.ListQuestions(api.ListQuestionsRequest())
    answer = {}
    for q in found.questions:
        if wanted is not None and q.id not in wanted:
            continue
        entry = {"name": q.name, "type": q.type, "label": q.label, "options": _options(q, ctx.language)}
        others = {str(o.value): {"type": "text", "label": o.label} for o in q.options if o.takes_text}
        if others:
            entry["other-options"] = others
        answer[str(q.id)] = entry
    return answer or []
