"""Rate limits on writes, per signed-in user and per client address (moving one-minute windows).

Counted in this gateway's memory: with several replicas each keeps its own count, so the effective
limit is per replica (a shared storage such as Redis is a setting of the `limits` library away). The
library's synchronous memory storage is used: its calls never wait on I/O, and its asyncio twin hands
every key to a thread on each expiry pass (most of the gateway's CPU under load, with many users)."""
import math
import time

from fastapi import Request
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from eventcenter.services.gateway.access import bearer, read_access_token
from eventcenter.services.gateway.sign_in import sessions

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class WriteLimits:
    def __init__(self, per_user: int, per_address: int) -> None:
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.per_user = RateLimitItemPerMinute(per_user) if per_user > 0 else None
        self.per_address = RateLimitItemPerMinute(per_address) if per_address > 0 else None

    def retry_after(self, request: Request) -> int | None:
        """None when the write may go on; else seconds until it may."""
        if request.method not in WRITES:
            return None
        for item, key in ((self.per_user, _user_key(request)), (self.per_address, _address_key(request))):
            if item is None or key is None:
                continue
            if not self.limiter.hit(item, key):
                reset, _ = self.limiter.get_window_stats(item, key)
                return max(1, math.ceil(reset - time.time()))
        return None


def _user_key(request: Request) -> str | None:
    settings = request.app.state.settings
    token = bearer(request)
    identity = (read_access_token(token, settings.session_secret.get_secret_value()) if token
                else sessions.identity(request))
    return f"user:{identity.user_id}" if identity else None


def _address_key(request: Request) -> str | None:
    return f"address:{request.client.host}" if request.client else None
