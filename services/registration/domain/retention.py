"""Answer retention: aggregated, then deleted, at first answer + 90 days or event end, whichever is first."""
import datetime

RETENTION = datetime.timedelta(days=90)


def aggregation_due(first_answer: datetime.datetime, event_end: datetime.datetime) -> datetime.datetime:
    return min(first_answer + RETENTION, event_end)


def is_due(first_answer: datetime.datetime | None, event_end: datetime.datetime, now: datetime.datetime) -> bool:
    return first_answer is not None and aggregation_due(first_answer, event_end) <= now
