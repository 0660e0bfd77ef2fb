"""The gateway's settings: dev sign-in only in the environment named exactly "development", production by default,
and a gateway started with dev sign-in anywhere else stops at once, naming the setting."""
import secrets

import pytest
from pydantic import ValidationError

from eventcenter.services import cli
from eventcenter.services.gateway.settings import GatewaySettings

NOT_DEVELOPMENT = ["production", "prod", "Production", "staging", "Development", "development ", "dev", "test", ""]


def settings(**values) -> GatewaySettings:
    return GatewaySettings(identity_secret=secrets.token_urlsafe(32), session_secret=secrets.token_urlsafe(32),
                           **values)


def test_production_is_the_default_and_serves_no_dev_page():
    made = settings()
    assert made.environment == "production" and not made.dev_sign_in
    assert not made.dev_sign_in_served and not made.dev_mail_shown and made.cookies_secure


@pytest.mark.parametrize("environment", NOT_DEVELOPMENT)
def test_dev_sign_in_is_refused_in_every_environment_but_development(environment):
    with pytest.raises(ValidationError) as refused:
        settings(environment=environment, dev_sign_in=True)
    assert "EVENTCENTER_DEV_SIGN_IN" in str(refused.value) and "EVENTCENTER_ENVIRONMENT" in str(refused.value)


@pytest.mark.parametrize("environment", NOT_DEVELOPMENT)
def test_outside_development_no_dev_page_is_served_even_from_unchecked_settings(environment):
    unchecked = settings(environment="development", dev_sign_in=True, dev_mail_folder="/tmp").model_copy(
        update={"environment": environment})
    assert not unchecked.dev_sign_in_served and not unchecked.dev_mail_shown


def test_development_serves_dev_sign_in():
    made = settings(environment="development", dev_sign_in=True, dev_mail_folder="/tmp")
    assert made.dev_sign_in_served and made.dev_mail_shown and not made.cookies_secure


@pytest.mark.parametrize("environment", ["prod", "Production", "staging"])
def test_the_gateway_stops_at_start_naming_the_setting(monkeypatch, environment):
    monkeypatch.setenv("EVENTCENTER_ENVIRONMENT", environment)
    monkeypatch.setenv("EVENTCENTER_DEV_SIGN_IN", "true")
    monkeypatch.setenv("EVENTCENTER_IDENTITY_SECRET", secrets.token_urlsafe(32))
    monkeypatch.setenv("EVENTCENTER_SESSION_SECRET", secrets.token_urlsafe(32))
    with pytest.raises(SystemExit) as stopped:
        cli._settings_from_environment(GatewaySettings)  # what `eventcenter serve gateway` starts with
    assert "EVENTCENTER_DEV_SIGN_IN" in str(stopped.value.code) and repr(environment) in str(stopped.value.code)
