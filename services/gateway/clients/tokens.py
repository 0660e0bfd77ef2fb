"""The caller's signed identity token that each service call carries, signed once and reused for a while."""
import time

from eventcenter.services.kernel.identity import Identity, issue_token

# A caller's identity token is signed once and reused for half its life (most pages make several calls).
TOKEN_TTL_SECONDS, TOKEN_REUSE_SECONDS, TOKENS_KEPT = 60, 30, 10_000


class IdentityTokens:
    """Signed identity tokens by identity, each reused until half its time to live has passed."""

    def __init__(self, secret: str, now=time.monotonic) -> None:
        self.secret, self.now = secret, now
        self.kept: dict[Identity, tuple[float, str]] = {}

    def token(self, identity: Identity) -> str:
        now = self.now()
        found = self.kept.get(identity)
        if found is not None and now - found[0] < TOKEN_REUSE_SECONDS:
            return found[1]
        if len(self.kept) >= TOKENS_KEPT:
            self.kept.clear()  # simpler than an LRU, and rare: only more distinct callers than this in 30 s
        token = issue_token(identity, self.secret, ttl_seconds=TOKEN_TTL_SECONDS)
        self.kept[identity] = (now, token)
        return token
