"""Identity key rotation: tokens signed with a previous secret still verify; unknown secrets never do."""
import pytest
from pydantic import ValidationError

from eventcenter.services.kernel.identity import Identity, InvalidToken, issue_token, verify_token
from eventcenter.services.kernel.interceptors import IdentityInterceptor
from eventcenter.services.kernel.settings import IdentityKeySettings

CURRENT = "current-secret-" + "c" * 40
PREVIOUS = "previous-secret-" + "p" * 40
UNKNOWN = "unknown-secret-" + "u" * 40
ADA = Identity(1001, "Ada", frozenset({"event-organizer"}))


def test_token_signed_with_a_previous_secret_still_verifies():
    assert verify_token(issue_token(ADA, PREVIOUS), CURRENT, [PREVIOUS]) == ADA


def test_token_signed_with_the_current_secret_verifies_during_a_rotation():
    assert verify_token(issue_token(ADA, CURRENT), CURRENT, [PREVIOUS]) == ADA


def test_token_signed_with_an_unknown_secret_is_refused():
    with pytest.raises(InvalidToken):
        verify_token(issue_token(ADA, UNKNOWN), CURRENT, [PREVIOUS])


def test_expired_token_signed_with_a_previous_secret_is_refused():
    with pytest.raises(InvalidToken):
        verify_token(issue_token(ADA, PREVIOUS, ttl_seconds=-1), CURRENT, [PREVIOUS])


def test_previous_secrets_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("EVENTCENTER_IDENTITY_PREVIOUS_SECRETS", f'["{PREVIOUS}"]')
    interceptor = IdentityInterceptor(CURRENT)
    assert interceptor.previous_secrets == (PREVIOUS,)
    assert verify_token(issue_token(ADA, PREVIOUS), interceptor.secret, interceptor.previous_secrets) == ADA


def test_no_previous_secrets_by_default(monkeypatch):
    monkeypatch.delenv("EVENTCENTER_IDENTITY_PREVIOUS_SECRETS", raising=False)
    assert IdentityInterceptor(CURRENT).previous_secrets == ()


def test_short_previous_secret_is_refused(monkeypatch):
    monkeypatch.setenv("EVENTCENTER_IDENTITY_PREVIOUS_SECRETS", '["too-short"]')
    with pytest.raises(ValidationError):
        IdentityKeySettings()
