"""Looking up a wiki's communities: its WikiProjects from Wikidata, a page at a time, cached per replica.

No transaction: nothing of it is in the database, so it does not hold a connection while Wikidata answers."""
import time
from collections.abc import Callable

from eventcenter.services.collaboration.domain import communities as rules
from eventcenter.services.collaboration.domain import page_tokens
from eventcenter.services.collaboration.domain.communities import Community, CommunityPage
from eventcenter.services.collaboration.domain.wiki_sites import language_of, site_url
from eventcenter.services.collaboration.service_layer.ports import WikidataError, WikidataSource
from eventcenter.services.collaboration.service_layer.ttl_cache import TtlCache
from eventcenter.services.kernel.errors import Unavailable, invalid


class CommunityLookup:
    """`seconds` is the caches' clock (monotonic; tests move it on)."""

    def __init__(self, source: WikidataSource, token_secret: bytes,
                 seconds: Callable[[], float] = time.monotonic) -> None:
        self.source = source
        self.token_secret = token_secret
        self.ids = TtlCache(rules.IDS_TTL_SECONDS, seconds)
        self.entities = TtlCache(rules.ENTITIES_TTL_SECONDS, seconds, max_entries=100_000)

    async def list_communities(self, wiki: str, page_size: int = 0, page_token: str = "") -> CommunityPage:
        site = site_url(wiki)
        if site is None:
            raise invalid("wiki", "violation-list-wiki")
        if not 0 <= page_size <= rules.MAX_PAGE:
            raise invalid("page_size", "violation-list-page-size", max=rules.MAX_PAGE)
        size = page_size or rules.DEFAULT_PAGE
        start = 0
        if page_token:
            [start] = page_tokens.decode(page_token, rules.page_token_scope(wiki), self.token_secret)
        try:
            ids = await self._ids(wiki, site)
            shown = ids[start:start + size]
            details = await self._entities(shown, wiki)
        except WikidataError as error:
            raise Unavailable("WIKIDATA_UNAVAILABLE", "error-list-wikidata-unavailable") from error
        token = ""
        if start + size < len(ids):
            token = page_tokens.encode([start + size], rules.page_token_scope(wiki), self.token_secret)
        return CommunityPage([Community(i, **details.get(i, {})) for i in shown], token, len(ids))

    async def _ids(self, wiki: str, site: str) -> list[str]:
        cached = self.ids.get(wiki)
        if cached is None:
            cached = await self.source.wikiproject_ids(site)
            self.ids.put(wiki, cached)
        return cached

    async def _entities(self, ids: list[str], wiki: str) -> dict[str, dict]:
        found = {i: self.entities.get(f"{wiki}:{i}") for i in ids}
        missing = [i for i, value in found.items() if value is None]
        if missing:
            for item_id, details in (await self.source.entities(missing, wiki, language_of(wiki))).items():
                self.entities.put(f"{wiki}:{item_id}", details)
                found[item_id] = details
        return {i: v for i, v in found.items() if v is not None}
