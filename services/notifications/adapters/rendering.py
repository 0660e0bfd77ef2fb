"""A message in the recipient's language: subject, plain text and HTML (Jinja2; HTML is escaped)."""
import datetime
import pathlib
from dataclasses import dataclass

import jinja2
from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list

from eventcenter.services.kernel.i18n import direction, register_catalogs, translate
from eventcenter.services.notifications.domain.message_model import Line, Message

register_catalogs(pathlib.Path(__file__).parent.parent / "locales")
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(pathlib.Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html.j2"]), keep_trailing_newline=True)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def when(value: datetime.datetime, language: str) -> str:
    """The medium date and the short time, joined as the language joins them: no seconds, as the pages show it."""
    pattern = Locale.parse(language).datetime_formats["medium"].replace("'", "")
    return pattern.replace("{0}", format_time(value, "short", locale=language)).replace(
        "{1}", format_date(value, "medium", locale=language))


def _shown(value: object, language: str) -> object:
    if isinstance(value, datetime.datetime):
        return when(value, language)
    if isinstance(value, list):
        return format_list([str(v) for v in value], locale=language)
    return value


def _text(line: Line, language: str) -> str:
    return translate(line.key, language, **{k: _shown(v, language) for k, v in line.params.items()})


def subject_text(message: Message, language: str) -> str:
    return _text(message.subject, language)


def line_texts(message: Message, language: str) -> list[str]:
    """The lines alone, for the in-app inbox (which links the item as a whole)."""
    return [_text(line, language) for line in message.lines]


def render(message: Message, language: str, preferences_url: str = "") -> Rendered:
    """`preferences_url` adds a last line that says why the mail came and where to turn it off."""
    subject = _text(message.subject, language)
    lines = [{"text": _text(line, language), "link": line.link} for line in message.lines]
    if preferences_url:
        lines.append({"text": translate("notifications-footer-preferences", language), "link": preferences_url})
    context = dict(subject=subject, lines=lines, language=language,
                   direction=direction(language))
    return Rendered(subject, _templates.get_template("message.txt.j2").render(context),
                    _templates.get_template("message.html.j2").render(context))
