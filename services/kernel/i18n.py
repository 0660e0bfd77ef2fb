"""Translation layer: every user-visible text is a message key looked up in JSON catalogs."""
import contextvars
import json
import pathlib
from collections.abc import Iterable

from babel import Locale, UnknownLocaleError

DEFAULT_LANGUAGE = "en"
# Languages written right to left.
RIGHT_TO_LEFT = {"ar", "he", "fa", "ur"}
# A message is a text, or its plural forms (see _plural_form).
_catalogs: dict[str, dict[str, str | dict[str, str]]] = {}
current_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)


def register_catalogs(directory: pathlib.Path) -> None:
    """Loads every <lang>.json of a folder; later folders add keys to earlier ones."""
    for path in sorted(directory.glob("*.json")):
        _catalogs.setdefault(path.stem, {}).update(json.loads(path.read_text(encoding="utf-8")))


def languages() -> list[str]:
    return sorted(_catalogs)


def translate(key: str, language: str | None = None, **params: object) -> str:
    language = language or current_language.get()
    for lang in (language, language.split("-")[0], DEFAULT_LANGUAGE):
        text = _catalogs.get(lang, {}).get(key)
        if text is not None:
            return (_plural_form(text, lang, params) if isinstance(text, dict) else text).format(**params)
    return key


def _plural_form(forms: dict[str, str], language: str, params: dict[str, object]) -> str:
    """A message whose words change with a number: {"plural_of": "count", "one": …, "other": …}, with the forms
    of the language's CLDR plural categories (Arabic has six: zero, one, two, few, many, other)."""
    number = params.get(forms["plural_of"], 0)
    try:
        category = Locale.parse(language).plural_form(abs(int(number)))
    except (ValueError, TypeError, UnknownLocaleError):
        category = "other"
    return forms.get(category) or forms["other"]


def direction(language: str) -> str:
    """The HTML `dir` of a language."""
    return "rtl" if language.split("-")[0] in RIGHT_TO_LEFT else "ltr"


def pick_language(accept_language: str | None, available: Iterable[str] | None = None) -> str:
    """The first language of an Accept-Language value that has a catalog."""
    known = set(available if available is not None else _catalogs)
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        for candidate in (tag, tag.split("-")[0]):
            if candidate in known:
                return candidate
    return DEFAULT_LANGUAGE


register_catalogs(pathlib.Path(__file__).parent / "locales")
