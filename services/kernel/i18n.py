"""Translation layer: every user-visible text is a message key looked up in JSON catalogs."""
import contextvars
import json
import pathlib
from collections.abc import Iterable

DEFAULT_LANGUAGE = "en"
# Languages written right to left.
RIGHT_TO_LEFT = {"ar", "he", "fa", "ur"}
_catalogs: dict[str, dict[str, str]] = {}
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
            return text.format(**params)
    return key


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
