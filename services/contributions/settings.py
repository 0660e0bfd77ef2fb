"""The contributions service's settings (EVENTCENTER_*)."""
from pydantic import Field

from eventcenter.services.wiki.settings import WikiReaderSettings


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
