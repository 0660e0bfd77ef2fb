"""Identity tokens: signed JWTs naming the caller, their rights and block state."""
import time
import uuid

import jwt
import pytest
from jwt.algorithms import HMACAlgorithm

from eventcenter.services.kernel import identity as ident
from eventcenter.services.kernel.identity import (
    ANONYMOUS,
    MAX_TOKEN_SECONDS,
    NO_STANDING,
    RIGHT_ADMIN,
    RIGHT_ORGANIZER,
    Identity,
    InvalidToken,
    Standing,
    bearer_metadata,
    issue_token,
    verify_token,
)

SECRET = "unit-test-secret-" + "x" * 40
ALICE = Identity(42, "Alice", frozenset({RIGHT_ORGANIZER, RIGHT_ADMIN}), blocked=True)


def forged(secret=SECRET, **changes) -> str:
    now = int(time.time())
    claims = {"sub": "42", "name": "Alice", "rights": [], "blocked": False, "iat": now, "exp": now + 60,
              "aud": ident.AUDIENCE, "iss": ident.ISSUER}
    claims.update(changes)
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, secret, algorithm=ident.ALGORITHM)


@pytest.mark.parametrize(
    "who", [ALICE, Identity(7, "Bob"), Identity(8, "Zoë 李")], ids=["rights-blocked", "plain", "unicode"]
)
def test_token_round_trip_keeps_the_identity(who):
    assert verify_token(issue_token(who, SECRET), SECRET) == who


def test_expired_token_is_refused():
    with pytest.raises(InvalidToken):
        verify_token(issue_token(ALICE, SECRET, ttl_seconds=-1), SECRET)


def test_token_signed_with_another_secret_is_refused():
    with pytest.raises(InvalidToken):
        verify_token(issue_token(ALICE, "another-secret-" + "y" * 40), SECRET)


@pytest.mark.parametrize("changes", [
    {"aud": "someone-else"}, {"aud": None}, {"iss": "elsewhere"}, {"iss": None}, {"exp": None}, {"sub": None},
    {"sub": "not-a-number"}, {"iat": None}, {"iat": int(time.time()) - MAX_TOKEN_SECONDS},
], ids=["wrong-audience", "no-audience", "wrong-issuer", "no-issuer", "no-expiry", "no-subject", "bad-subject",
        "no-issue-time", "lives-too-long"])
def test_token_with_wrong_or_missing_claims_is_refused(changes):
    with pytest.raises(InvalidToken):
        verify_token(forged(**changes), SECRET)


def test_forged_claims_verify_when_everything_is_right():
    assert verify_token(forged(), SECRET) == Identity(42, "Alice")


@pytest.mark.parametrize(
    "token", ["", "garbage", jwt.encode({"sub": "1"}, None, algorithm="none")], ids=["empty", "garbage", "alg-none"]
)
def test_malformed_or_unsigned_token_is_refused(token):
    with pytest.raises(InvalidToken):
        verify_token(token, SECRET)


def test_anonymous_is_user_zero():
    assert ANONYMOUS.anonymous and not Identity(1, "A").anonymous


def test_a_token_lives_at_most_five_minutes():
    assert MAX_TOKEN_SECONDS == 300
    token = issue_token(ALICE, SECRET)
    claims = jwt.decode(token, SECRET, algorithms=[ident.ALGORITHM], audience=ident.AUDIENCE)
    assert claims["exp"] - claims["iat"] == MAX_TOKEN_SECONDS
    with pytest.raises(ValueError):
        issue_token(ALICE, SECRET, ttl_seconds=MAX_TOKEN_SECONDS + 1)
    assert verify_token(forged(exp=int(time.time()) + MAX_TOKEN_SECONDS), SECRET) == Identity(42, "Alice")


def test_granted_rights_and_a_block_are_added_to_the_token():
    base = Identity(3, "C", frozenset({RIGHT_ORGANIZER}))
    merged = base.with_standing(Standing(granted=frozenset({RIGHT_ADMIN}), blocked=True))
    assert merged == Identity(3, "C", frozenset({RIGHT_ORGANIZER, RIGHT_ADMIN}), blocked=True)


def test_a_revoked_right_is_taken_away_whatever_the_token_says():
    wiki_organizer = Identity(3, "C", frozenset({RIGHT_ORGANIZER, RIGHT_ADMIN}))
    revoked = wiki_organizer.with_standing(Standing(revoked=frozenset({RIGHT_ORGANIZER})))
    assert revoked.rights == {RIGHT_ADMIN} and not revoked.blocked
    # Granted and revoked at once cannot come from registration; were it so, the denial would win.
    assert not Identity(3, "C").with_standing(Standing(frozenset({RIGHT_ORGANIZER}),
                                                       frozenset({RIGHT_ORGANIZER}))).has(RIGHT_ORGANIZER)


def test_no_stored_standing_unblocks_a_token_nor_changes_it():
    blocked = Identity(3, "C", frozenset({RIGHT_ORGANIZER}), blocked=True)
    assert blocked.with_standing(NO_STANDING) == blocked
    assert blocked.with_standing(Standing(granted=frozenset({RIGHT_ORGANIZER}), blocked=False)).blocked


def test_bearer_metadata():
    assert bearer_metadata("abc") == (("authorization", "Bearer abc"),)


def test_each_secret_is_checked_once_however_many_tokens_use_it(monkeypatch):
    checks = []
    check = HMACAlgorithm.prepare_key

    def counted(self, key):
        checks.append(key)
        return check(self, key)
    monkeypatch.setattr(HMACAlgorithm, "prepare_key", counted)
    secret = f"secret-{uuid.uuid4().hex}"
    for _ in range(3):
        assert verify_token(issue_token(ALICE, secret), secret) == ALICE
    assert checks == [secret]


def test_a_public_key_as_the_secret_is_refused_every_time():
    pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
    for _ in range(2):
        with pytest.raises(jwt.InvalidKeyError):
            issue_token(ALICE, pem)
