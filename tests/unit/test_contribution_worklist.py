"""An event's worklist and when its participants' edits are gathered."""
import datetime

import pytest

from eventcenter.services.contributions.domain.rules import EventFacts
from eventcenter.services.contributions.domain.worklist import (
    GRACE,
    OVERLAP,
    check_worklist,
    gathered,
    gathers_now,
    reading_window,
    worklist_problems,
)
from eventcenter.services.kernel.errors import InvalidArgument
from eventcenter.services.wiki.worklist import Article

START = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
END = START + datetime.timedelta(days=2)
KNOWN = {"enwiki", "frwiki", "dewiki"}


def event(wikis=("enwiki", "frwiki"), all_wikis=False, tracks=True, deleted=False) -> EventFacts:
    return EventFacts(7, tuple(wikis), all_wikis, START, END, tracks, deleted, frozenset({1}))


def fields(problems) -> list[str]:
    return [p.field for p in problems]


def test_articles_must_be_on_the_events_wikis():
    articles = [Article("enwiki", "Fern"), Article("dewiki", "Farn"), Article("xxwiki", "Moss")]
    assert fields(worklist_problems(event(), articles, True, KNOWN)) == ["articles[2].wiki", "articles[1].wiki"]
    assert worklist_problems(event(all_wikis=True), articles[:2], True, KNOWN) == []


def test_gathering_needs_articles_but_an_empty_worklist_may_be_kept_off():
    assert fields(worklist_problems(event(), [], True, KNOWN)) == ["articles"]
    check_worklist(event(), [], False, KNOWN)
    with pytest.raises(InvalidArgument):
        check_worklist(event(), [], True, KNOWN)


def test_too_many_articles_and_empty_titles_are_the_kernels_rules():
    articles = [Article("enwiki", f"Page {i}") for i in range(301)]
    assert fields(worklist_problems(event(), articles, True, KNOWN)) == ["articles"]
    assert fields(worklist_problems(event(), [Article("enwiki", " ")], True, KNOWN)) == ["articles[0].title"]


def test_gathering_runs_from_the_start_until_a_grace_period_after_the_end():
    assert not gathers_now(event(), START - datetime.timedelta(seconds=1))
    assert gathers_now(event(), START)
    assert gathers_now(event(), END + GRACE - datetime.timedelta(seconds=1))
    assert not gathers_now(event(), END + GRACE)
    assert not gathers_now(event(tracks=False), START)
    assert not gathers_now(event(deleted=True), START)


def test_a_newcomer_is_read_from_the_start_and_others_from_a_little_before_where_they_stopped():
    now = START + datetime.timedelta(hours=3)
    assert reading_window(event(), None, now) == (START, now)
    stopped = START + datetime.timedelta(hours=2)
    assert reading_window(event(), stopped, now) == (stopped - OVERLAP, now)
    assert reading_window(event(), START + datetime.timedelta(minutes=1), now) == (START, now)
    after = END + datetime.timedelta(minutes=10)
    assert reading_window(event(), stopped, after) == (stopped - OVERLAP, END)


def test_only_visible_edits_within_the_event_are_gathered():
    assert gathered(event(), START, hidden=False)
    assert gathered(event(), END, hidden=False)
    assert not gathered(event(), END + datetime.timedelta(seconds=1), hidden=False)
    assert not gathered(event(), START - datetime.timedelta(seconds=1), hidden=False)
    assert not gathered(event(), START, hidden=True)
