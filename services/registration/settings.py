"""The registration service's settings (EVENTCENTER_*)."""
from eventcenter.services.kernel.settings import ServiceSettings


class RegistrationSettings(ServiceSettings):
    # How often the answer-retention job runs inside the service.
    retention_interval_seconds: float = 3600.0
