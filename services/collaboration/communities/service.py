"""ListCommunities: a wiki's WikiProjects, 20 a page (at most 50), ids cached a week and entities an hour."""
import httpx

from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.services.collaboration.communities.cache import TtlCache
from eventcenter.services.collaboration.communities.sites import language_of, site_url
from eventcenter.services.collaboration.communities.wikidata import WikidataClient, WikidataError
from eventcenter.services.collaboration.domain import page_tokens
from eventcenter.services.kernel.errors import Unavailable, invalid

IDS_TTL = 7 * 24 * 3600
ENTITIES_TTL = 3600
DEFAULT_PAGE, MAX_PAGE = 20, 50


class Communities:
    def __init__(self, client: WikidataClient, token_secret: bytes) -> None:
        self.client = client
        self.token_secret = token_secret
        self.ids = TtlCache(IDS_TTL)
        self.entities = TtlCache(ENTITIES_TTL, max_entries=100_000)

    async def list_communities(self, request: api.ListCommunitiesRequest) -> api.ListCommunitiesResponse:
        site = site_url(request.wiki)
        if site is None:
            raise invalid("wiki", "violation-list-wiki")
        if not 0 <= request.page_size <= MAX_PAGE:
            raise invalid("page_size", "violation-list-page-size", max=MAX_PAGE)
        size = request.page_size or DEFAULT_PAGE
        start = 0
        if request.page_token:
            [start] = page_tokens.decode(request.page_token, f"communities:{request.wiki}", self.token_secret)
        try:
            ids = await self._ids(request.wiki, site)
            shown = ids[start:start + size]
            details = await self._entities(shown, request.wiki)
        except (WikidataError, httpx.HTTPError) as error:
            raise Unavailable("WIKIDATA_UNAVAILABLE", "error-list-wikidata-unavailable") from error
        token = ""
        if start + size < len(ids):
            token = page_tokens.encode([start + size], f"communities:{request.wiki}", self.token_secret)
        return api.ListCommunitiesResponse(
            communities=[api.Community(id=i, **details.get(i, {})) for i in shown], next_page_token=token,
            total=len(ids))

    async def _ids(self, wiki: str, site: str) -> list[str]:
        cached = self.ids.get(wiki)
        if cached is None:
            cached = await self.client.wikiproject_ids(site)
            self.ids.put(wiki, cached)
        return cached

    async def _entities(self, ids: list[str], wiki: str) -> dict[str, dict]:
        found = {i: self.entities.get(f"{wiki}:{i}") for i in ids}
        missing = [i for i, value in found.items() if value is None]
        if missing:
            for item_id, details in (await self.client.entities(missing, wiki, language_of(wiki))).items():
                self.entities.put(f"{wiki}:{item_id}", details)
                found[item_id] = details
        return {i: v for i, v in found.items() if v is not None}
