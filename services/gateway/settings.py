"""Gateway settings from the environment (EVENTCENTER_*)."""
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The one environment where dev sign-in and the /dev/* pages exist; any other value is treated as production.
DEVELOPMENT = "development"


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTCENTER_", extra="ignore")

    environment: str = "production"
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    registration_address: str = "127.0.0.1:50051"
    collaboration_address: str = "127.0.0.1:50052"
    # Contacts, preferences and the inbox; pages work without it (no unread badge), sign-in too.
    notifications_address: str = "127.0.0.1:50054"
    # Invitation lists and the invitation opt-out; pages work without it (the preferences leave out the switch).
    invitations_address: str = "127.0.0.1:50053"
    # Edits associated with events, metrics and goals; other pages work without it (its pages answer 503 then).
    contributions_address: str = "127.0.0.1:50055"
    # The wiki of a worklist title that names none ("Title" rather than "enwiki:Title"), unless the caller says.
    default_wiki: str = "enwiki"
    # Signs the short-lived tokens passed to services (the same key the services verify with).
    identity_secret: SecretStr = Field(min_length=32)
    # Signs access tokens for API clients and browser session cookies.
    session_secret: SecretStr = Field(min_length=32)
    access_token_ttl_seconds: int = 3600 * 24
    # Where the sessions ended by signing out are kept for every replica (a JetStream key-value bucket).
    nats_url: str = "nats://127.0.0.1:4222"
    # The gateway's own NATS user (kernel/nats_access.py: that bucket only); empty: a NATS without
    # authentication. With a tls:// URL, the CA that signed the servers' certificates (empty: the system's).
    nats_user: str = ""
    nats_password: SecretStr = SecretStr("")
    nats_tls_ca_file: str = ""
    call_timeout_seconds: float = 5.0
    # `POST /dev/token` and `/dev/login`, where anyone may sign in as anyone: only when the environment is exactly
    # "development"; on anywhere else, the gateway refuses to start.
    dev_sign_in: bool = False
    max_body_bytes: int = 256 * 1024
    # Session cookies are sent over HTTPS only, except in development on plain loopback HTTP.
    secure_cookies: bool | None = None
    # Sign-in through a MediaWiki OAuth 2.0 provider, e.g. https://meta.wikimedia.org/w/rest.php
    oauth_provider_url: str = ""
    oauth_client_id: str = ""
    oauth_client_secret: SecretStr = SecretStr("")
    # Where the provider sends people back; defaults to this gateway's /auth/callback as requested.
    oauth_redirect_url: str = ""
    # How long an idle client connection stays open. Longer than clients and proxies keep theirs (httpx 5 s,
    # browsers and ingress controllers up to 60 s), so that they close it first: a server closing a connection
    # just as a client sends on it fails that request.
    http_keep_alive_seconds: float = 75.0
    # A request's head (request line and headers) must arrive within this, or its connection is closed: a client
    # trickling header lines holds no connection for long.
    http_head_timeout_seconds: float = Field(10.0, gt=0)
    # Connections open at once; one more is closed on arrival (and requests in progress past this answer 503).
    http_max_connections: int = Field(1000, ge=1)
    # Proxies (e.g. the ingress) whose X-Forwarded-For names the real client, for per-address limits.
    forwarded_allow_ips: str = "127.0.0.1"
    # Writes per minute, per signed-in user and per client address; 0 turns a limit off.
    user_writes_per_minute: int = 60
    address_writes_per_minute: int = 300
    # Development only: the dev stack's mail sink folder (*.eml), shown at /dev/mail. Empty: no such page.
    dev_mail_folder: str = ""
    # Prometheus /metrics on a side port, e.g. "0.0.0.0:9090"; empty: not served.
    metrics_address: str = ""
    # OTLP endpoint traces are exported to, e.g. "http://otel-collector:4318"; empty: the standard
    # OTEL_EXPORTER_OTLP_ENDPOINT if set, else traces are not exported.
    otlp_endpoint: str = ""

    @property
    def cookies_secure(self) -> bool:
        return self.secure_cookies if self.secure_cookies is not None else not self.development

    @property
    def nats_credentials(self) -> dict[str, str]:
        """bus.connect's user, password and tls_ca_file."""
        return {"user": self.nats_user, "password": self.nats_password.get_secret_value(),
                "tls_ca_file": self.nats_tls_ca_file}

    @property
    def development(self) -> bool:
        return self.environment == DEVELOPMENT

    @property
    def dev_sign_in_served(self) -> bool:
        """Asked where the routes are mounted too, so that settings made without validation (model_copy,
        model_construct) never serve it outside development either."""
        return self.dev_sign_in and self.development

    @property
    def dev_mail_shown(self) -> bool:
        return self.development and bool(self.dev_mail_folder)

    @property
    def oauth_configured(self) -> bool:
        return bool(self.oauth_provider_url and self.oauth_client_id)

    @model_validator(mode="after")
    def _dev_sign_in_only_in_development(self) -> "GatewaySettings":
        # Exactly "development": "prod", "Production" or "staging" are not, and a typo must not open dev sign-in.
        if self.dev_sign_in and not self.development:
            raise ValueError(f"EVENTCENTER_DEV_SIGN_IN is on but EVENTCENTER_ENVIRONMENT is {self.environment!r}: "
                             f"dev sign-in lets anyone sign in as anyone, so it is allowed only when the "
                             f"environment is exactly {DEVELOPMENT!r}; turn EVENTCENTER_DEV_SIGN_IN off")
        return self
