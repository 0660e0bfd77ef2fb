"""The reader's language: `uselang` first (as MediaWiki), then Accept-Language, among our catalogs."""
from fastapi import Request

from eventcenter.services.kernel.i18n import pick_language


def language_of(request: Request) -> str:
    return pick_language(request.query_params.get("uselang") or request.headers.get("accept-language"))
