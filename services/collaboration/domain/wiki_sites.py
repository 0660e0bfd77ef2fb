"""Wiki ids (database names) as the site URLs Wikidata sitelinks name, and the language of a wiki."""
import re

_FAMILIES = {"wiki": "wikipedia", "wiktionary": "wiktionary", "wikibooks": "wikibooks", "wikinews": "wikinews",
             "wikiquote": "wikiquote", "wikisource": "wikisource", "wikiversity": "wikiversity",
             "wikivoyage": "wikivoyage"}
_SPECIAL = {"commonswiki": "https://commons.wikimedia.org/", "metawiki": "https://meta.wikimedia.org/",
            "wikidatawiki": "https://www.wikidata.org/", "specieswiki": "https://species.wikimedia.org/",
            "mediawikiwiki": "https://www.mediawiki.org/", "outreachwiki": "https://outreach.wikimedia.org/"}
_WIKI = re.compile(r"([a-z_]+?)(wiki|wiktionary|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage)")


def site_url(wiki: str) -> str | None:
    """"enwiki" -> "https://en.wikipedia.org/"; None for an id that is not a Wikimedia wiki."""
    if wiki in _SPECIAL:
        return _SPECIAL[wiki]
    match = _WIKI.fullmatch(wiki)
    if not match:
        return None
    language, family = match.groups()
    return f"https://{language.replace('_', '-')}.{_FAMILIES[family]}.org/"


def language_of(wiki: str) -> str:
    match = _WIKI.fullmatch(wiki)
    return match.group(1).replace("_", "-") if match and wiki not in _SPECIAL else "en"
