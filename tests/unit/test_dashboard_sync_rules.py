"""Dashboard sync, pure parts: payloads, which registration events trigger a sync, error codes as plain words."""
import pathlib

import grpc
import pytest

from eventcenter.services.contributions.domain import dashboard
from eventcenter.services.kernel import i18n
from eventcenter.services.kernel.errors import InvalidArgument

i18n.register_catalogs(pathlib.Path(dashboard.__file__).parents[1] / "locales")
COURSE = dashboard.Course("https://dashboard.example.org", "School/Title_(2026)", "s3cret")
ALLOWED = dashboard.allowed_dashboards(["https://d.example.org", "http://127.0.0.1:8123"])


def test_endpoints_are_under_wikimedia_event_center():
    assert dashboard.endpoint("https://d.example.org/", dashboard.CONFIRM) == \
        "https://d.example.org/wikimedia_event_center/confirm_event_sync"
    assert dashboard.endpoint("https://d.example.org", dashboard.UPDATE).endswith("/update_event_participants")
    assert dashboard.endpoint("https://d.example.org", dashboard.UNSYNC).endswith("/unsync_event")


def test_confirm_payload_carries_dry_run_and_the_organizers():
    payload = dashboard.confirm_payload(COURSE, 7, ["Bea", "Ada", "Bea"], dry_run=True)
    assert payload == {"course_slug": "School/Title_(2026)", "secret": "s3cret", "dry_run": True, "event_id": 7,
                       "organizer_usernames": ["Ada", "Bea"]}
    assert dashboard.confirm_payload(COURSE, 7, ["Ada"], dry_run=False)["dry_run"] is False


def test_participants_payload_is_the_whole_list_whatever_the_order():
    first = dashboard.participants_payload(COURSE, 7, ["Zed", "Ada"])
    assert first["participant_usernames"] == ["Ada", "Zed"] and first["dry_run"] is False
    assert first == dashboard.participants_payload(COURSE, 7, ["Ada", "Zed", "Ada"])
    assert dashboard.participants_payload(COURSE, 7, [])["participant_usernames"] == []


def test_unsync_payload():
    assert dashboard.unsync_payload(COURSE, 7) == {"course_slug": "School/Title_(2026)", "secret": "s3cret",
                                                   "dry_run": False, "event_id": 7}


@pytest.mark.parametrize("name", ["ParticipantRegistered", "RegistrationChanged", "ParticipantCancelled",
                                  "ParticipantsRemoved", "WaitlistPromoted"])
def test_changes_of_participants_trigger_a_sync(name):
    assert dashboard.is_participant_change(name)


@pytest.mark.parametrize("name", ["EventCreated", "EventUpdated", "OrganizersChanged", "AnswersAggregated",
                                  "EventDeleted"])
def test_other_events_do_not_send_participants(name):
    assert not dashboard.is_participant_change(name)


def test_deleting_the_event_unsyncs():
    assert {"EventDeleted"} == dashboard.UNSYNC_ON


@pytest.mark.parametrize("status, body, code", [
    (200, {"success": True}, ""),
    (401, {"error_code": "invalid_secret"}, "invalid_secret"),
    (404, {"error_code": "course_not_found"}, "course_not_found"),
    (403, {"error": "not_organizer"}, "not_organizer"),
    (409, {"error_code": "already_in_use"}, "already_in_use"),
    (409, {"error_code": "sync_already_enabled"}, "sync_already_enabled"),
    (422, {"error_code": "sync_not_enabled"}, "sync_not_enabled"),
    (400, {"error_code": "something_new"}, "unavailable"),
    (400, None, "unavailable"),
    (503, {"error_code": "invalid_secret"}, "unavailable"),
    (502, None, "unavailable"),
])
def test_error_code_of_an_answer(status, body, code):
    assert dashboard.error_code_of(status, body) == code


@pytest.mark.parametrize("code", [*dashboard.CODES, "unavailable"])
def test_every_code_has_plain_words_in_english_and_french(code):
    key = dashboard.message_key(code)
    english = i18n.translate(key, "en", course_slug="a/b", event_id=1)
    french = i18n.translate(key, "fr", course_slug="a/b", event_id=1)
    assert key != english and english != french and "a/b" in english and "a/b" in french


def test_unknown_code_reads_as_unavailable():
    assert dashboard.message_key("teapot") == dashboard.message_key("unavailable")
    assert dashboard.reason("teapot") == "DASHBOARD_UNAVAILABLE"


