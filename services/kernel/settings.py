"""Settings read from the environment (EVENTCENTER_*) that every service shares; each service's own live in its
settings.py, on top of ServiceSettings."""
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
