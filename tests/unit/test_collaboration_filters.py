"""Collaboration list rules: filter checks, signed page tokens bound to their filters, row summaries."""
import datetime

import pytest

from eventcenter.services.collaboration.domain import page_tokens, rows
from eventcenter.services.collaboration.domain.filters import check
from eventcenter.services.kernel.errors import InvalidArgument

TODAY = datetime.date(2030, 1, 1)


def _check(**overrides):
    values = dict(section="upcoming", name="", query="", types=(), start_date="", end_date="", participation="",
                  country_code="", wikis=(), include_all_wikis=False, topics=(), with_places_left=False, page_size=0,
                  today=TODAY)
    values.update(overrides)
    return check(**values)


def test_defaults_start_today_with_pages_of_fifty():
    found, problems = _check()
    assert problems == [] and found.start_date == TODAY and found.page_size == 50


def test_values_are_trimmed_deduplicated_and_countries_uppercased():
    found, _ = _check(types=["contest", " contest", "meetup"], country_code="ke", wikis=["enwiki", "enwiki"])
    assert found.types == ("contest", "meetup") and found.country_code == "KE" and found.wikis == ("enwiki",)


@pytest.mark.parametrize("overrides, field", [
    (dict(section="past"), "section"), (dict(types=["dance"]), "types"), (dict(start_date="2030-13-01"), "start_date"),
    (dict(start_date="2030-02-02", end_date="2030-02-01"), "end_date"), (dict(participation="both"), "participation"),
    (dict(country_code="FRA"), "country_code"), (dict(wikis=["En Wiki"]), "wikis"),
    (dict(topics=[f"t{n}" for n in range(11)]), "topics"), (dict(page_size=51), "page_size"),
    (dict(name="x" * 256), "name"),
])
def test_each_bad_value_names_its_field(overrides, field):
    found, problems = _check(**overrides)
    assert found is None and [p.field for p in problems] == [field]


def test_country_is_ignored_when_looking_for_online_events_only():
    online, _ = _check(country_code="KE", participation="online")
    anywhere, _ = _check(country_code="KE")
    assert not online.country_applies and anywhere.country_applies


def test_page_tokens_round_trip_and_refuse_forgery_or_other_filters():
    secret = b"s" * 32
    token = page_tokens.encode(["2030-01-02T00:00:00+00:00", 42], "filters A", secret)
    assert page_tokens.decode(token, "filters A", secret) == ["2030-01-02T00:00:00+00:00", 42]
    for bad_token, fingerprint, key in ((token, "filters B", secret), (token, "filters A", b"t" * 32),
                                        (token[:-2] + "AA", "filters A", secret), ("%%%", "filters A", secret)):
        with pytest.raises(InvalidArgument):
            page_tokens.decode(bad_token, fingerprint, key)


def test_rows_show_three_wikis_and_the_creator_first():
    assert rows.some_wikis(["a", "b", "c", "d", "e"]) == (["a", "b", "c"], 2)
    people = [(2, "Bea", False), (1, "Ada", True), (3, "Cy", False)]
    assert rows.some_organizers(people) == ([(1, "Ada", True), (2, "Bea", False)], 1)
