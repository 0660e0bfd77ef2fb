"""Every text of the gateway (pages and errors) is in the catalogs; French and Arabic are complete."""
import json
import pathlib
import re
import string

import eventcenter.services.gateway as gateway
from eventcenter.services.gateway.sign_in.dev import GROUP_CHOICES
from eventcenter.services.gateway.web.event_form import TYPE_CHOICES

GATEWAY = pathlib.Path(gateway.__file__).parent
WEB_LOCALES = GATEWAY / "web" / "locales"
WEB_KEY = re.compile(r"""["'](web-[a-z0-9-]*[a-z0-9])["']""")


def catalog(folder: pathlib.Path, language: str) -> dict[str, str]:
    return json.loads((folder / f"{language}.json").read_text(encoding="utf-8"))


def web_keys_used() -> set[str]:
    sources = [*GATEWAY.rglob("*.py"), *GATEWAY.rglob("*.html")]
    found = {key for path in sources for key in WEB_KEY.findall(path.read_text(encoding="utf-8"))}
    return found | {f"web-type-{t}" for t in TYPE_CHOICES} | {f"web-group-{g}" for g in GROUP_CHOICES}


def placeholders(text: str | dict[str, str]) -> set[str]:
    """Of a text, or of all the plural forms of a message (i18n._plural_form) with the number that picks them."""
    if isinstance(text, dict):
        return {text["plural_of"]}.union(*(placeholders(t) for form, t in text.items() if form != "plural_of"))
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_web_key_in_use_is_in_english():
    used = web_keys_used()
    assert len(used) > 100, "the scan found too few keys"
    assert sorted(used - set(catalog(WEB_LOCALES, "en"))) == []


def test_french_and_arabic_are_complete_with_the_same_placeholders():
    english = catalog(WEB_LOCALES, "en")
    for language in ("fr", "ar"):
        other = catalog(WEB_LOCALES, language)
        assert set(other) == set(english), language
        for key, text in english.items():
            assert placeholders(other[key]) == placeholders(text), (language, key)
            forms = other[key].values() if isinstance(other[key], dict) else [other[key]]
            assert all(form.strip() for form in forms), (language, key)


def test_gateway_errors_are_in_english_and_french():
    english, french = catalog(GATEWAY / "locales", "en"), catalog(GATEWAY / "locales", "fr")
    assert set(english) == set(french)
    for key, text in english.items():
        assert placeholders(french[key]) == placeholders(text), key


def test_the_count_of_hidden_private_edits_takes_its_plural_form():
    from eventcenter.services.kernel import i18n

    i18n.register_catalogs(WEB_LOCALES)
    key = "web-contributions-hidden-private"
    assert i18n.translate(key, "en", count=1).startswith("1 edit by a private participant counts")
    assert i18n.translate(key, "en", count=3).startswith("3 edits by private participants count")
    assert "تعديلان" in i18n.translate(key, "ar", count=2) and "3 تعديلات" in i18n.translate(key, "ar", count=3)
