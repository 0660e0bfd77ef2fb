"""Dates and times in the reader's language (Babel), as MediaWiki writes them for CampaignEvents: English as
"12:00, 1 September 2025"; other languages with their own date and their own order of date and time (CLDR:
"1. September 2025, 12:00", "2025年9月1日 12:00"), and the 24-hour clock MediaWiki uses everywhere."""
import datetime

from babel.dates import format_date, format_time, get_datetime_format


def _english(language: str) -> bool:
    return language.split("_")[0] == "en"


def time_and_date(moment: datetime.datetime, language: str) -> str:
    time, date = time_only(moment, language), date_only(moment, language)
    if _english(language):
        return f"{time}, {date}"
    return str(get_datetime_format("long", locale=language)).replace("'", "").format(time, date)


def time_only(moment: datetime.datetime, language: str) -> str:
    return format_time(moment, "HH:mm", locale=language)


def date_only(moment: datetime.datetime, language: str) -> str:
    return format_date(moment, "d MMMM y" if _english(language) else "long", locale=language)


def mw_timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S")
