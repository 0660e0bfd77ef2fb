"""An invitation list as the use cases see it: what its owner asked for, how far its job got, and the ranked
editors of a ready one. Plain records, filled by the adapters."""
import datetime
from dataclasses import dataclass, field

PENDING, READY, FAILED = "pending", "ready", "failed"


@dataclass(frozen=True)
class ListRequest:
    """A new list as its owner asked for it, the worklist already checked with the wikis."""
    name: str
    event_id: int | None
    articles: list[dict[str, str]]  # [{"wiki": ..., "title": ...}], titles as the wiki normalised them
    candidates: list[str] | None  # with past participants: only they may be listed
    activity_wikis: list[str]  # without a worklist: the wikis past participants' activity is read on
    request_id: str | None  # the caller's idempotency key


@dataclass(frozen=True)
class InvitationList:
    id: int
    owner_user_id: int
    name: str
    event_id: int | None
    articles: list[dict[str, str]]
    from_past_participants: bool
    candidates: list[str] | None
    activity_wikis: list[str]
    state: str
    articles_read: int
    articles_total: int
    create_time: datetime.datetime
    failure: str = ""
    request_id: str | None = None
    ready_time: datetime.datetime | None = None


@dataclass(frozen=True)
class ListedEditor:
    """One editor of a ready list, best first."""
    user_name: str
    score: int
    user_page_url: str


@dataclass(frozen=True)
class ListPage:
    """A page of the owner's lists, newest first; `next_page_token` is empty on the last page."""
    lists: list[InvitationList] = field(default_factory=list)
    next_page_token: str = ""
