"""The gateway signs a caller's identity token once and reuses it for half its life."""
from eventcenter.services.gateway.clients import tokens as identity_tokens
from eventcenter.services.gateway.clients.tokens import IdentityTokens
from eventcenter.services.kernel.identity import Identity, verify_token

SECRET = "s" * 40


class Ticking:
    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


def test_a_token_is_reused_for_half_its_life_then_signed_anew():
    clock = Ticking()
    tokens = IdentityTokens(SECRET, now=clock)
    ada = Identity(7, "Ada", frozenset({"event-organizer"}))
    first = tokens.token(ada)
    clock.at += identity_tokens.TOKEN_REUSE_SECONDS - 1
    assert tokens.token(ada) == first
    clock.at += 2
    again = tokens.token(ada)
    assert verify_token(again, SECRET) == ada and verify_token(first, SECRET) == ada


def test_each_identity_has_its_own_token_and_the_store_stays_bounded(monkeypatch):
    monkeypatch.setattr(identity_tokens, "TOKENS_KEPT", 3)
    tokens = IdentityTokens(SECRET, now=Ticking())
    blocked = Identity(7, "Ada", frozenset(), blocked=True)
    assert verify_token(tokens.token(blocked), SECRET).blocked
    assert not verify_token(tokens.token(Identity(7, "Ada")), SECRET).blocked
    for user_id in range(10):
        assert verify_token(tokens.token(Identity(user_id, f"P{user_id}")), SECRET).user_id == user_id
    assert len(tokens.kept) <= 3


def test_the_tokens_given_to_services_live_at_most_five_minutes():
    import jwt

    from eventcenter.services.kernel import identity

    token = IdentityTokens(SECRET, now=Ticking()).token(Identity(7, "Ada"))
    claims = jwt.decode(token, SECRET, algorithms=[identity.ALGORITHM], audience=identity.AUDIENCE)
    assert claims["exp"] - claims["iat"] == identity_tokens.TOKEN_TTL_SECONDS <= identity.MAX_TOKEN_SECONDS == 300
