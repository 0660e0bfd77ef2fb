"""Message catalogs, translate() and translated errors."""
import json
import pathlib
import re
import string

import grpc
import pytest
from google.rpc import error_details_pb2

import eventcenter.services
from eventcenter.services.kernel import i18n
from eventcenter.services.kernel.errors import FieldViolation, InvalidArgument, NotFound, invalid
from eventcenter.services.registration.domain.questions import QUESTIONS

SERVICES = pathlib.Path(eventcenter.services.__file__).parent
CATALOG_DIRS = [SERVICES / "kernel" / "locales", SERVICES / "registration" / "locales",
                SERVICES / "collaboration" / "locales", SERVICES / "notifications" / "locales",
                SERVICES / "invitations" / "locales", SERVICES / "contributions" / "locales"]
KEY_LITERAL = re.compile(r"""["']((?:error|violation|question)-[a-z0-9-]+)["']""")
i18n.register_catalogs(SERVICES / "registration" / "locales")


def catalog(folder: pathlib.Path, language: str) -> dict[str, str]:
    return json.loads((folder / f"{language}.json").read_text(encoding="utf-8"))


def keys_used_in_code() -> set[str]:
    found = {m for path in SERVICES.rglob("*.py") for m in KEY_LITERAL.findall(path.read_text(encoding="utf-8"))}
    for q in QUESTIONS.values():
        found |= {q.label_key()} | {q.option_key(o) for o in q.options}
    return found


def placeholders(text: str | dict[str, str]) -> set[str]:
    """Of a text, or of all the plural forms of a message (i18n._plural_form) with the number that picks them."""
    if isinstance(text, dict):
        return {text["plural_of"]}.union(*(placeholders(t) for form, t in text.items() if form != "plural_of"))
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_key_used_in_code_is_in_english_and_french():
    used = keys_used_in_code()
    assert len(used) > 60, "the scan of services/ found too few keys"
    missing = sorted(
        key for key in used
        if not any(key in catalog(d, "en") and key in catalog(d, "fr") for d in CATALOG_DIRS)
    )
    assert missing == []


@pytest.mark.parametrize(
    "folder",
    CATALOG_DIRS,
    ids=["kernel", "registration", "collaboration", "notifications", "invitations", "contributions"],
)
def test_french_catalog_has_the_same_keys_and_placeholders_as_english(folder):
    en, fr = catalog(folder, "en"), catalog(folder, "fr")
    assert set(fr) == set(en)
    assert {k: placeholders(fr[k]) for k in en} == {k: placeholders(en[k]) for k in en}


@pytest.mark.parametrize("service", ["notifications", "invitations"])
def test_arabic_catalogs_have_the_same_keys_and_placeholders_as_english(service):
    folder = SERVICES / service / "locales"
    en, ar = catalog(folder, "en"), catalog(folder, "ar")
    assert set(ar) == set(en)
    assert {k: placeholders(ar[k]) for k in en} == {k: placeholders(en[k]) for k in en}


def test_translate_picks_the_requested_language():
    assert i18n.translate("violation-types", "en") != i18n.translate("violation-types", "fr")


def test_regional_language_falls_back_to_its_base_language():
    assert i18n.translate("error-blocked", "fr-CA") == i18n.translate("error-blocked", "fr")


def test_unknown_language_falls_back_to_english():
    assert i18n.translate("error-blocked", "de") == "You are blocked and cannot do this."


def test_key_missing_in_a_language_falls_back_to_english(monkeypatch):
    monkeypatch.setattr(i18n, "_catalogs", {"en": {"k": "Hello {name}"}, "fr": {"other": "Autre"}})
    assert i18n.translate("k", "fr", name="Ada") == "Hello Ada"


def test_unknown_key_is_returned_as_is():
    assert i18n.translate("no-such-key", "fr") == "no-such-key"


def test_placeholders_are_filled():
    assert i18n.translate("error-not-organizer", "en", event_id=7) == "You are not an organizer of event 7."
    assert "7" in i18n.translate("error-not-organizer", "fr", event_id=7)


