"""Rate limits on writes, per signed-in user and per client address (one-minute sliding windows).

Counted in this gateway's memory: with several replicas each keeps its own count, so the effective limit is per
replica. The count is the sliding window counter (as Cloudflare's and `limits`' "sliding window" strategy): this
minute's hits plus last minute's, weighted by how much of last minute the window still covers. A hit costs two
dictionary lookups, and a minute's counts are dropped whole when the next one starts. (`limits`' memory storage,
used before, scanned every key from a timer thread every 10 ms: most of the gateway's CPU with many users.)"""
import math
import time
from collections.abc import Callable

from starlette.requests import Request

from eventcenter.services.gateway.access import bearer, bearer_identity
from eventcenter.services.gateway.sign_in import sessions

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class SlidingWindow:
    def __init__(self, limit: int, period: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.period, self.clock = limit, period, clock
        self.window = math.floor(clock() / period)
        self.current: dict[str, int] = {}
        self.previous: dict[str, int] = {}

    def hit(self, key: str) -> float | None:
        """Counts the hit and returns None when it is within the limit; else seconds until one would be (and the
        refused hit is not counted)."""
        now = self.clock()
        window = math.floor(now / self.period)
        if window != self.window:
            self.previous = self.current if window == self.window + 1 else {}
            self.current, self.window = {}, window
        elapsed = now / self.period - window  # share of this minute gone by
        current, previous = self.current.get(key, 0), self.previous.get(key, 0)
        if previous * (1 - elapsed) + current + 1 <= self.limit:
            self.current[key] = current + 1
            return None
        if current + 1 > self.limit or previous == 0:  # only the next minute frees room
            return (1 - elapsed) * self.period
        # Room comes as last minute's weight shrinks: previous × (1 − e) + current + 1 ≤ limit.
        return max(0.0, (1 - (self.limit - current - 1) / previous) - elapsed) * self.period


class WriteLimits:
    def __init__(self, per_user: int, per_address: int) -> None:
        self.per_user = SlidingWindow(per_user) if per_user > 0 else None
        self.per_address = SlidingWindow(per_address) if per_address > 0 else None

    def retry_after(self, request: Request) -> int | None:
        """None when the write may go on; else whole seconds until it may."""
        if request.method not in WRITES:
            return None
        for window, key in ((self.per_user, _user_key), (self.per_address, _address_key)):
            if window is None or (name := key(request)) is None:
                continue
            wait = window.hit(name)
            if wait is not None:
                return max(1, math.ceil(wait))
        return None


def _user_key(request: Request) -> str | None:
    identity = bearer_identity(request) if bearer(request) else sessions.identity(request)
    return f"user:{identity.user_id}" if identity else None


def _address_key(request: Request) -> str | None:
    return f"address:{request.client.host}" if request.client else None
