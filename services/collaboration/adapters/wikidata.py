"""A real HTTP client of the Wikidata Query Service (SPARQL) and the Wikidata API (wbgetentities).

Polite as Wikimedia asks: a descriptive User-Agent, few requests (cached by the caller), and retries
with backoff on 429, 5xx and network errors; what still fails is a WikidataError."""
import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from eventcenter.services.collaboration.service_layer.ports import WikidataError

WIKIPROJECT = "Q16695773"
ENTITIES_PER_REQUEST = 50
QUERY = """SELECT ?item WHERE {{
  ?item wdt:P31 wd:{kind} .
  ?article schema:about ?item ; schema:isPartOf <{site}> .
}}"""


def _worth_retrying(error: BaseException) -> bool:
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code == 429 or error.response.status_code >= 500
    return isinstance(error, httpx.TransportError)


class WikidataClient:
    def __init__(self, sparql_url: str, api_url: str, user_agent: str, attempts: int = 4,
                 backoff_seconds: float = 0.5, timeout: float = 20.0) -> None:
        self.sparql_url, self.api_url = sparql_url, api_url
        self.http = httpx.AsyncClient(headers={"user-agent": user_agent}, timeout=timeout)
        self.attempts, self.backoff = attempts, backoff_seconds

    async def _get(self, url: str, params: dict, accept: str) -> dict:
        try:
            return await self._get_retried(url, params, accept)
        except httpx.HTTPError as error:
            raise WikidataError(f"{url} could not answer: {error!r}") from error

    async def _get_retried(self, url: str, params: dict, accept: str) -> dict:
        async for attempt in AsyncRetrying(stop=stop_after_attempt(self.attempts), reraise=True,
                                           wait=wait_exponential(multiplier=self.backoff, max=10),
                                           retry=retry_if_exception(_worth_retrying)):
            with attempt:
                answer = await self.http.get(url, params=params, headers={"accept": accept})
                answer.raise_for_status()
                try:
                    return answer.json()
                except ValueError as error:
                    raise WikidataError(f"{url} answered something that is not JSON") from error
        raise WikidataError("unreachable")  # pragma: no cover (reraise=True raises the last error)

    async def wikiproject_ids(self, site: str) -> list[str]:
        """Item ids of WikiProjects with a sitelink on the site, e.g. ["Q6", "Q42"], in id order."""
        data = await self._get(self.sparql_url, {"query": QUERY.format(kind=WIKIPROJECT, site=site),
                                                 "format": "json"}, "application/sparql-results+json")
        try:
            uris = [row["item"]["value"] for row in data["results"]["bindings"]]
        except (KeyError, TypeError) as error:
            raise WikidataError("unexpected SPARQL answer") from error
        ids = {uri.rsplit("/", 1)[-1] for uri in uris}
        return sorted(ids, key=lambda q: int(q[1:]) if q[1:].isdigit() else 0)

    async def entities(self, ids: list[str], wiki: str, language: str) -> dict[str, dict]:
        """Label, description and the wiki's page of each item (by id)."""
        found: dict[str, dict] = {}
        for start in range(0, len(ids), ENTITIES_PER_REQUEST):
            batch = ids[start:start + ENTITIES_PER_REQUEST]
            data = await self._get(self.api_url, {
                "action": "wbgetentities", "ids": "|".join(batch), "props": "labels|descriptions|sitelinks/urls",
                "languages": language, "languagefallback": "1", "sitefilter": wiki, "format": "json",
                "formatversion": "2"}, "application/json")
            if "error" in data:
                raise WikidataError(str(data["error"].get("info", data["error"])))
            for item_id, entity in (data.get("entities") or {}).items():
                link = (entity.get("sitelinks") or {}).get(wiki) or {}
                found[item_id] = {
                    "label": ((entity.get("labels") or {}).get(language) or {}).get("value", ""),
                    "description": ((entity.get("descriptions") or {}).get(language) or {}).get("value", ""),
                    "title": link.get("title", ""), "url": link.get("url", ""),
                }
        return found

    async def close(self) -> None:
        await self.http.aclose()
