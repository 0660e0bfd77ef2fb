"""REST times: 14-digit MediaWiki timestamps and ISO 8601, turned into event-local wall time."""
import pytest

from eventcenter.services.gateway.times import local_to_mw, to_local


@pytest.mark.parametrize(("value", "timezone", "expected"), [
    ("20300220200220", "Europe/Paris", "2030-02-20T20:02:20"),
    ("2030-02-20T20:02:20", "Asia/Kolkata", "2030-02-20T20:02:20"),
    ("2030-02-20T19:02:20Z", "Europe/Paris", "2030-02-20T20:02:20"),
    ("2030-02-20T20:02:20+05:30", "+00:00", "2030-02-20T14:32:20"),
])
def test_inputs_become_event_local_time(value, timezone, expected):
    assert to_local(value, timezone) == expected


@pytest.mark.parametrize("value", ["", "2030-13-01T00:00:00", "2030022020022", "tomorrow", "203002202002201"])
def test_non_times_are_refused(value):
    assert to_local(value, "UTC") is None


def test_local_time_back_to_mediawiki_format():
    assert local_to_mw("2030-02-20T20:02:20") == "20300220200220"
