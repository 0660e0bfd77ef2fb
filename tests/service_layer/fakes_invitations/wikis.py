"""Wikis with edit histories, in memory, behind the Wikis port; and makers of their revisions and users."""
import datetime
from dataclasses import dataclass, field

from eventcenter.services.wiki.client import MAIN_NAMESPACE, PageInfo, WikiError, WikiRevision, WikiUser
from tests.service_layer.fakes_invitations.unit_of_work import START


def title_of(asked: str) -> str:
    """A title as MediaWiki normalises it: spaces for underscores, the first letter upper case."""
    title = asked.replace("_", " ").strip()
    return title[:1].upper() + title[1:]


@dataclass
class FakeWiki:
    """One wiki: its pages (title: namespace), their revisions newest first, its users and when they last edited.
    `broken` makes every read fail, as a wiki that cannot be reached."""
    pages: dict[str, int] = field(default_factory=dict)
    revisions: dict[str, list[WikiRevision]] = field(default_factory=dict)
    users_by_name: dict[str, WikiUser] = field(default_factory=dict)
    last_edits: dict[str, datetime.datetime] = field(default_factory=dict)
    broken: bool = False

    def _check(self) -> None:
        if self.broken:
            raise WikiError("HTTP 503 from the fake wiki")

    async def pages_info(self, titles) -> list[PageInfo]:
        self._check()
        return [PageInfo(title_of(t), t, None if "[" in t else self.pages.get(title_of(t), MAIN_NAMESPACE),
                         title_of(t) in self.pages) for t in titles]

    async def revisions_of(self, title: str, since: datetime.datetime, limit: int) -> list[WikiRevision]:
        self._check()
        return [r for r in self.revisions.get(title, []) if r.timestamp >= since][:limit]

    async def revision_sizes(self, rev_ids) -> dict[int, int]:
        self._check()
        sizes = {r.rev_id: r.size for page in self.revisions.values() for r in page}
        return {i: sizes[i] for i in rev_ids if i in sizes}

    async def users(self, names) -> list[WikiUser]:
        self._check()
        return [self.users_by_name.get(n, WikiUser(n, 0, frozenset(), False, False, missing=True)) for n in names]

    async def last_edit_time(self, user_name: str) -> datetime.datetime | None:
        self._check()
        return self.last_edits.get(user_name)


class FakeWikiClient:
    """The WikiReader port over one FakeWiki."""

    def __init__(self, wiki: FakeWiki) -> None:
        self.wiki = wiki

    async def pages(self, titles) -> list[PageInfo]:
        return await self.wiki.pages_info(list(titles))

    async def revisions(self, title: str, since: datetime.datetime, limit: int = 5000) -> list[WikiRevision]:
        return await self.wiki.revisions_of(title, since, limit)

    async def revision_sizes(self, rev_ids) -> dict[int, int]:
        return await self.wiki.revision_sizes(list(rev_ids))

    async def users(self, names) -> list[WikiUser]:
        return await self.wiki.users(list(names))

    async def last_edit_time(self, user_name: str) -> datetime.datetime | None:
        return await self.wiki.last_edit_time(user_name)


class FakeWikis:
    def __init__(self, **wikis: FakeWiki) -> None:
        self.wikis = wikis

    def known(self) -> set[str]:
        return set(self.wikis)

    def client(self, wiki: str) -> FakeWikiClient:
        return FakeWikiClient(self.wikis[wiki])

    async def user_page_url(self, wiki: str, user_name: str) -> str:
        return f"https://{wiki}.example/wiki/User:{user_name.replace(' ', '_')}"


def revision(rev_id: int, user: str, size: int, days_ago: float, parent_id: int = 0, **facts) -> WikiRevision:
    """A revision `days_ago` before START; `facts` may say anonymous, temporary, hidden or give tags."""
    return WikiRevision(rev_id, parent_id, user, rev_id, START - datetime.timedelta(days=days_ago), size,
                        frozenset(facts.get("tags", ())), facts.get("anonymous", False),
                        facts.get("temporary", False), facts.get("hidden", False))


def editor(name: str, edit_count: int = 2000, *groups: str, blocked_indefinitely: bool = False) -> WikiUser:
    return WikiUser(name, edit_count, frozenset(groups), blocked_indefinitely, blocked_indefinitely)
