"""The invitations service's settings (EVENTCENTER_*)."""
from eventcenter.services.wiki.settings import WikiReaderSettings


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
