"""Ranking past participants when there is no worklist to weigh their work by (Event Center's own addition):
the same edit count and recency parts as the invitation score, with the same weights, without the bytes part."""
from .scoring import EDIT_COUNT_WEIGHT, RECENCY_WEIGHT, edit_count_score, recency_score, round_half_up


def activity_score(edit_count: int, days_since_last_edit: float | None) -> int:
    """0 for someone who never edited; else 100 * the weighted geometric mean of the two parts, rounded half up."""
    if days_since_last_edit is None or edit_count <= 0:
        return 0
    product = (edit_count_score(edit_count) ** EDIT_COUNT_WEIGHT
               * recency_score(days_since_last_edit) ** RECENCY_WEIGHT)
    return round_half_up(100 * product ** (1 / (EDIT_COUNT_WEIGHT + RECENCY_WEIGHT)))