@pytest.mark.parametrize("code, grpc_code, field", [
    ("invalid_secret", grpc.StatusCode.INVALID_ARGUMENT, "secret"),
    ("course_not_found", grpc.StatusCode.INVALID_ARGUMENT, "course_slug"),
    ("not_organizer", grpc.StatusCode.FAILED_PRECONDITION, None),
    ("already_in_use", grpc.StatusCode.FAILED_PRECONDITION, None),
    ("sync_already_enabled", grpc.StatusCode.FAILED_PRECONDITION, None),
    ("sync_not_enabled", grpc.StatusCode.FAILED_PRECONDITION, None),
])
def test_refusal_carries_reason_code_and_words(code, grpc_code, field):
    error = dashboard.refusal(code, course_slug="a/b")
    assert error.code == grpc_code
    assert error.reason == "DASHBOARD_" + code.upper()
    assert error.params["dashboard_code"] == code
    assert "a/b" in error.message("en")
    if field:
        assert isinstance(error, InvalidArgument) and error.violations[0].field == field


@pytest.mark.parametrize("url, slug, secret, field", [
    ("ftp://d.example.org", "a/b", "s", "dashboard_url"),
    ("https://", "a/b", "s", "dashboard_url"),
    ("https://d.example.org", "no-slash", "s", "course_slug"),
    ("https://d.example.org", "a/b/c", "s", "course_slug"),
    ("https://d.example.org", "a/b", "  ", "secret"),
])
def test_check_course_refuses(url, slug, secret, field):
    with pytest.raises(InvalidArgument) as raised:
        dashboard.check_course(url, slug, secret, ALLOWED)
    assert raised.value.violations[0].field == field


def test_check_course_trims():
    assert dashboard.check_course(" https://d.example.org/ ", " a/b ", " s ", ALLOWED) == \
        dashboard.Course("https://d.example.org", "a/b", "s")


@pytest.mark.parametrize("url", ["https://d.example.org", "HTTPS://D.Example.ORG/", "https://d.example.org:443",
                                 "http://127.0.0.1:8123", "http://127.0.0.1:8123/"])
def test_a_dashboard_on_the_list_is_accepted_however_spelled(url):
    assert dashboard.check_course(url, "a/b", "s", ALLOWED).dashboard_url in ALLOWED


@pytest.mark.parametrize("url", [
    "https://evil.example.org", "http://d.example.org", "https://d.example.org:8443", "https://d.example.org.evil.org",
    "https://evil.org/d.example.org", "https://d.example.org/other", "http://127.0.0.1:8124", "http://localhost:8123",
    "http://169.254.169.254", "http://10.0.0.1",
])
def test_a_dashboard_off_the_list_is_refused_naming_the_list(url):
    with pytest.raises(InvalidArgument) as raised:
        dashboard.check_course(url, "a/b", "s", ALLOWED)
    [violation] = raised.value.violations
    assert (violation.field, violation.message_key) == ("dashboard_url", "violation-dashboard-url-not-allowed")
    for language in ("en", "fr", "ar"):
        assert "https://d.example.org" in raised.value.message(language)


@pytest.mark.parametrize("url", ["https://user@d.example.org", "https://d.example.org?x=1", "https://d.example.org#x",
                                 "https://d.example.org:99999", "javascript:alert(1)"])
def test_what_is_no_base_url_is_refused(url):
    assert dashboard.base_url(url) is None
    with pytest.raises(InvalidArgument) as raised:
        dashboard.check_course(url, "a/b", "s", ALLOWED)
    assert raised.value.violations[0].message_key == "violation-dashboard-url"


def test_the_operators_list_is_checked_at_start():
    assert dashboard.allowed_dashboards(["https://Outreachdashboard.wmflabs.org/"]) == \
        {"https://outreachdashboard.wmflabs.org"}
    with pytest.raises(ValueError, match="EVENTCENTER_DASHBOARD_URLS"):
        dashboard.allowed_dashboards(["https://outreachdashboard.wmflabs.org", "outreachdashboard.wmflabs.org"])


def test_the_default_list_is_wikimedias_dashboard():
    from eventcenter.services.contributions.settings import ContributionsSettings

    assert ContributionsSettings(identity_secret="x" * 32).dashboard_urls == ["https://outreachdashboard.wmflabs.org"]


def test_retry_delay_doubles_up_to_a_ceiling():
    assert [dashboard.retry_delay(n, 30) for n in (1, 2, 3)] == [30, 60, 120]
    assert dashboard.retry_delay(20, 30) == 300
