"""Revisions and editors as the invitation list sees them: facts read by the adapters, no I/O here."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Revision:
    """One edit of a worklist page."""
    wiki: str
    page: str
    rev_id: int
    user: str
    user_id: int  # the central (global) id when known, else the wiki's local one
    timestamp: datetime  # aware, UTC
    size: int
    parent_size: int  # 0 when the revision created the page
    tags: frozenset[str] = frozenset()
    deleted: bool = False  # content, summary or user hidden (any rev_deleted bit)
    anonymous: bool = False
    temporary: bool = False

    @property
    def delta(self) -> int:
        """Bytes added (negative: removed)."""
        return self.size - self.parent_size


@dataclass(frozen=True, slots=True)
class Editor:
    """What is known about an editor, on one wiki or combined over several (see `merge_editors`)."""
    name: str
    edit_count: int = 0
    groups: frozenset[str] = frozenset()
    blocked_indefinitely: bool = False  # a sitewide block that never expires
    last_edit_time: datetime | None = None  # their latest edit anywhere on the wiki, not only on the worklist
    opted_out: bool = False  # of invitation lists


def merge_editors(name: str, facts: Iterable[Editor]) -> Editor:
    """One global user from their per-wiki facts: edit counts add up, the latest edit wins, and opting out
    (or a group, or a block) on any wiki counts for the combination."""
    facts = list(facts)
    last_edits = [f.last_edit_time for f in facts if f.last_edit_time is not None]
    return Editor(
        name=name,
        edit_count=sum(f.edit_count for f in facts),
        groups=frozenset().union(*(f.groups for f in facts)),
        blocked_indefinitely=any(f.blocked_indefinitely for f in facts),
        last_edit_time=max(last_edits, default=None),
        opted_out=any(f.opted_out for f in facts),
    )
