"""Runs the gateway under uvicorn inside the current event loop, for `serve`, the dev stack and tests."""
import asyncio
import contextlib

import uvicorn

from eventcenter.services.gateway.app import create_app
from eventcenter.services.gateway.http_protocol import bounded_protocol
from eventcenter.services.gateway.settings import GatewaySettings
from eventcenter.services.kernel.observability import Observability, observe


class GatewayServer:
    def __init__(self, settings: GatewaySettings) -> None:
        self.settings = settings
        config = uvicorn.Config(create_app(settings), host=settings.http_host, port=settings.http_port,
                                log_config=None, access_log=False, lifespan="on", proxy_headers=True,
                                forwarded_allow_ips=settings.forwarded_allow_ips,
                                timeout_keep_alive=settings.http_keep_alive_seconds,
                                http=bounded_protocol(settings.http_head_timeout_seconds,
                                                      settings.http_max_connections),
                                # uvicorn counts the asking connection too: N + 1 lets N connections be served.
                                limit_concurrency=settings.http_max_connections + 1)
        self.server = uvicorn.Server(config)
        self.server.capture_signals = contextlib.nullcontext  # the caller owns SIGINT and SIGTERM
        self.task: asyncio.Task | None = None
        self.observability: Observability | None = None

    async def start(self) -> int:
        self.observability = await observe("gateway", self.settings.metrics_address, self.settings.otlp_endpoint)
        self.task = asyncio.create_task(self.server.serve())
        while not self.server.started:
            if self.task.done():
                self.task.result()
            await asyncio.sleep(0.02)
        return self.server.servers[0].sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self.server.should_exit = True
        if self.task is not None:
            await self.task
        if self.observability is not None:
            await self.observability.close()
