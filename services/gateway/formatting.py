"""Dates and times in the reader's language (Babel), as CampaignEvents formats them: "12:00, 1 September 2025"."""
import datetime

from babel.dates import format_date, format_time


def time_and_date(moment: datetime.datetime, language: str) -> str:
    return f"{time_only(moment, language)}, {date_only(moment, language)}"


def time_only(moment: datetime.datetime, language: str) -> str:
    return format_time(moment, "HH:mm", locale=language)


def date_only(moment: datetime.datetime, language: str) -> str:
    return format_date(moment, "d MMMM y", locale=language)


def mw_timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S")
