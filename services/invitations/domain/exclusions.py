"""Which revisions count towards an invitation list (docs/rules.md, "Invitation lists"): pure filters over streams."""
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import datetime, timedelta

from .revisions import Editor, Revision

# CampaignEvents' CUTOFF_DAYS: "3 years" is 3 * 365 days, and a revision exactly that old still counts.
WINDOW = timedelta(days=3 * 365)
# Reverted edits and the edits that revert (MediaWiki's ChangeTags::REVERT_TAGS plus TAG_REVERTED).
REVERT_TAGS = frozenset({"mw-reverted", "mw-rollback", "mw-undo", "mw-manual-revert"})
BOT_GROUP = "bot"

EditorLookup = Callable[[Revision], Editor | None]


def window_start(now: datetime) -> datetime:
    """The oldest timestamp that still counts."""
    return now - WINDOW


def revision_counts(revision: Revision, start: datetime) -> bool:
    """The rules that need only the revision itself."""
    return (revision.timestamp >= start
            and not revision.deleted
            and not revision.anonymous
            and not revision.temporary
            and REVERT_TAGS.isdisjoint(revision.tags))


def editor_excluded(editor: Editor | None) -> bool:
    """Bots, indefinitely blocked users and users who opted out; unknown users too (fail closed)."""
    return (editor is None
            or editor.opted_out
            or editor.blocked_indefinitely
            or BOT_GROUP in editor.groups)


def counted_revisions(revisions: Iterable[Revision], *, now: datetime,
                      editor_for: EditorLookup) -> Iterator[Revision]:
    """The revisions that count, lazily. `editor_for` gives the author's facts on the revision's wiki; it is
    asked once per (wiki, user), so the memory kept is per editor, never per revision."""
    start = window_start(now)
    excluded: dict[Hashable, bool] = {}
    for revision in revisions:
        if not revision_counts(revision, start):
            continue
        author = (revision.wiki, revision.user)
        verdict = excluded.get(author)
        if verdict is None:
            verdict = excluded[author] = editor_excluded(editor_for(revision))
        if not verdict:
            yield revision
