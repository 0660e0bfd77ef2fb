"""The wikis events may track: one shared MediaWiki client each (bounded concurrency per wiki)."""
from eventcenter.services.kernel.mediawiki import MediaWikiClient


class WikiDirectory:
    def __init__(self, api_urls: dict[str, str], user_agent: str, concurrency: int, maxlag: int) -> None:
        self.clients = {wiki: MediaWikiClient(url, user_agent, concurrency, maxlag) for wiki, url in api_urls.items()}

    def known(self) -> set[str]:
        return set(self.clients)

    def client(self, wiki: str) -> MediaWikiClient:
        return self.clients[wiki]

    async def close(self) -> None:
        for client in self.clients.values():
            await client.close()
