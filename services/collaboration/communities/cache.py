"""A small time-to-live cache, per replica (docs/rules.md: ids a week, entities an hour)."""
import time
from collections.abc import Callable


class TtlCache:
    def __init__(self, ttl_seconds: float, clock: Callable[[], float] = time.monotonic, max_entries: int = 10_000):
        self.ttl, self.clock, self.max_entries = ttl_seconds, clock, max_entries
        self.entries: dict[str, tuple[float, object]] = {}

    def get(self, key: str) -> object | None:
        found = self.entries.get(key)
        if found is None or found[0] <= self.clock():
            self.entries.pop(key, None)
            return None
        return found[1]

    def put(self, key: str, value: object) -> None:
        if len(self.entries) >= self.max_entries:
            self.entries.pop(next(iter(self.entries)))  # the oldest insertion goes first
        self.entries[key] = (self.clock() + self.ttl, value)
