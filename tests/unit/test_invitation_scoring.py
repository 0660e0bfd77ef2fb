"""Ranking editors for invitation lists: which revisions count, and CampaignEvents' score, checked against an
independent high-precision (decimal) transcription of PotentialInviteesFinder written out in this file."""
import datetime
import itertools
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

from eventcenter.services.invitations.domain.exclusions import counted_revisions
from eventcenter.services.invitations.domain.revisions import Editor, Revision, merge_editors
from eventcenter.services.invitations.domain.scoring import (
    HIGHLY_RECOMMENDED,
    OTHER,
    RECOMMENDED,
    ScoreAccumulator,
    bytes_score,
    edit_count_score,
    page_score,
    recency_score,
    recommendation,
    round_half_up,
    total_score,
)

NOW = datetime.datetime(2030, 5, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
_rev_ids = itertools.count(1)


# ------------------------------------------------------------------ the formula, transcribed from the PHP in decimal

def _ctx():
    return localcontext(prec=60)


def php_page_score(delta: int) -> Decimal:
    """getBytesScoreForPage()."""
    with _ctx():
        x = Decimal(delta) / 1000
        base = 2 / (1 + (Decimal("-0.42") * x ** Decimal("1.1")).exp()) - 1
        flattening = (Decimal("-0.00001") / x ** 10).exp()
        return base * flattening


def php_bytes_score(deltas: list[int]) -> Decimal:
    """getOverallBytesScore(): rsort, then the multiplicative form `s *= 1 + cur * (1/s - 1)`."""
    with _ctx():
        deltas = sorted(deltas, reverse=True)
        score = php_page_score(deltas[0])
        if score != 0:
            for delta in deltas[1:]:
                current = php_page_score(delta)
                if current == 0:
                    break
                score *= 1 + current * (1 / score - 1)
        return score


def php_edit_count_score(edit_count: int) -> Decimal:
    with _ctx():
        c = Decimal(edit_count) / 1000
        return 2 / (1 + (-3 * c ** Decimal("0.66")).exp()) - 1


def php_recency_score(days: Decimal) -> Decimal:
    with _ctx():
        m = Decimal(days) / 30
        return (m ** 2 + Decimal("1.2") * m + Decimal("0.7")) / (
            Decimal("0.3") * m ** 3 + m ** 2 + Decimal("1.2") * m + Decimal("0.7"))


def php_user_score(deltas: list[int], edit_count: int, days: Decimal) -> int:
    """getUserScore(): (int)round(100 * (B^4 * E * R^5) ** (1/10)), PHP rounding halves away from zero."""
    with _ctx():
        positive = [d for d in deltas if d > 0]
        if not positive:
            return 0
        product = (php_bytes_score(positive) ** 4 * php_edit_count_score(edit_count)
                   * php_recency_score(days) ** 5)
        overall = product ** Decimal("0.1") if product else Decimal(0)
        return int((100 * overall).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ------------------------------------------------------------------------------------------------------- builders

def rev(user="Ada", page="Moon", delta=1000, *, wiki="enwiki", days_ago=10.0, parent_size=20_000, user_id=None,
        **flags) -> Revision:
    return Revision(wiki=wiki, page=page, rev_id=next(_rev_ids), user=user,
                    user_id=user_id if user_id is not None else hash(user) % 10**6,
                    timestamp=NOW - datetime.timedelta(days=days_ago), size=parent_size + delta,
                    parent_size=parent_size, **flags)


def editor(name="Ada", edit_count=2000, days_ago=10.0, **facts) -> Editor:
    last = None if days_ago is None else NOW - datetime.timedelta(days=days_ago)
    return Editor(name=name, edit_count=edit_count, last_edit_time=last, **facts)


def ranked(revisions, editors: dict, **options) -> list[tuple[str, int]]:
    accumulator = ScoreAccumulator()
    accumulator.add_many(revisions)
    return [(r.name, r.score) for r in accumulator.rank(editors, NOW, **options)]


def close(actual: float, expected: Decimal):
    assert actual == pytest.approx(float(expected), rel=1e-12, abs=1e-300)


# -------------------------------------------------------------------------------------------------- the components

@pytest.mark.parametrize("delta", [170, 200, 250, 300, 420, 999, 1000, 1001, 4500, 12_345, 80_000, 2_000_000])
def test_page_score_matches_campaign_events(delta):
    close(page_score(delta), php_page_score(delta))


@pytest.mark.parametrize("deltas", [[5000], [3000, 800, 12_000], [400, 400, 400, 400], [50_000, 260, 90], [700, 100]])
def test_page_scores_combine_from_the_highest_down(deltas):
    close(bytes_score(page_score(d) for d in deltas), php_bytes_score(deltas))


@pytest.mark.parametrize("edit_count", [0, 1, 10, 500, 1000, 5000, 40_000, 1_000_000])
def test_edit_count_score_matches_campaign_events(edit_count):
    close(edit_count_score(edit_count), php_edit_count_score(edit_count))


@pytest.mark.parametrize("days", ["0", "0.5", "15", "30", "90", "365", "1095"])
def test_recency_score_matches_campaign_events(days):
    close(recency_score(float(days)), php_recency_score(Decimal(days)))


# ---------------------------------------------------------------------------------------------------- whole scores

def test_single_page_editor_scores_as_campaign_events():
    revisions = [rev(delta=3000, days_ago=40), rev(delta=1500, days_ago=12)]
    expected = php_user_score([4500], 2000, Decimal(10))
    assert ranked(revisions, {"Ada": editor()}) == [("Ada", expected)]
    assert 5 <= expected <= 100


def test_several_pages_combine_into_a_higher_score_than_the_best_page_alone():
    revisions = [rev(page="Moon", delta=800), rev(page="Mars", delta=3000), rev(page="Venus", delta=1200)]
    expected = php_user_score([800, 3000, 1200], 2000, Decimal(10))
    assert ranked(revisions, {"Ada": editor()}) == [("Ada", expected)]
    assert expected > php_user_score([3000], 2000, Decimal(10))


def test_negative_page_totals_are_dropped():
    revisions = [rev(page="Moon", delta=2000), rev(page="Moon", delta=-3000), rev(page="Mars", delta=1500),
                 rev(user="Bo", page="Moon", delta=-800)]
    editors = {"Ada": editor(), "Bo": editor("Bo")}
    assert ranked(revisions, editors) == [("Ada", php_user_score([1500], 2000, Decimal(10)))]


def test_a_higher_edit_count_raises_the_score_and_none_at_all_leaves_the_user_out():
    scores = []
    for count in (10, 500, 5000, 50_000):
        [(_, score)] = ranked([rev(delta=6000)], {"Ada": editor(edit_count=count)})
        assert score == php_user_score([6000], count, Decimal(10))
        scores.append(score)
    assert scores == sorted(scores) and scores[0] < scores[-1]
    assert ranked([rev(delta=6000)], {"Ada": editor(edit_count=0)}) == []


def test_older_last_edits_lower_the_score():
    scores = []
    for days in (0, 15, 90, 365, 1000):
        [(_, score)] = ranked([rev(delta=6000, days_ago=1090)], {"Ada": editor(days_ago=days)})
        assert score == php_user_score([6000], 2000, Decimal(days))
        scores.append(score)
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_recency_falls_back_to_the_latest_counted_revision_when_facts_are_older_or_missing():
    revisions = [rev(delta=6000, days_ago=200), rev(page="Mars", delta=10, days_ago=30)]
    expected = php_user_score([6000, 10], 2000, Decimal(30))
    assert ranked(revisions, {"Ada": editor(days_ago=None)}) == [("Ada", expected)]
    assert ranked(revisions, {"Ada": editor(days_ago=400)}) == [("Ada", expected)]


def test_users_below_5_are_left_out_and_5_is_kept():
    deltas = range(230, 300, 2)  # the high-pass filter makes small deltas score around the threshold
    revisions = [rev(user=f"U{d}", delta=d) for d in deltas]
    editors = {f"U{d}": editor(f"U{d}") for d in deltas}
    expected = {f"U{d}": php_user_score([d], 2000, Decimal(10)) for d in deltas}
    assert {4, 5} <= set(expected.values())
    assert dict(ranked(revisions, editors)) == {name: s for name, s in expected.items() if s >= 5}


def test_at_most_200_users_are_listed_the_best_ones():
    deltas = {f"U{i:03}": 400 + 37 * i for i in range(250)}
    revisions = [rev(user=name, delta=d) for name, d in deltas.items()]
    editors = {name: editor(name) for name in deltas}
    expected = sorted(((name, php_user_score([d], 2000, Decimal(10))) for name, d in deltas.items()),
                      key=lambda pair: (-pair[1], pair[0]))
    assert ranked(revisions, editors) == expected[:200]


def test_best_first_and_ties_ordered_by_name():
    revisions = [rev(user="Cy", delta=4000), rev(user="Ab", delta=4000), rev(user="Bo", delta=4000),
                 rev(user="Zed", delta=30_000)]
    editors = {name: editor(name) for name in ("Cy", "Ab", "Bo", "Zed")}
    assert [name for name, _ in ranked(revisions, editors)] == ["Zed", "Ab", "Bo", "Cy"]


def test_a_user_without_facts_or_who_opted_out_somewhere_is_not_ranked():
    revisions = [rev(user="Ada", delta=6000), rev(user="Bo", delta=6000), rev(user="Cy", delta=6000)]
    bo = merge_editors("Bo", [editor("Bo"), editor("Bo", opted_out=True)])
    assert [name for name, _ in ranked(revisions, {"Ada": editor(), "Bo": bo})] == ["Ada"]


def test_groups_follow_the_score():
    assert recommendation(100) == recommendation(70) == HIGHLY_RECOMMENDED
    assert recommendation(69) == recommendation(25) == RECOMMENDED
    assert recommendation(24) == recommendation(5) == OTHER
    accumulator = ScoreAccumulator()
    accumulator.add(rev(delta=30_000))
    [entry] = accumulator.rank({"Ada": editor(edit_count=40_000, days_ago=0)}, NOW)
    assert entry.recommendation == recommendation(entry.score)


def test_halves_round_up_as_php_does():
    assert [round_half_up(x) for x in (2.5, 44.5, 4.4999999, 0.49999999999999994, 99.5)] == [3, 45, 4, 0, 100]
    assert round(2.5) == 2  # why Python's round() is not used


# ------------------------------------------------------------------------------------------------------ exclusions

COUNTED_EDITOR = editor()


@pytest.mark.parametrize("revision", [
    rev(deleted=True),
    rev(anonymous=True),
    rev(temporary=True),
    rev(tags=frozenset({"mw-reverted"})),
    rev(tags=frozenset({"mw-rollback"})),
    rev(tags=frozenset({"mw-undo"})),
    rev(tags=frozenset({"mw-manual-revert", "visualeditor"})),
    rev(days_ago=3 * 365 + 1),
], ids=["deleted", "anonymous", "temporary", "reverted", "rollback", "undo", "manual-revert", "too-old"])
def test_revisions_that_do_not_count(revision):
    assert list(counted_revisions([revision], now=NOW, editor_for=lambda r: COUNTED_EDITOR)) == []


@pytest.mark.parametrize("facts", [
    editor(groups=frozenset({"bot"})),
    editor(blocked_indefinitely=True),
    editor(opted_out=True),
    None,
], ids=["bot", "indefinitely-blocked", "opted-out", "unknown"])
def test_editors_whose_revisions_do_not_count(facts):
    assert list(counted_revisions([rev()], now=NOW, editor_for=lambda r: facts)) == []


def test_ordinary_revisions_count_and_other_tags_do_not_matter():
    revisions = [rev(), rev(tags=frozenset({"visualeditor", "mw-new-redirect"})), rev(delta=-500)]
    facts = editor(groups=frozenset({"autoconfirmed", "sysop"}))
    assert list(counted_revisions(revisions, now=NOW, editor_for=lambda r: facts)) == revisions


def test_the_window_is_3_times_365_days_and_its_first_instant_counts():
    start = NOW - datetime.timedelta(days=1095)
    edge, older = rev(days_ago=1095), rev(days_ago=1095 + 1 / 86_400_000_000)
    leap_year_older = rev(days_ago=1095.5)  # inside 3 calendar years (2027-2030 spans 1096 days), outside 1095 days
    assert edge.timestamp == start
    counted = list(counted_revisions([edge, older, leap_year_older], now=NOW, editor_for=lambda r: COUNTED_EDITOR))
    assert counted == [edge]


def test_editor_facts_are_asked_once_per_wiki_and_user():
    asked = []
    revisions = [rev(), rev(), rev(wiki="frwiki"), rev(user="Bo")]
    list(counted_revisions(revisions, now=NOW, editor_for=lambda r: asked.append((r.wiki, r.user)) or editor()))
    assert asked == [("enwiki", "Ada"), ("frwiki", "Ada"), ("enwiki", "Bo")]


# --------------------------------------------------------------------------------------- streaming and multi-wiki

def test_one_at_a_time_and_batches_give_the_same_totals_kept_per_user_and_page():
    revisions = [rev(page=p, delta=d) for p, d in itertools.product(["Moon", "Mars"], range(-50, 450))]
    one, batched = ScoreAccumulator(), ScoreAccumulator()
    for revision in revisions:
        one.add(revision)
    batched.add_many(revisions[:300])
    batched.add_many(iter(revisions[300:]))
    assert one.page_deltas("Ada") == batched.page_deltas("Ada") == {("enwiki", "Moon"): 99_750,
                                                                    ("enwiki", "Mars"): 99_750}
    assert one.pairs() == 2


def test_a_global_user_combines_wikis_but_same_titles_stay_separate_pages():
    revisions = [rev(user="Ada", wiki="enwiki", page="Moon", delta=600, user_id=42, days_ago=50),
                 rev(user="Ada", wiki="frwiki", page="Moon", delta=700, user_id=42, days_ago=20)]
    facts = merge_editors("Ada", [editor(edit_count=1500, days_ago=45), editor(edit_count=700, days_ago=8)])
    accumulator = ScoreAccumulator(user_key=lambda r: r.user_id)
    accumulator.add_many(revisions)
    [entry] = accumulator.rank({42: facts}, NOW)
    assert (entry.user, entry.name) == (42, "Ada")
    assert entry.score == php_user_score([600, 700], 2200, Decimal(8))
    assert entry.score != php_user_score([1300], 2200, Decimal(8))


# -------------------------------------------------------------------------------------------------------- extremes

@pytest.mark.parametrize("delta, score", [
    (0, 0.0), (-5, 0.0), (1, 0.0), (1e-200, 0.0), (5e-324, 0.0), (100, 0.0),
    (10**7, 1.0), (10**30, 1.0), (10**400, 1.0), (1e308, 1.0), (float("inf"), 1.0), (float("nan"), 0.0),
])
def test_tiny_and_huge_deltas_neither_raise_nor_leave_0_to_1(delta, score):
    assert page_score(delta) == score


def test_extreme_edit_counts_and_ages_neither_raise_nor_leave_0_to_1():
    assert edit_count_score(-3) == 0.0 and edit_count_score(10**30) == 1.0
    assert recency_score(-5) == 1.0
    assert 0.0 < recency_score(1e200) < 1e-190 and 0.0 <= recency_score(1e308) < 1e-290
    assert total_score(0.0, 1.0, 1.0) == 0 and total_score(1.0, 1.0, 1.0) == 100
