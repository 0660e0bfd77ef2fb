"""An async MediaWiki Action API client (httpx): query continuation, `maxlag`, a descriptive User-Agent, bounded
concurrency per wiki, retries with backoff on 429, 503 and lag; pages, revisions and users as plain data.

Shared by the services that read wikis (invitations, contributions)."""
import asyncio
import datetime
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

import httpx
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from eventcenter.services.wiki.wikitext import wikitext_links

MAIN_NAMESPACE = 0
BATCH = 50  # titles, revision ids or user names per request (the API's limit for most clients)
REVERT_TAGS = frozenset({"mw-reverted", "mw-rollback", "mw-undo", "mw-manual-revert"})


class WikiError(Exception):
    """The wiki answered with an error this client cannot get past (or did not answer after every retry)."""


class _TryAgain(Exception):
    """A 429 or 503, or the wiki's replicas lag: worth another try after a pause."""

    def __init__(self, reason: str, wait: float = 0.0) -> None:
        super().__init__(reason)
        self.wait = wait


@dataclass(frozen=True)
class PageInfo:
    title: str  # as the wiki normalises it
    asked: str  # as the caller wrote it
    namespace: int | None  # None when the title is invalid
    exists: bool


@dataclass(frozen=True)
class WikiRevision:
    rev_id: int
    parent_id: int
    user: str
    user_id: int
    timestamp: datetime.datetime
    size: int
    tags: frozenset[str]
    anonymous: bool
    temporary: bool
    hidden: bool  # the user, the content or the summary was deleted from public view


@dataclass(frozen=True)
class WikiUser:
    name: str
    edit_count: int
    groups: frozenset[str]
    blocked: bool
    blocked_indefinitely: bool
    missing: bool = False


@dataclass(frozen=True)
class RevisionDetails:
    """One revision with what it changed against its parent (for the contributions service)."""
    rev_id: int
    parent_id: int  # 0: the revision created the page
    title: str
    namespace: int
    user: str  # "" when hidden
    user_id: int
    timestamp: datetime.datetime
    size: int
    parent_size: int
    links_added: int
    links_removed: int
    hidden: bool  # the user or the text is hidden from public view

    @property
    def page_created(self) -> bool:
        return self.parent_id == 0

    @property
    def bytes_delta(self) -> int:
        return self.size - self.parent_size


@dataclass(frozen=True)
class RevisionState:
    """Where a revision stands now: its page (after any move) and whether its user or text is hidden."""
    rev_id: int
    title: str
    namespace: int
    hidden: bool


@dataclass(frozen=True)
class UserEdit:
    """One line of a user's contributions (list=usercontribs)."""
    rev_id: int
    user: str
    title: str
    namespace: int
    timestamp: datetime.datetime


def parse_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def api_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _main_text(revision: dict) -> str | None:
    slot = revision.get("slots", {}).get("main", {})
    return None if "texthidden" in slot or "content" not in slot else slot["content"]


def _revision(data: dict) -> WikiRevision:
    return WikiRevision(
        rev_id=data["revid"], parent_id=data.get("parentid", 0), user=data.get("user", ""),
        user_id=data.get("userid", 0), timestamp=parse_time(data["timestamp"]), size=data.get("size", 0),
        tags=frozenset(data.get("tags", ())), anonymous="anon" in data, temporary="temp" in data,
        hidden=any(flag in data for flag in ("userhidden", "texthidden", "sha1hidden", "commenthidden", "suppressed")))


