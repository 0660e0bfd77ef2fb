"""GET /formatted_time/{lang}/{start}/{end}: two times as a reader of that language writes them.

As CampaignEvents, no timezone correction is applied: the caller sends times already in the zone it shows."""
import datetime

from babel import Locale, UnknownLocaleError
from fastapi import APIRouter

from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.formatting import date_only, time_and_date, time_only

router = APIRouter(tags=["formatting"])


def _parse(value: str) -> datetime.datetime | None:
    """MediaWiki's 14 digits, or ISO 8601; a time with an offset is that moment in UTC, as MediaWiki reads it."""
    value = value.strip()
    try:
        if value.isdecimal() and len(value) == 14:
            return datetime.datetime.strptime(value, "%Y%m%d%H%M%S")
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(datetime.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _known_language(code: str) -> str | None:
    """A MediaWiki language code ("fr", "zh-hans", "pt-br": lower case) that Babel knows."""
    if code != code.lower():
        return None
    try:
        return str(Locale.parse(code.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@router.get("/formatted_time/{language_code}/{start}/{end}")
async def formatted_time(language_code: str, start: str, end: str, ctx: CallContext = Context) -> dict:
    language = _known_language(language_code)
    if language is None:
        raise ctx.error(400, "paramvalidator-badvalue-enumnotmulti", name="languageCode", value=language_code)
    begins, ends = _parse(start), _parse(end)
    if begins is None or ends is None:
        raise ctx.error(400, "campaignevents-rest-invalid-timestamp", start=start, end=end)
    answer = {}
    for prefix, moment in (("start", begins), ("end", ends)):
        answer[f"{prefix}Time"] = time_only(moment, language)
        answer[f"{prefix}Date"] = date_only(moment, language)
        answer[f"{prefix}DateTime"] = time_and_date(moment, language)
    return answer
