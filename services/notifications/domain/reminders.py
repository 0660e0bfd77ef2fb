"""Reminders before an event starts (pretix and Indico send them; CampaignEvents does not). Each is due at
a fixed time before the start and is sent once per start time: moving the event moves the reminder, and a
new start gets a new reminder. One whose time had already passed when it was scheduled is not sent (a
"starts in 24 hours" mail an hour before the start would mislead); one that came due while the service was
down still goes out, as long as the event has not started."""
import datetime
from dataclasses import dataclass

OFFSETS = {"24h": datetime.timedelta(hours=24), "1h": datetime.timedelta(hours=1)}
SCHEDULED, SENT, SKIPPED = "scheduled", "sent", "skipped"


@dataclass(frozen=True)
class Plan:
    offset: str
    due: datetime.datetime
    state: str


def plan(start: datetime.datetime, now: datetime.datetime) -> list[Plan]:
    return [Plan(name, start - before, SCHEDULED if start - before > now else SKIPPED)
            for name, before in OFFSETS.items()]


def still_worth_sending(start: datetime.datetime, now: datetime.datetime) -> bool:
    return now < start
