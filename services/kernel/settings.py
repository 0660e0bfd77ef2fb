"""Settings read from the environment (EVENTCENTER_*), shared by every service."""
from typing import Annotated

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class StreamSettings(BaseSettings):
    """Read where the stream is made (bus.StreamConnection), whatever the service."""
    model_config = SettingsConfigDict(env_prefix="EVENTCENTER_", extra="ignore")

    # Copies of the EVENTCENTER stream (its consumers inherit it): 3 on a 3-node NATS cluster, 1 on one server.
    stream_replicas: int = Field(1, ge=1, le=5)
    # How long the stream keeps a message (longer than its one-day duplicate window). Every event is first an
    # outbox row, and consumers keep what they need; but `eventcenter collaboration rebuild` replays only what
    # the stream still holds, so it refuses once older messages are gone.
    stream_max_age_days: int = Field(365, ge=2)


class IdentityKeySettings(BaseSettings):
    """Read where tokens are verified (the identity interceptor), whatever the service."""
    model_config = SettingsConfigDict(env_prefix="EVENTCENTER_", extra="ignore")

    # Earlier identity secrets, still accepted while a key rotation rolls out; never used to sign. A JSON list:
    # EVENTCENTER_IDENTITY_PREVIOUS_SECRETS='["the old secret"]' (docs/operations.md).
    identity_previous_secrets: list[Annotated[SecretStr, Field(min_length=32)]] = Field(default_factory=list)


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTCENTER_", extra="ignore")

    database_url: str = "postgresql+asyncpg://registration:registration@127.0.0.1:5432/eventcenter"
    # The schema this service owns; its tables and Alembic versions live there.
    database_schema: str = "registration"
    database_pool_size: int = 10
    nats_url: str = "nats://127.0.0.1:4222"
    # The service's own NATS user (kernel/nats_access.py: its own subjects and consumers only); empty: a NATS
    # without authentication. With a tls:// URL, the CA that signed the servers' certificates (empty: the
    # system's).
    nats_user: str = ""
    nats_password: SecretStr = SecretStr("")
    nats_tls_ca_file: str = ""
    grpc_address: str = "127.0.0.1:50051"
    # Key that signs and verifies identity tokens (HS256); the same for gateway and services.
    identity_secret: SecretStr = Field(min_length=32)
    # Deadline applied to calls that arrive without one.
    default_deadline_seconds: float = 10.0
    shutdown_grace_seconds: float = 5.0
    log_level: str = "info"
    relay_batch_size: int = 100
    relay_idle_seconds: float = 0.2
    # Pruning (kernel/pruning.py), this often: outbox rows this many days after they were published (never
    # before), and handled message ids this many hours after they were handled: at least the stream's
    # 24-hour duplicate window, within which the relay's republished copies are dropped by the stream itself.
    prune_interval_seconds: float = Field(3600.0, gt=0)
    outbox_retention_days: float = Field(7.0, ge=1)
    processed_retention_hours: float = Field(48.0, ge=24)
    # Prometheus /metrics on a side port, e.g. "0.0.0.0:9090"; empty: not served.
    metrics_address: str = ""
    # OTLP endpoint traces are exported to, e.g. "http://otel-collector:4318"; empty: the standard
    # OTEL_EXPORTER_OTLP_ENDPOINT if set, else traces are not exported.
    otlp_endpoint: str = ""


class RegistrationSettings(ServiceSettings):
    # How often the answer-retention job runs inside the service.
    retention_interval_seconds: float = 3600.0


class CollaborationSettings(ServiceSettings):
    database_url: str = "postgresql+asyncpg://collaboration:collaboration@127.0.0.1:5432/eventcenter"
    database_schema: str = "collaboration"
    grpc_address: str = "127.0.0.1:50052"
    # Signs list page tokens so that forged ones are refused.
    page_token_secret: SecretStr = Field(min_length=32)
    consumer_name: str = "collaboration-list"
    wikidata_sparql_url: str = "https://query.wikidata.org/sparql"
    wikidata_api_url: str = "https://www.wikidata.org/w/api.php"
    # Wikimedia asks clients to say who they are and how to reach the operator.
    user_agent: str = "EventCenter/0.1 (https://github.com/eventcenter; operators@example.org) httpx"


