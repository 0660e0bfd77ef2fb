"""Settings read from the environment (EVENTCENTER_*), shared by every service."""
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTCENTER_", extra="ignore")

    database_url: str = "postgresql+asyncpg://registration:registration@127.0.0.1:5432/eventcenter"
    # The schema this service owns; its tables and Alembic versions live there.
    database_schema: str = "registration"
    database_pool_size: int = 10
    nats_url: str = "nats://127.0.0.1:4222"
    grpc_address: str = "127.0.0.1:50051"
    # Key that signs and verifies identity tokens (HS256); the same for gateway and services.
    identity_secret: SecretStr = Field(min_length=32)
    # Deadline applied to calls that arrive without one.
    default_deadline_seconds: float = 10.0
    shutdown_grace_seconds: float = 5.0
    log_level: str = "info"
    relay_batch_size: int = 100
    relay_idle_seconds: float = 0.2


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
