"""Wiki ids as Wikidata sites, and the time-to-live cache."""
from eventcenter.services.collaboration.domain.wiki_sites import language_of, site_url
from eventcenter.services.collaboration.service_layer.ttl_cache import TtlCache


def test_wiki_ids_become_site_urls():
    assert site_url("enwiki") == "https://en.wikipedia.org/"
    assert site_url("zh_min_nanwiki") == "https://zh-min-nan.wikipedia.org/"
    assert site_url("frwiktionary") == "https://fr.wiktionary.org/"
    assert site_url("commonswiki") == "https://commons.wikimedia.org/"
    assert site_url("not a wiki") is None and site_url("local") is None
    assert language_of("frwiki") == "fr" and language_of("commonswiki") == "en"


def test_entries_expire_after_their_time_and_the_oldest_go_first():
    now = [0.0]
    cache = TtlCache(10, clock=lambda: now[0], max_entries=2)
    cache.put("a", 1)
    now[0] = 9.9
    assert cache.get("a") == 1
    now[0] = 10.0
    assert cache.get("a") is None
    cache.put("b", 2), cache.put("c", 3), cache.put("d", 4)
    assert cache.get("b") is None and cache.get("d") == 4
