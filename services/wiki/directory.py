"""The wikis a service reads (worklists, tracked events): one MediaWiki client each, with bounded concurrency
per wiki, and where each wiki's user pages are."""
from urllib.parse import quote

from eventcenter.services.wiki.client import MediaWikiClient


class WikiDirectory:
    def __init__(self, api_urls: dict[str, str], user_agent: str, concurrency: int, maxlag: int,
                 attempts: int = 6) -> None:
        self.api_urls = api_urls
        self.clients = {wiki: MediaWikiClient(url, user_agent, concurrency, maxlag, attempts)
                        for wiki, url in api_urls.items()}
        self.article_paths: dict[str, str] = {}

    def known(self) -> set[str]:
        return set(self.api_urls)

    def client(self, wiki: str) -> MediaWikiClient:
        return self.clients[wiki]

    async def user_page_url(self, wiki: str, user_name: str) -> str:
        """From the wiki's own server and article path (asked once)."""
        if wiki not in self.article_paths:
            site = await self.clients[wiki].site()
            server = site["server"]  # Wikimedia wikis answer "//en.wikipedia.org"
            self.article_paths[wiki] = ("https:" + server if server.startswith("//") else server) + site["articlepath"]
        return self.article_paths[wiki].replace("$1", quote(f"User:{user_name}".replace(" ", "_"), safe=":/"))

    async def close(self) -> None:
        for client in self.clients.values():
            await client.close()
