"""Settings of the services that read wikis (EVENTCENTER_*): which wikis, and how to ask them."""
from pydantic import Field

from eventcenter.services.kernel.settings import ServiceSettings


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
