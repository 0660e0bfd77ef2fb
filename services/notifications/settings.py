"""The notifications service's settings (EVENTCENTER_*)."""
from pydantic import SecretStr

from eventcenter.services.kernel.settings import ServiceSettings


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
