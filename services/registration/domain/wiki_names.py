"""Names as a wiki writes them (MediaWiki's Title and User normalisation), so that one page or one person typed
two ways is never two: underscores are spaces, runs of spaces are one, and the first letter is a capital.

Names and page titles never hold a control or format character (Unicode categories Cc and Cf: line breaks and
other controls, bidi overrides and isolates, zero-width space, joiner and non-joiner, the byte order mark, the
soft hyphen…). Such a character is invisible or changes how the text around it is shown, so a name holding one
could pass for another name or hide what follows it."""
import re
import unicodedata

from eventcenter.services.kernel.errors import FieldViolation

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf"})
# Spaces that are not controls, and underscores: a line break or a tab inside a name is refused, not spaced.
_SPACES = re.compile(r"(?:_|[^\S\x00-\x1f\x7f-\x9f])+")


def hidden_characters(text: str) -> list[str]:
    """The control and format characters of a text, each once and in order, as U+XXXX."""
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in HIDDEN_CATEGORIES)
    return list(found)


def hidden_character_violation(field: str, text: str) -> FieldViolation | None:
    """The refusal of a name or title that holds a control or format character (named by code point, as the
    character itself would not show), or None."""
    found = hidden_characters(text)
    if not found:
        return None
    return FieldViolation(field, "violation-hidden-characters", {"characters": ", ".join(found)})


def _capital_first(text: str) -> str:
    first = text[:1].upper()
    return (first if len(first) == 1 else text[:1]) + text[1:]  # "ß" stays: the wiki does not make it "SS"


def _spaced(text: str) -> str:
    """Trimmed (of any white space at the ends), with each run of spaces and underscores inside one space."""
    return _SPACES.sub(" ", text.strip()).strip(" ")


def page_title(title: str) -> str:
    """"event:art_ feminism" is "Event:Art feminism": the namespace and the page after it start with a capital."""
    namespace, colon, text = _spaced(title).partition(":")
    if not colon:
        return _capital_first(namespace)
    return f"{_capital_first(namespace.strip(' '))}:{_capital_first(text.strip(' '))}"


def user_name(name: str) -> str:
    """"ada_lovelace" is the user "Ada lovelace"."""
    return _capital_first(_spaced(name))
