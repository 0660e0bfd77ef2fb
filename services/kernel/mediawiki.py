"""An async MediaWiki Action API client (httpx): query continuation, `maxlag`, a descriptive User-Agent, bounded
concurrency per wiki, retries with backoff on 429, 503 and lag; pages, revisions and users as plain data.

Shared by the services that read wikis (invitations, contributions)."""
import asyncio
import datetime
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

import httpx
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

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


def parse_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


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
                                     rvend=since.strftime("%Y-%m-%dT%H:%M:%SZ"),
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


def _wait_as_told(retry_state) -> float:
    """Exponential backoff (0.5 s doubling to 30 s), or longer when the wiki said how long to wait."""
    backoff = wait_exponential(multiplier=0.5, max=30)(retry_state)
    error = retry_state.outcome.exception() if retry_state.outcome else None
    return max(backoff, getattr(error, "wait", 0.0))
