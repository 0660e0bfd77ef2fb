"""Server-rendered pages: one Jinja2 environment (autoescaped), and what every page needs to know."""
import functools
import pathlib
import re

import pycountry
from babel import Locale
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.web.badge import unread_count
from eventcenter.services.gateway.web.reader import may_organize_events, reader
from eventcenter.services.gateway.web.times import zone_unknown
from eventcenter.services.kernel.i18n import direction, languages, translate

HERE = pathlib.Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """Text as people type it (a browser sends CRLF line ends) in paragraphs: split at blank lines."""
    return [part.strip() for part in _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n"))
            if part.strip()]


def isolated(text: str) -> str:
    """What people typed, inside a translated sentence or a title: kept in its own direction (first strong
    isolate), so that on a right-to-left page "1 rue de Rivoli" does not become "rue de Rivoli 1"."""
    return f"\u2068{text}\u2069"


templates.env.filters["paragraphs"] = paragraphs
templates.env.filters["isolated"] = isolated
# Names of languages in their own script, for the language menu.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية", "he": "עברית"}


@functools.cache
def _territories(language: str) -> dict[str, str]:
    """Country names in the reader's language (Babel/CLDR), by ISO 3166 code."""
    names = Locale.parse(language).territories
    return {c.alpha_2: names.get(c.alpha_2, c.name) for c in pycountry.countries}


async def mark_html(request: Request) -> None:
    """Router dependency: errors on these routes are answered as pages, not JSON."""
    request.state.html = True


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    language = language_of(request)

    def msg(key: str, **params: object) -> str:
        return translate(key, language, **params)

    flash = sessions.take_flash(request)
    user = reader(request)
    context = {
        "lang": language, "dir": direction(language), "msg": msg, "user": user,
        "may_organize_events": may_organize_events(user),
        "csrf": sessions.csrf_token(request), "path": request.url.path, "unread": unread_count(request),
        "zone_unknown": zone_unknown(request),
        "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in languages()],
        "flash": msg(flash["key"], **flash["params"]) if flash else None,
        "settings": request.app.state.settings,
        "country_name": lambda code: _territories(language).get(code, code),
        "countries": lambda: sorted(_territories(language).items(), key=lambda pair: pair[1]),
        **context,
    }
    return templates.TemplateResponse(request, template, context, status_code=status)


def redirect(path: str) -> RedirectResponse:
    """After a form post: see-other, so reloading the page does not post again."""
    return RedirectResponse(path, status_code=303)
