"""The reader's language: `uselang` first (as MediaWiki), then the language they chose on the site, then
Accept-Language; always one we have a catalog for."""
from fastapi import Request

from eventcenter.services.kernel.i18n import languages, pick_language

LANGUAGE_COOKIE = "eventcenter_language"


def language_of(request: Request) -> str:
    chosen = request.query_params.get("uselang") or request.cookies.get(LANGUAGE_COOKIE)
    if chosen and chosen in languages():
        return chosen
    return pick_language(request.headers.get("accept-language"))
