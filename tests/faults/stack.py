"""The fault tests' own PostgreSQL, NATS and services, each a real process that can be killed (SIGKILL) and
started again on the same port and data, as a crashed container is restarted."""
import asyncio
import os
import pathlib
import secrets
import signal
import subprocess
import sys
from dataclasses import dataclass, field

import asyncpg
import grpc

from eventcenter.services.devstack.nats import nats_server_binary
from eventcenter.services.devstack.ports import free_port, wait_for_port
from eventcenter.services.devstack.postgres import EmbeddedPostgres
from tests.conftest import SECRET

DATABASE = "eventcenter_faults"


class Postgres(EmbeddedPostgres):
    def kill(self) -> None:
        """SIGKILL to the postmaster and every backend (its process group), as when its container dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None


class Nats:
    """nats-server with JetStream from a config file, so that a restart can change its storage limit."""

    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"nats://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, max_file_store: int | None = None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        limit = f", max_file_store: {max_file_store}" if max_file_store else ""
        config = self.folder / "nats.conf"
        config.write_text(f'listen: "127.0.0.1:{self.port}"\n'
                          f'jetstream {{ store_dir: "{self.folder / "store"}"{limit} }}\n')
        with open(self.folder / "server.log", "ab") as log:  # the server keeps its own copy of the descriptor
            self.process = subprocess.Popen([nats_server_binary(), "-c", str(config)],
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port("127.0.0.1", self.port)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


class Service:
    """`eventcenter serve <name>` in its own process, on a fixed port so that clients find it again."""

    def __init__(self, name: str, folder: pathlib.Path, settings: dict) -> None:
        self.name = name
        self.port = free_port()
        self.log = folder / f"{name}.log"
        values = dict(grpc_address=f"127.0.0.1:{self.port}", identity_secret=SECRET, log_level="warning",
                      shutdown_grace_seconds=1, **settings)
        self.env = {**os.environ, **{f"EVENTCENTER_{k.upper()}": str(v) for k, v in values.items()}}
        self.process: asyncio.subprocess.Process | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def start(self) -> None:
        with open(self.log, "ab") as log:  # the service keeps its own copy of the descriptor
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "eventcenter.services.cli", "serve", self.name, env=self.env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        async with grpc.aio.insecure_channel(self.address) as channel:
            try:
                await asyncio.wait_for(channel.channel_ready(), timeout=60)
            except TimeoutError:
                raise AssertionError(f"{self.name} did not start; see {self.log}") from None

    async def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), timeout=15)
            except TimeoutError:
                await self.kill()


@dataclass
class Stack:
    folder: pathlib.Path
    postgres: Postgres
    nats: Nats
    smtp_port: int
    services: dict[str, Service] = field(default_factory=dict)

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.postgres.port}/{DATABASE}"

    def database_url(self, role: str) -> str:
        return f"postgresql+asyncpg://{role}:{role}@127.0.0.1:{self.postgres.port}/{DATABASE}"

    async def fetch(self, query: str, *args) -> list:
        """Reads any service's schema as the administrator (the test's view, not a service's)."""
        connection = await asyncpg.connect(self.admin_dsn)
        try:
            return await connection.fetch(query, *args)
        finally:
            await connection.close()

    def service_settings(self) -> dict[str, dict]:
        common = dict(nats_url=self.nats.url, relay_idle_seconds=0.05)
        return {
            "registration": dict(database_url=self.database_url("registration"), **common),
            "collaboration": dict(
                database_url=self.database_url("collaboration"), page_token_secret=secrets.token_urlsafe(32),
                # Nothing listens there: the tests never reach the real Wikidata.
                wikidata_sparql_url="http://127.0.0.1:9/sparql", wikidata_api_url="http://127.0.0.1:9/w/api.php",
                **common),
            # Claims lapse after 2 s, so mail caught by a kill goes out again soon (the default waits a minute).
            "notifications": dict(
                database_url=self.database_url("notifications"), smtp_host="127.0.0.1", smtp_port=self.smtp_port,
                mail_from="Event Center <no-reply@eventcenter.test>", public_url="http://eventcenter.test",
                delivery_idle_seconds=0.05, delivery_lease_seconds=2, delivery_first_retry_seconds=0.5,
                reminder_interval_seconds=3600, **common),
        }

    async def stop(self) -> None:
        await asyncio.gather(*(service.stop() for service in self.services.values()), return_exceptions=True)
        self.nats.stop()
        self.postgres.stop()
