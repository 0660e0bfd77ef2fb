"""Event timezones: IANA names or offsets written exactly +HH:MM / -HH:MM."""
import datetime

import pytest

from eventcenter.services.kernel.timezones import format_local, parse_local, parse_timezone, to_utc

JAN = datetime.datetime(2030, 1, 15, 12, 0)
JUL = datetime.datetime(2030, 7, 15, 12, 0)


@pytest.mark.parametrize("name, offset", [
    ("+05:30", datetime.timedelta(hours=5, minutes=30)),
    ("-03:00", datetime.timedelta(hours=-3)),
    ("+00:00", datetime.timedelta(0)),
    ("-00:00", datetime.timedelta(0)),
    ("+14:00", datetime.timedelta(hours=14)),
    ("-09:30", -datetime.timedelta(hours=9, minutes=30)),
])
def test_exact_offset_gives_a_fixed_zone(name, offset):
    assert parse_timezone(name).utcoffset(JAN) == offset


@pytest.mark.parametrize(
    "name", ["+5:30", "+05:3", "+0530", "05:30", "+05:30:00", " +05:30", "+15:00", "+05:60", "UTC+05:30"]
)
def test_inexact_or_out_of_range_offset_is_not_a_timezone(name):
    assert parse_timezone(name) is None


@pytest.mark.parametrize("name", ["+05:30\n", "+\u0660\u0665:\u0663\u0660"], ids=["trailing-newline", "arabic-digits"])
def test_offset_must_be_written_exactly(name):
    assert parse_timezone(name) is None


@pytest.mark.parametrize("name", ["UTC", "Europe/Paris", "Asia/Kolkata", "America/Argentina/Buenos_Aires"])
def test_iana_name_is_a_timezone(name):
    assert parse_timezone(name) is not None


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus", "europe/paris", "Europe/Paris ", "../../etc/passwd",
                                  "/usr/share/zoneinfo/UTC", "./UTC", "Europe/../UTC"])
def test_unknown_or_path_like_name_is_not_a_timezone(name):
    assert parse_timezone(name) is None


def test_iana_zone_follows_daylight_saving_time():
    paris = parse_timezone("Europe/Paris")
    assert to_utc(JAN, paris) == datetime.datetime(2030, 1, 15, 11, 0, tzinfo=datetime.UTC)
    assert to_utc(JUL, paris) == datetime.datetime(2030, 7, 15, 10, 0, tzinfo=datetime.UTC)


def test_fixed_offset_ignores_daylight_saving_time():
    zone = parse_timezone("+01:00")
    assert to_utc(JUL, zone) == datetime.datetime(2030, 7, 15, 11, 0, tzinfo=datetime.UTC)


def test_local_time_round_trips_through_text():
    assert parse_local("2030-07-15T12:00:00") == JUL
    assert format_local(JUL) == "2030-07-15T12:00:00"


@pytest.mark.parametrize(
    "text", [None, "", "2030-07-15", "2030-07-15 12:00:00", "2030-07-15T12:00:00Z", "2030-13-01T00:00:00"]
)
def test_malformed_local_time_parses_to_none(text):
    assert parse_local(text) is None


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "../etc/passwd"])
def test_only_real_zone_names_are_timezones(name):
    assert parse_timezone(name) is None


@pytest.mark.parametrize("text", ["2025-1-5T1:2:3", "2025-01-05T01:02:03\n", "2025-01-05 01:02:03"])
def test_local_times_are_written_exactly(text):
    assert parse_local(text) is None
