"""What the use cases need from the outside, as interfaces: the service's own tables (lists, opt-outs, the job
queue, its copy of people's standings), the wikis, and the registration service. The adapters implement them on
PostgreSQL, MediaWiki and gRPC; the tests' fakes implement them in memory."""
import datetime
from collections.abc import Iterable
from typing import Protocol

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.invitations.domain.lists import InvitationList, ListedEditor, ListRequest
from eventcenter.services.kernel.identity import Identity, Standing
from eventcenter.services.wiki.client import PageInfo, WikiRevision, WikiUser


class InvitationLists(Protocol):
    async def create(self, owner_user_id: int, request: ListRequest, now: datetime.datetime) -> InvitationList:
        """The new list with its job queued; for a repeated request id, the list made the first time."""

    async def owned(self, list_id: int, owner_user_id: int) -> InvitationList | None:
        """The list, if it is this user's (nobody else may learn it exists)."""

    async def page_of(self, owner_user_id: int, before_id: int, size: int) -> list[InvitationList]: ...

    async def editors(self, list_id: int) -> list[ListedEditor]: ...

    async def record_progress(self, list_id: int, articles_read: int) -> None: ...

    async def finish(self, list_id: int, ranked: list[ListedEditor], now: datetime.datetime) -> InvitationList:
        """Stores the ranked editors, marks the list ready and ends its job."""


class OptOuts(Protocol):
    async def opted_out(self, user_id: int) -> bool: ...

    async def opted_out_names(self, names: list[str]) -> set[str]: ...

    async def set_opt_out(self, user_id: int, user_name: str, opted: bool, now: datetime.datetime) -> None: ...


class JobQueue(Protocol):
    async def claim(self, worker: str, now: datetime.datetime,
                    lease: datetime.timedelta) -> tuple[InvitationList, int] | None:
        """A due job whose turn it is (domain/queue.py), now this worker's: (its list, attempts) or None."""

    async def renew(self, list_id: int, worker: str, until: datetime.datetime) -> bool:
        """False when the job is no longer this worker's."""

    async def still_mine(self, list_id: int, worker: str) -> bool:
        """Holds the job for the rest of the transaction, so it cannot change hands while its result is written."""

    async def retry_later(self, list_id: int, worker: str, at: datetime.datetime) -> None: ...

    async def fail(self, list_id: int, reason: str) -> None:
        """Marks the list failed and ends its job."""


class Standings(Protocol):
    """The copy of what operators decided about people (kernel/standings.py), fed by registration's stream."""

    async def keep(self, change: events_pb2.UserStandingChanged) -> None:
        """Stores a person's newest standing; a repeated or older version changes nothing."""

    async def of(self, user_id: int) -> Standing | None: ...


class WikiReader(Protocol):
    async def pages(self, titles: Iterable[str]) -> list[PageInfo]: ...

    async def revisions(self, title: str, since: datetime.datetime, limit: int = 5000) -> list[WikiRevision]: ...

    async def revision_sizes(self, rev_ids: Iterable[int]) -> dict[int, int]: ...

    async def users(self, names: Iterable[str]) -> list[WikiUser]: ...

    async def last_edit_time(self, user_name: str) -> datetime.datetime | None: ...


class Wikis(Protocol):
    def known(self) -> set[str]: ...

    def client(self, wiki: str) -> WikiReader: ...

    async def user_page_url(self, wiki: str, user_name: str) -> str: ...


class Registration(Protocol):
    async def event(self, caller: Identity, event_id: int) -> pb.Event | None: ...

    async def organizer_ids(self, caller: Identity, event_id: int) -> set[int]: ...

    async def past_participants(self, caller: Identity) -> tuple[set[str], list[pb.Event]]: ...
