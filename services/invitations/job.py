"""One invitation list's job: read the worklist's revisions from the wikis, leave out what does not count, score
every editor and rank them. Revisions stream through the score accumulator page by page: memory holds totals
per (editor, page), never the revisions of the whole worklist. The pace is the wikis' answers, never a sleep."""
import asyncio
import datetime
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from eventcenter.services.invitations.domain.activity import activity_score
from eventcenter.services.invitations.domain.exclusions import editor_excluded, revision_counts, window_start
from eventcenter.services.invitations.domain.revisions import Editor, Revision, merge_editors
from eventcenter.services.invitations.domain.scoring import MAX_EDITORS, MIN_SCORE, ScoreAccumulator
from eventcenter.services.wiki.client import WikiRevision
from eventcenter.services.wiki.directory import WikiDirectory
from eventcenter.services.wiki.worklist import Article

MAX_REVISIONS_PER_PAGE = 5000


@dataclass(frozen=True)
class Ranked:
    name: str
    score: int
    user_page_url: str


def _revision(wiki: str, title: str, read: WikiRevision, parent_size: int) -> Revision:
    return Revision(wiki=wiki, page=title, rev_id=read.rev_id, user=read.user, user_id=read.user_id,
                    timestamp=read.timestamp, size=read.size, parent_size=parent_size, tags=read.tags,
                    deleted=read.hidden, anonymous=read.anonymous, temporary=read.temporary)


class ListJob:
    def __init__(self, wikis: WikiDirectory, now: datetime.datetime, progress: Callable[[int], Awaitable[None]],
                 opted_out: Callable[[list[str]], Awaitable[set[str]]]) -> None:
        self.wikis = wikis
        self.now = now
        self.progress = progress  # told how many articles were read; raises to stop the job
        self.opted_out = opted_out
        self.scores = ScoreAccumulator()
        self.editors_by_wiki: dict[str, set[str]] = defaultdict(set)
        # Revisions whose parent is older than what was read: their parents' sizes are fetched together.
        self.waiting_for_parent: dict[str, list[tuple[str, WikiRevision]]] = defaultdict(list)

    async def rank_worklist(self, articles: list[Article], candidates: set[str] | None = None) -> list[Ranked]:
        read = 0

        async def read_one(article: Article) -> None:
            nonlocal read
            await self._read_page(article)
            read += 1
            await self.progress(read)

        await asyncio.gather(*(read_one(article) for article in articles))
        await self._add_waiting_parents()
        editors = await self._editors(candidates)
        ranked = self.scores.rank(editors, self.now)
        return [Ranked(r.name, r.score, await self._user_page(r.user)) for r in ranked]

    async def _read_page(self, article: Article) -> None:
        start = window_start(self.now)
        read = await self.wikis.client(article.wiki).revisions(article.title, start, MAX_REVISIONS_PER_PAGE)
        sizes = {r.rev_id: r.size for r in read}
        counted = []
        for revision in read:
            if revision.parent_id and revision.parent_id not in sizes:
                self.waiting_for_parent[article.wiki].append((article.title, revision))
                continue
            counted.append(_revision(article.wiki, article.title, revision, sizes.get(revision.parent_id, 0)))
        self._add(counted, start)

    def _add(self, revisions: list[Revision], start: datetime.datetime) -> None:
        kept = [r for r in revisions if revision_counts(r, start)]
        self.scores.add_many(kept)
        for revision in kept:
            self.editors_by_wiki[revision.wiki].add(revision.user)

    async def _add_waiting_parents(self) -> None:
        start = window_start(self.now)
        for wiki, waiting in self.waiting_for_parent.items():
            sizes = await self.wikis.client(wiki).revision_sizes(r.parent_id for _, r in waiting)
            self._add([_revision(wiki, title, r, sizes.get(r.parent_id, 0)) for title, r in waiting], start)

    async def _editors(self, candidates: set[str] | None) -> dict[str, Editor]:
        """Each editor's facts combined over the wikis; bots, the indefinitely blocked, those who opted out (and
        anyone outside `candidates`, when given) are left out."""
        facts: dict[str, list[Editor]] = defaultdict(list)
        for wiki, names in self.editors_by_wiki.items():
            wanted = [n for n in names if candidates is None or n in candidates]
            for user in await self.wikis.client(wiki).users(wanted):
                if not user.missing:
                    facts[user.name].append(Editor(user.name, user.edit_count, user.groups,
                                                   user.blocked_indefinitely))
        opted = await self.opted_out(list(facts))
        merged = {name: merge_editors(name, found) for name, found in facts.items()}
        return {name: editor for name, editor in merged.items() if name not in opted and not editor_excluded(editor)}

    async def _user_page(self, user: str) -> str:
        """On the wiki where the editor added the most to the worklist."""
        by_wiki: dict[str, int] = defaultdict(int)
        for (wiki, _), delta in self.scores.page_deltas(user).items():
            by_wiki[wiki] += delta
        return await self.wikis.user_page_url(max(by_wiki, key=by_wiki.get), user)

    async def rank_by_activity(self, names: set[str], wikis: list[str]) -> list[Ranked]:
        """Past participants without a worklist: by edit count and recency on the given wikis."""
        ranked = []
        opted = await self.opted_out(sorted(names))
        for wiki in wikis:
            client = self.wikis.client(wiki)
            for user in await client.users(sorted(names - opted)):
                editor = Editor(user.name, user.edit_count, user.groups, user.blocked_indefinitely)
                if user.missing or editor_excluded(editor):
                    continue
                last = await client.last_edit_time(user.name)
                days = (self.now - last).total_seconds() / 86400 if last else None
                score = activity_score(user.edit_count, days)
                if score >= MIN_SCORE:
                    ranked.append(Ranked(user.name, score, await self.wikis.user_page_url(wiki, user.name)))
        best: dict[str, Ranked] = {}
        for entry in ranked:  # one entry per person, from the wiki where they score best
            if entry.name not in best or entry.score > best[entry.name].score:
                best[entry.name] = entry
        return sorted(best.values(), key=lambda r: (-r.score, r.name))[:MAX_EDITORS]