class MediaWikiClient:
    """One client per wiki API endpoint; `concurrency` requests at once at most."""

    def __init__(self, api_url: str, user_agent: str, concurrency: int = 4, maxlag: int = 5, attempts: int = 6,
                 timeout: float = 30.0, http: httpx.AsyncClient | None = None) -> None:
        self.api_url = api_url
        self.maxlag = maxlag
        self.attempts = attempts
        self.slots = asyncio.Semaphore(concurrency)
        self.http = http or httpx.AsyncClient(timeout=timeout, headers={"User-Agent": user_agent})

    async def close(self) -> None:
        await self.http.aclose()

    async def _once(self, params: dict) -> dict:
        async with self.slots:
            answer = await self.http.get(self.api_url, params=params)
        if answer.status_code in (429, 503):
            raise _TryAgain(f"HTTP {answer.status_code}", float(answer.headers.get("retry-after", "0") or 0))
        if answer.status_code != 200:
            raise WikiError(f"HTTP {answer.status_code} from {self.api_url}")
        data = answer.json()
        error = data.get("error")
        if error and error.get("code") == "maxlag":
            raise _TryAgain("maxlag", float(answer.headers.get("retry-after", "1") or 1))
        if error:
            raise WikiError(f"{error.get('code')}: {error.get('info')}")
        return data

    async def call(self, **params: object) -> dict:
        """One API request (format=json, formatversion=2, maxlag), retried while the wiki asks to wait."""
        params = {"format": "json", "formatversion": "2", "maxlag": self.maxlag, **params}
        retrying = AsyncRetrying(retry=retry_if_exception_type((_TryAgain, httpx.TransportError)),
                                 wait=_wait_as_told, stop=stop_after_attempt(self.attempts), reraise=True)
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._once(params)
        except (_TryAgain, httpx.TransportError) as error:
            raise WikiError(f"{self.api_url} did not answer: {error!r}") from error
        raise AssertionError("unreachable")

    async def query(self, **params: object) -> AsyncIterator[dict]:
        """Every page of a query, following `continue`."""
        following: dict = {}
        while True:
            data = await self.call(action="query", **params, **following)
            yield data.get("query", {})
            if "continue" not in data:
                return
            following = data["continue"]

    async def site(self) -> dict:
        """server, articlepath and the like (meta=siteinfo)."""
        return (await self.call(action="query", meta="siteinfo"))["query"]["general"]

    async def pages(self, titles: Iterable[str]) -> list[PageInfo]:
        """Existence and namespace of each title, in the order asked."""
        titles = list(titles)
        found: dict[str, PageInfo] = {}
        for start in range(0, len(titles), BATCH):
            chunk = titles[start:start + BATCH]
            data = (await self.call(action="query", titles="|".join(chunk)))["query"]
            renamed = {n["from"]: n["to"] for n in data.get("normalized", ())}
            by_title = {p["title"]: p for p in data.get("pages", ())}
            for asked in chunk:
                page = by_title.get(renamed.get(asked, asked))
                if page is None or "invalid" in page:
                    found[asked] = PageInfo(asked, asked, None, False)
                else:
                    found[asked] = PageInfo(page["title"], asked, page["ns"], "missing" not in page)
        return [found[t] for t in titles]

    async def revisions(self, title: str, since: datetime.datetime, limit: int = 5000) -> list[WikiRevision]:
        """The page's revisions from newest back to `since`, at most `limit`."""
        kept: list[WikiRevision] = []
        async for part in self.query(prop="revisions", titles=title, rvlimit="max", rvdir="older",
                                     rvend=api_time(since),
                                     # sha1: MediaWiki says a text was hidden (sha1hidden) only when asked for it
                                     rvprop="ids|timestamp|user|userid|size|sha1|tags|flags|comment"):
            for page in part.get("pages", ()):
                if "missing" in page:
                    raise WikiError(f"missing page: {title}")
                kept.extend(_revision(r) for r in page.get("revisions", ()))
            if len(kept) >= limit:
                return kept[:limit]
        return kept

    async def revision_sizes(self, rev_ids: Iterable[int]) -> dict[int, int]:
        """Sizes of revisions by id (for the parents of the oldest revisions read)."""
        ids = sorted(set(rev_ids))
        sizes: dict[int, int] = {}
        for start in range(0, len(ids), BATCH):
            data = await self.call(action="query", prop="revisions", rvprop="ids|size",
                                   revids="|".join(map(str, ids[start:start + BATCH])))
            for page in data.get("query", {}).get("pages", ()):
                sizes.update({r["revid"]: r.get("size", 0) for r in page.get("revisions", ())})
        return sizes

    async def last_edit_time(self, user_name: str) -> datetime.datetime | None:
        data = await self.call(action="query", list="usercontribs", ucuser=user_name, uclimit=1, ucprop="timestamp")
        contributions = data.get("query", {}).get("usercontribs", ())
        return parse_time(contributions[0]["timestamp"]) if contributions else None

    async def users(self, names: Iterable[str]) -> list[WikiUser]:
        """Edit counts, groups and blocks, fetched in batches of 50."""
        names = list(dict.fromkeys(names))
        found: list[WikiUser] = []
        for start in range(0, len(names), BATCH):
            data = await self.call(action="query", list="users", ususers="|".join(names[start:start + BATCH]),
                                   usprop="editcount|groups|blockinfo")
            for user in data["query"]["users"]:
                expiry = user.get("blockexpiry", "")
                found.append(WikiUser(
                    name=user["name"], edit_count=user.get("editcount", 0), groups=frozenset(user.get("groups", ())),
                    blocked="blockid" in user, blocked_indefinitely=expiry in ("infinite", "infinity", "indefinite"),
                    missing="missing" in user or "invalid" in user))
        return found

    async def user_registrations(self, names: Iterable[str]) -> dict[str, datetime.datetime | None]:
        """When each account was registered; None for unknown accounts or very old ones the wiki has no date for."""
        names = list(dict.fromkeys(names))
        found: dict[str, datetime.datetime | None] = {}
        for start in range(0, len(names), BATCH):
            data = await self.call(action="query", list="users", ususers="|".join(names[start:start + BATCH]),
                                   usprop="registration")
            for user in data["query"]["users"]:
                registered = user.get("registration")
                found[user["name"]] = parse_time(registered) if registered else None
        return found

    async def revision_details(self, rev_id: int) -> RevisionDetails | None:
        """A revision and its parent; None when the wiki has no such revision (or its page was deleted). Read
        from both wikitexts (prop=revisions, rvslots=main: two small requests, no parsing on the wiki's side);
        links delta: the distinct [[links]] the revision has that its parent had not, and the reverse."""
        fields = "ids|timestamp|user|userid|size|content"
        data = await self.call(action="query", prop="revisions", revids=rev_id, rvprop=fields, rvslots="main")
        pages = data.get("query", {}).get("pages", ())
        if not pages or not pages[0].get("revisions"):
            return None
        page, revision = pages[0], pages[0]["revisions"][0]
        parent_id, parent_size, parent_links = revision.get("parentid", 0), 0, set()
        if parent_id:
            answer = await self.call(action="query", prop="revisions", revids=parent_id, rvprop=fields,
                                     rvslots="main")
            parent = answer["query"]["pages"][0]["revisions"][0]
            parent_size, parent_links = parent.get("size", 0), wikitext_links(_main_text(parent) or "")
        text = _main_text(revision)
        links = wikitext_links(text or "")
        return RevisionDetails(
            rev_id=revision["revid"], parent_id=parent_id, title=page["title"], namespace=page["ns"],
            user=revision.get("user", ""), user_id=revision.get("userid", 0),
            timestamp=parse_time(revision["timestamp"]), size=revision.get("size", 0), parent_size=parent_size,
            links_added=len(links - parent_links), links_removed=len(parent_links - links),
            hidden="userhidden" in revision or text is None)

    async def revision_states(self, rev_ids: Iterable[int]) -> dict[int, RevisionState]:
        """The revisions the wiki still shows, by id; a revision missing from the answer was deleted with its
        page (the wiki answers `badrevids` for it) or never existed."""
        ids = sorted(set(rev_ids))
        found: dict[int, RevisionState] = {}
        for start in range(0, len(ids), BATCH):
            data = await self.call(action="query", prop="revisions", rvprop="ids|user|sha1",
                                   revids="|".join(map(str, ids[start:start + BATCH])))
            for page in data.get("query", {}).get("pages", ()):
                for revision in page.get("revisions", ()):
                    hidden = any(flag in revision for flag in ("userhidden", "sha1hidden", "texthidden"))
                    found[revision["revid"]] = RevisionState(revision["revid"], page["title"], page["ns"], hidden)
        return found

    async def user_edits(self, names: Iterable[str], start: datetime.datetime,
                         end: datetime.datetime) -> AsyncIterator[UserEdit]:
        """Every edit of these users between `start` and `end`, oldest first, 50 users a request."""
        names = list(dict.fromkeys(names))
        for first in range(0, len(names), BATCH):
            async for part in self.query(list="usercontribs", ucuser="|".join(names[first:first + BATCH]),
                                         ucstart=api_time(start), ucend=api_time(end), ucdir="newer",
                                         uclimit="max", ucprop="ids|title|timestamp"):
                for edit in part.get("usercontribs", ()):
                    yield UserEdit(edit["revid"], edit["user"], edit["title"], edit["ns"],
                                   parse_time(edit["timestamp"]))


def _wait_as_told(retry_state) -> float:
    """Exponential backoff (0.5 s doubling to 30 s), or longer when the wiki said how long to wait."""
    backoff = wait_exponential(multiplier=0.5, max=30)(retry_state)
    error = retry_state.outcome.exception() if retry_state.outcome else None
    return max(backoff, getattr(error, "wait", 0.0))
