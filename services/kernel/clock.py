"""Wall clock in UTC; tests move it forward instead of sleeping."""
import datetime


class Clock:
    def __init__(self) -> None:
        self.offset = datetime.timedelta()

    def now(self) -> datetime.datetime:
        return datetime.datetime.now(datetime.UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += datetime.timedelta(**delta)