class NotificationsSettings(ServiceSettings):
    database_url: str = "postgresql+asyncpg://notifications:notifications@127.0.0.1:5432/eventcenter"
    database_schema: str = "notifications"
    grpc_address: str = "127.0.0.1:50054"
    consumer_name: str = "notifications"
    # Where links in messages point: the gateway's public address.
    public_url: str = "http://127.0.0.1:8080"
    mail_from: str = "Event Center <no-reply@eventcenter.invalid>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_start_tls: bool = False
    smtp_timeout_seconds: float = 10.0
    # SMTP sessions kept open and used at once: the fan-out's parallelism.
    smtp_connections: int = 8
    delivery_batch_size: int = 200
    delivery_idle_seconds: float = 0.5
    # How long a claimed delivery stays with its worker before another may take it.
    delivery_lease_seconds: float = 60.0
    delivery_max_attempts: int = 8
    delivery_first_retry_seconds: float = 30.0
    reminder_interval_seconds: float = 15.0


class WikiReaderSettings(ServiceSettings):
    """For services that read wikis (worklists, tracked edits)."""
    # Event Center's wiki id -> the wiki's Action API (JSON, e.g.
    # EVENTCENTER_WIKIS='{"enwiki": "https://en.wikipedia.org/w/api.php"}').
    wikis: dict[str, str] = Field(default_factory=dict)
    # Wikimedia asks clients to say who they are and how to reach the operator.
    user_agent: str = "EventCenter/0.1 (https://github.com/eventcenter; operators@example.org) httpx"
    # Requests to one wiki at once, and how long the wiki may lag before it asks us to wait.
    wiki_concurrency: int = 4
    wiki_maxlag_seconds: int = 5


class InvitationsSettings(WikiReaderSettings):
    database_url: str = "postgresql+asyncpg://invitations:invitations@127.0.0.1:5432/eventcenter"
    database_schema: str = "invitations"
    grpc_address: str = "127.0.0.1:50053"
    # Registration, to check the event a list is for and to find past participants.
    registration_address: str = "127.0.0.1:50051"
    # The durable consumer of registration's stream (what operators decided about people).
    consumer_name: str = "invitations"
    # Jobs one replica runs at once; how long a job stays with its worker without a sign of life.
    worker_jobs: int = 2
    job_lease_seconds: float = 60.0
    worker_idle_seconds: float = 1.0
    job_max_attempts: int = 5


class ContributionsSettings(WikiReaderSettings):
    database_url: str = "postgresql+asyncpg://contributions:contributions@127.0.0.1:5432/eventcenter"
    database_schema: str = "contributions"
    grpc_address: str = "127.0.0.1:50055"
    consumer_name: str = "contributions"
    # Programs & Events Dashboard sync: each call's timeout, and the first delay before a failed sync is tried
    # again (doubling, at most 5 minutes; a new change of the participants tries at once).
    dashboard_timeout_seconds: float = 5.0
    dashboard_retry_seconds: float = 30.0
    # The Dashboards organizers may link courses on (base URLs, a JSON list): course secrets and participants'
    # names are sent nowhere else. Wikimedia's Programs & Events Dashboard unless the operator says otherwise.
    dashboard_urls: list[str] = Field(default_factory=lambda: ["https://outreachdashboard.wmflabs.org"])
    # How often each event's worklist edits are read while it gathers them.
    gather_interval_seconds: float = 60.0
    # How often associated revisions are checked against their wikis (deleted, hidden, moved), how many a
    # pass takes at once, and for how long after an event's end its revisions are still checked.
    revision_check_seconds: float = 600.0
    revision_check_batch: int = 500
    revision_check_days: int = 30
