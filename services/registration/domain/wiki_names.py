"""Names as a wiki writes them (MediaWiki's Title and User normalisation), so that one page or one person typed
two ways is never two: underscores are spaces, runs of spaces are one, and the first letter is a capital."""


def _capital_first(text: str) -> str:
    first = text[:1].upper()
    return (first if len(first) == 1 else text[:1]) + text[1:]  # "ß" stays: the wiki does not make it "SS"


def _spaced(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


def page_title(title: str) -> str:
    """"event:art_ feminism" is "Event:Art feminism": the namespace and the page after it start with a capital."""
    namespace, colon, text = _spaced(title).partition(":")
    if not colon:
        return _capital_first(namespace)
    return f"{_capital_first(namespace.strip())}:{_capital_first(text.strip())}"


def user_name(name: str) -> str:
    """"ada_lovelace" is the user "Ada lovelace"."""
    return _capital_first(_spaced(name))
