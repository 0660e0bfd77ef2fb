"""Ranking editors for an invitation list: CampaignEvents' score, accumulated as counted revisions stream past."""
import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from .revisions import Editor, Revision

MIN_SCORE = 5
MAX_EDITORS = 200
HIGHLY_RECOMMENDED, RECOMMENDED, OTHER = "highly_recommended", "recommended", "other"
BYTES_WEIGHT, EDIT_COUNT_WEIGHT, RECENCY_WEIGHT = 4, 1, 5
# Past these the formulas give exactly 1.0 (or 0.0) in double precision, and the powers could overflow.
_SATURATED_DELTA = 10_000_000  # x = 10,000: e^(-0.42 x^1.1) == 0.0 and e^(-0.00001/x^10) == 1.0
_SATURATED_EDIT_COUNT = 10**9  # c = 1,000,000: e^(-3 c^0.66) == 0.0
_FAR_MONTHS = 1e100  # m^3 stays finite below this


def page_score(delta: int) -> float:
    """(0, 1) for one page's total delta: a logistic curve times a high-pass filter near 0."""
    if not delta > 0:
        return 0.0
    if delta >= _SATURATED_DELTA:
        return 1.0
    x = delta / 1000
    x10 = x ** 10
    if x10 == 0.0:  # underflow: e^(-0.00001/0+) is 0
        return 0.0
    return (2 / (1 + math.exp(-0.42 * x ** 1.1)) - 1) * math.exp(-0.00001 / x10)


def bytes_score(page_scores: Iterable[float]) -> float:
    """Combine a user's page scores from the highest down: s = s + cur * (1 - s)."""
    combined = 0.0
    for current in sorted(page_scores, reverse=True):
        if current == 0.0:
            break  # the rest are 0 too and change nothing
        combined = current if combined == 0.0 else combined + current * (1 - combined)
    return combined


def edit_count_score(edit_count: int) -> float:
    c = min(max(edit_count, 0), _SATURATED_EDIT_COUNT) / 1000
    return 2 / (1 + math.exp(-3 * c ** 0.66)) - 1


def recency_score(days_since_last_edit: float) -> float:
    """A rational function of months since the last edit: 1 today, slowly falling, never exponentially."""
    m = max(days_since_last_edit, 0.0) / 30
    if m > _FAR_MONTHS:
        return 1 / (0.3 * m)  # the limit; the exact form would overflow
    return (m ** 2 + 1.2 * m + 0.7) / (0.3 * m ** 3 + m ** 2 + 1.2 * m + 0.7)


def round_half_up(value: float) -> int:
    """PHP's round() for the non-negative scores here (halves go up); Python's round() sends 2.5 to 2."""
    whole = math.floor(value)
    return whole + 1 if value - whole >= 0.5 else whole


def total_score(bytes_: float, edit_count: float, recency: float) -> int:
    """100 * the weighted geometric mean (4, 1, 5) of the three (0, 1) scores, rounded half up."""
    weights = BYTES_WEIGHT + EDIT_COUNT_WEIGHT + RECENCY_WEIGHT
    product = bytes_ ** BYTES_WEIGHT * edit_count ** EDIT_COUNT_WEIGHT * recency ** RECENCY_WEIGHT
    return round_half_up(100 * product ** (1 / weights))


def recommendation(score: int) -> str:
    if score >= 70:
        return HIGHLY_RECOMMENDED
    if score >= 25:
        return RECOMMENDED
    return OTHER


@dataclass(frozen=True, slots=True)
class RankedEditor:
    user: Hashable  # the caller's global user key
    name: str
    score: int
    recommendation: str


class ScoreAccumulator:
    """Byte deltas per (user, page) and each user's latest counted edit, fed with counted revisions one at a
    time or in batches. Memory grows with (user, page) pairs, not revisions. Pages are keyed (wiki, page);
    users by `user_key(revision)`, a global name or id (default: the user name, global under SUL)."""
    __slots__ = ("_deltas", "_latest", "_user_key")

    def __init__(self, user_key: Callable[[Revision], Hashable] | None = None):
        self._deltas: dict[Hashable, dict[tuple[str, str], int]] = {}
        self._latest: dict[Hashable, datetime] = {}
        self._user_key = user_key

    def add(self, revision: Revision) -> None:
        self.add_many((revision,))

    def add_many(self, revisions: Iterable[Revision]) -> None:
        deltas, latest, user_key = self._deltas, self._latest, self._user_key
        for revision in revisions:
            user = revision.user if user_key is None else user_key(revision)
            pages = deltas.get(user)
            if pages is None:
                pages = deltas[user] = {}
                latest[user] = revision.timestamp
            elif revision.timestamp > latest[user]:
                latest[user] = revision.timestamp
            page = (revision.wiki, revision.page)
            pages[page] = pages.get(page, 0) + revision.size - revision.parent_size

    def users(self) -> list[Hashable]:
        return list(self._deltas)

    def page_deltas(self, user: Hashable) -> dict[tuple[str, str], int]:
        return dict(self._deltas.get(user, {}))

    def pairs(self) -> int:
        """How many (user, page) totals are held."""
        return sum(map(len, self._deltas.values()))

    def score(self, user: Hashable, editor: Editor, now: datetime) -> int:
        """The user's 0-100 score. Recency uses their last edit anywhere when known, and at least their latest
        counted revision (facts may be older than the revisions)."""
        bytes_ = bytes_score(page_score(d) for d in self._deltas.get(user, {}).values() if d > 0)
        if bytes_ == 0.0:
            return 0
        last_edit = self._latest[user]
        if editor.last_edit_time is not None and editor.last_edit_time > last_edit:
            last_edit = editor.last_edit_time
        days = (now - last_edit).total_seconds() / 86400
        return total_score(bytes_, edit_count_score(editor.edit_count), recency_score(days))

    def rank(self, editors: Mapping[Hashable, Editor], now: datetime, *, limit: int = MAX_EDITORS,
             minimum: int = MIN_SCORE) -> list[RankedEditor]:
        """Users scoring at least `minimum`, best first (ties by name), at most `limit`. `editors` holds each
        user's combined facts; users without facts, or who opted out on any wiki, are left out."""
        ranked = []
        for user in self._deltas:
            editor = editors.get(user)
            if editor is None or editor.opted_out:
                continue
            score = self.score(user, editor, now)
            if score >= minimum:
                ranked.append(RankedEditor(user, editor.name, score, recommendation(score)))
        ranked.sort(key=lambda r: (-r.score, r.name))
        return ranked[:limit]
