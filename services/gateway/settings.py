"""Gateway settings from the environment (EVENTCENTER_*)."""
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTCENTER_", extra="ignore")

    environment: str = "production"
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    registration_address: str = "127.0.0.1:50051"
    # Signs the short-lived tokens passed to services (the same key the services verify with).
    identity_secret: SecretStr = Field(min_length=32)
    # Signs access tokens for API clients and browser session cookies.
    session_secret: SecretStr = Field(min_length=32)
    access_token_ttl_seconds: int = 3600 * 24
    call_timeout_seconds: float = 5.0
    # `POST /dev/token` and `/dev/login`: never in production.
    dev_sign_in: bool = False
    max_body_bytes: int = 256 * 1024

    @model_validator(mode="after")
    def _no_dev_sign_in_in_production(self) -> "GatewaySettings":
        if self.dev_sign_in and self.environment == "production":
            raise ValueError("dev sign-in cannot be enabled when EVENTCENTER_ENVIRONMENT is production")
        return self
