"""A local stand-in for the Wikidata Query Service and the Wikidata API, answering in their real JSON formats."""
import asyncio
import contextlib
import socket

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


class LocalWikidata:
    def __init__(self, items: dict[str, dict]) -> None:
        """items: {"Q123": {"sites": {"enwiki": "Wikipedia:WikiProject Art"}, "label": {"en": ...}, ...}}"""
        self.items = items
        self.requests: list[tuple[str, dict, dict]] = []
        self.failures: list[int] = []  # statuses to answer before the next real answer, in order

    def _fail(self) -> JSONResponse | None:
        if self.failures:
            return JSONResponse({"error": "busy"}, status_code=self.failures.pop(0))
        return None

    async def sparql(self, request: Request) -> JSONResponse:
        self.requests.append(("sparql", dict(request.query_params), dict(request.headers)))
        failed = self._fail()
        if failed:
            return failed
        query = request.query_params["query"]
        site = query.split("schema:isPartOf <", 1)[1].split(">", 1)[0]
        wiki = {"https://en.wikipedia.org/": "enwiki", "https://fr.wikipedia.org/": "frwiki"}.get(site, "")
        bindings = [{"item": {"type": "uri", "value": f"http://www.wikidata.org/entity/{item_id}"}}
                    for item_id, item in self.items.items() if wiki in item["sites"]]
        return JSONResponse({"head": {"vars": ["item"]}, "results": {"bindings": bindings}},
                            media_type="application/sparql-results+json")

    async def api(self, request: Request) -> JSONResponse:
        params = dict(request.query_params)
        self.requests.append(("api", params, dict(request.headers)))
        failed = self._fail()
        if failed:
            return failed
        wiki, language = params["sitefilter"], params["languages"]
        entities = {}
        for item_id in params["ids"].split("|"):
            item = self.items.get(item_id)
            if item is None:
                entities[item_id] = {"id": item_id, "missing": ""}
                continue
            title = item["sites"].get(wiki)
            entities[item_id] = {
                "type": "item", "id": item_id,
                "labels": {language: {"language": language, "value": item["label"][language]}},
                "descriptions": {language: {"language": language, "value": item["description"][language]}},
                "sitelinks": {wiki: {"site": wiki, "title": title, "badges": [],
                                     "url": f"https://{wiki[:2]}.wikipedia.org/wiki/{title.replace(' ', '_')}"}}
                if title else {},
            }
        return JSONResponse({"entities": entities, "success": 1})

    async def start(self) -> str:
        app = Starlette(routes=[Route("/sparql", self.sparql), Route("/w/api.php", self.api)])
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="off"))
        self.server.capture_signals = contextlib.nullcontext
        self.task = asyncio.create_task(self.server.serve(sockets=[sock]))
        while not self.server.started:
            await asyncio.sleep(0.01)
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        self.server.should_exit = True
        await self.task