def test_current_language_is_used_when_none_is_given():
    token = i18n.current_language.set("fr")
    try:
        assert i18n.translate("error-blocked") == i18n.translate("error-blocked", "fr")
    finally:
        i18n.current_language.reset(token)


@pytest.mark.parametrize("header, language", [
    ("fr-CH, fr;q=0.9, en;q=0.8", "fr"), ("de-DE,de;q=0.9", "en"), ("de, FR", "fr"), (None, "en"), ("", "en"),
])
def test_pick_language_takes_the_first_known_language(header, language):
    assert i18n.pick_language(header, ["en", "fr"]) == language


def test_field_violation_describes_itself_in_any_language():
    violation = FieldViolation("event.passcode", "violation-passcode", {"max": 64})
    assert violation.description("en") == "The passcode is longer than 64 characters."
    assert "64" in violation.description("fr")


def test_service_error_status_carries_reason_and_localized_message():
    status = NotFound("USER_NOT_FOUND", "error-user-not-found", user_id=9).to_status("fr")
    info, localized = error_details_pb2.ErrorInfo(), error_details_pb2.LocalizedMessage()
    assert status.code == grpc.StatusCode.NOT_FOUND.value[0]
    assert status.message == "There is no user with ID 9."
    assert status.details[0].Unpack(info) and status.details[1].Unpack(localized)
    assert (info.reason, info.domain, dict(info.metadata)) == ("USER_NOT_FOUND", "eventcenter", {"user_id": "9"})
    assert (localized.locale, localized.message) == (
        "fr",
        NotFound("R", "error-user-not-found", user_id=9).message("fr"),
    )


def test_invalid_argument_lists_every_field_violation():
    error = InvalidArgument([FieldViolation("event.types", "violation-types"),
                             FieldViolation("event.passcode", "violation-passcode", {"max": 64})])
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.message("en").startswith("event.types: Choose one or two") and "; event.passcode: " in error.message(
        "en"
    )
    bad_request = error_details_pb2.BadRequest()
    assert error.to_status("en").details[2].Unpack(bad_request)
    assert [(v.field, v.reason) for v in bad_request.field_violations] == [
        ("event.types", "VIOLATION_TYPES"), ("event.passcode", "VIOLATION_PASSCODE")]


def test_invalid_builds_a_single_violation():
    error = invalid("event.page", "violation-page-fixed")
    assert error.violations == [FieldViolation("event.page", "violation-page-fixed", {})]


@pytest.mark.parametrize("language, limit, words", [
    ("ar", 1, "رسالة واحدة"), ("ar", 2, "رسالتين"), ("ar", 5, "5 رسائل"), ("ar", 11, "11 رسالة"),
    ("en", 1, "1 message in"), ("en", 5, "5 messages"), ("fr", 5, "5 messages"),
])
def test_a_message_takes_the_plural_form_its_number_asks_for(language, limit, words):
    assert words in i18n.translate("error-email-rate-limited", language, limit=limit, retry_time="2026-12-01 13:51")


def test_a_count_of_problems_is_said_in_the_plural_only_when_several():
    assert i18n.translate("error-invalid-argument", "en", count=1) == "The request is not valid: 1 problem found."
    assert i18n.translate("error-invalid-argument", "en", count=3) == "The request is not valid: 3 problems found."


@pytest.mark.parametrize("editors, words", [(0, "ولا تضم أي محرر"), (1, "محررًا واحدًا"), (2, "محرّرَين"),
                                            (5, "5 محررين"), (42, "42 محررًا"), (100, "100 محرر")])
def test_arabic_counts_editors_with_each_of_its_plural_forms(editors, words):
    i18n.register_catalogs(SERVICES / "notifications" / "locales")
    assert words in i18n.translate("notifications-list-ready-intro", "ar", name="Botanists", editors=editors)
    assert i18n.translate("notifications-list-ready-intro", "en", name="B", editors=1).endswith("1 editor to invite.")
