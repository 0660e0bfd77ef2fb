"""One revision in detail, read through the shared MediaWiki client: what it changed, from its wikitext and its
parent's (prop=revisions with rvslots=main content: two small requests, no parsing on the wiki's side), and when
its author's account was registered (list=users, usprop=registration)."""
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from eventcenter.services.kernel.mediawiki import BATCH, MediaWikiClient, parse_time

# Targets that are not page links: files and categories (unless written with a leading colon). Interwiki
# prefixes are not known here, so such links count as page links (Event Center's wikis rarely use them).
_NOT_PAGE_LINKS = ("file:", "image:", "media:", "category:")
_LINK = re.compile(r"\[\[([^\[\]|{}<>\n]+)(?:\|[^\[\]]*)?\]\]")


def wikitext_links(text: str) -> set[str]:
    """The distinct page links written as [[Target]] or [[Target|label]] (no #fragment, first letter upper case,
    underscores as spaces), as the wiki's link table would hold them for plain wikitext. Links made by templates
    are not seen: that would need the wiki to parse both revisions (action=parse, far dearer)."""
    found = set()
    for target in _LINK.findall(text):
        target = target.split("#", 1)[0].replace("_", " ").strip()
        if target.startswith(":"):
            target = target[1:].strip()
        elif target.lower().startswith(_NOT_PAGE_LINKS):
            continue
        if target:
            found.add(" ".join((target[0].upper() + target[1:]).split()))
    return found


@dataclass(frozen=True)
class RevisionDetails:
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


def _main_text(revision: dict) -> str | None:
    slot = revision.get("slots", {}).get("main", {})
    return None if "texthidden" in slot or "content" not in slot else slot["content"]


async def revision_details(client: MediaWikiClient, rev_id: int) -> RevisionDetails | None:
    """A revision and its parent; None when the wiki has no such revision. Links delta: the distinct [[links]] of
    the revision's wikitext that its parent's did not have, and the reverse."""
    fields = "ids|timestamp|user|userid|size|content"
    data = await client.call(action="query", prop="revisions", revids=rev_id, rvprop=fields, rvslots="main")
    pages = data.get("query", {}).get("pages", ())
    if not pages or not pages[0].get("revisions"):
        return None
    page, revision = pages[0], pages[0]["revisions"][0]
    parent_id, parent_size, parent_links = revision.get("parentid", 0), 0, set()
    if parent_id:
        answer = await client.call(action="query", prop="revisions", revids=parent_id, rvprop=fields, rvslots="main")
        parent = answer["query"]["pages"][0]["revisions"][0]
        parent_size, parent_links = parent.get("size", 0), wikitext_links(_main_text(parent) or "")
    text = _main_text(revision)
    links = wikitext_links(text or "")
    return RevisionDetails(
        rev_id=revision["revid"], parent_id=parent_id, title=page["title"], namespace=page["ns"],
        user=revision.get("user", ""), user_id=revision.get("userid", 0), timestamp=parse_time(revision["timestamp"]),
        size=revision.get("size", 0), parent_size=parent_size, links_added=len(links - parent_links),
        links_removed=len(parent_links - links), hidden="userhidden" in revision or text is None)


async def user_registrations(client: MediaWikiClient, names: Iterable[str]) -> dict[str, datetime.datetime | None]:
    """When each account was registered; None for unknown accounts or very old ones the wiki has no date for."""
    names = list(dict.fromkeys(names))
    found: dict[str, datetime.datetime | None] = {}
    for start in range(0, len(names), BATCH):
        data = await client.call(action="query", list="users", ususers="|".join(names[start:start + BATCH]),
                                 usprop="registration")
        for user in data["query"]["users"]:
            registered = user.get("registration")
            found[user["name"]] = parse_time(registered) if registered else None
    return found
