"""The whole system as an operator runs it, for benchmarks: each service its own process (`eventcenter serve`),
on a real PostgreSQL and nats-server and a mail sink, on free loopback ports; their resident memory read from
/proc while a load runs."""
import asyncio
import contextlib
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
from prometheus_client.parser import text_string_to_metric_families

from eventcenter.services.devstack import provision
from eventcenter.services.devstack.nats import EmbeddedNats
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.devstack.postgres import EmbeddedPostgres

DATABASE = "bench"
SERVICES = ("registration", "collaboration", "notifications", "invitations", "contributions")
EXTENSIONS = {"collaboration": ("pg_trgm",)}
EVENTCENTER = pathlib.Path(sys.executable).with_name("eventcenter")


class MailSinkProcess:
    """The mail sink in a process of its own: the SMTP server is outside Event Center, and its CPU is neither the
    services' nor the load generator's."""

    def __init__(self, folder: pathlib.Path, port: int, host: str = "127.0.0.1") -> None:
        self.folder, self.port, self.host = folder, port, host
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "eventcenter.services.devstack.mail_sink",
                                         str(self.folder), str(self.port)])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((self.host, self.port), timeout=1):
                return
            time.sleep(0.05)
        raise RuntimeError("the mail sink did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


@dataclass
class System:
    folder: pathlib.Path
    postgres: EmbeddedPostgres
    nats: EmbeddedNats
    mail: MailSinkProcess
    identity_secret: str
    session_secret: str
    ports: dict[str, int] = field(default_factory=dict)
    metrics_ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def address(self, service: str) -> str:
        return f"127.0.0.1:{self.ports[service]}"

    def metric(self, service: str, name: str) -> float:
        """A sample of the service's /metrics now (0 when it has none yet)."""
        text = httpx.get(f"http://127.0.0.1:{self.metrics_ports[service]}/metrics", timeout=10).text
        return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
                   if sample.name == name)

    def stop_services(self, names: tuple[str, ...]) -> None:
        for name in names:
            self.processes[name].terminate()
        for name in names:
            self.processes[name].wait(timeout=20)

    def rss_mb(self) -> dict[str, float]:
        """Each service's resident memory now (VmRSS), in MB."""
        found = {}
        for name, process in self.processes.items():
            with contextlib.suppress(OSError):
                for line in pathlib.Path(f"/proc/{process.pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        found[name] = int(line.split()[1]) / 1024
        return found

    def cpu_seconds(self) -> dict[str, float]:
        """Each service's CPU time so far (user + system), from /proc/<pid>/stat."""
        return {name: seconds for name, process in self.processes.items()
                if (seconds := _cpu_of(process.pid)) is not None}

    def backing_cpu_seconds(self) -> dict[str, float]:
        """The CPU time of what Event Center runs on: PostgreSQL (the server and every backend), nats-server and
        the mail sink, each the process's own and its children's that are still running."""
        found = {}
        for name, process in (("postgres", self.postgres.process), ("nats", self.nats.process),
                              ("mail sink", self.mail.process)):
            if process is not None:
                found[name] = sum(_cpu_of(pid) or 0.0 for pid in (process.pid, *_children(process.pid)))
        return found


def _cpu_of(pid: int) -> float | None:
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime + stime, and the children's that ended (cutime + cstime: PostgreSQL backends that closed).
    return sum(int(fields[index]) for index in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """Every descendant (PostgreSQL's backends are its postmaster's children)."""
    found = []
    for task in pathlib.Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in map(int, (task / "children").read_text().split()):
                found += [child, *_children(child)]
    return found


def _environment(system: System, service: str, extra: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, "EVENTCENTER_IDENTITY_SECRET": system.identity_secret, "EVENTCENTER_LOG_LEVEL": "warning",
           "EVENTCENTER_NATS_URL": system.nats.url}
    if service == "gateway":
        env.update({
            "EVENTCENTER_ENVIRONMENT": "development", "EVENTCENTER_HTTP_PORT": str(system.ports["gateway"]),
            "EVENTCENTER_SESSION_SECRET": system.session_secret, "EVENTCENTER_DEV_SIGN_IN": "true",
            # One loopback address sends the whole load: the per-address write limit would refuse most of it.
            "EVENTCENTER_ADDRESS_WRITES_PER_MINUTE": "100000000",
            **{f"EVENTCENTER_{name.upper()}_ADDRESS": system.address(name) for name in SERVICES}})
    else:
        env.update({
            "EVENTCENTER_DATABASE_URL": system.postgres.url(service, service, DATABASE),
            "EVENTCENTER_DATABASE_SCHEMA": service, "EVENTCENTER_GRPC_ADDRESS": system.address(service),
            "EVENTCENTER_PAGE_TOKEN_SECRET": secrets.token_urlsafe(48),
            "EVENTCENTER_SMTP_HOST": system.mail.host, "EVENTCENTER_SMTP_PORT": str(system.mail.port),
            "EVENTCENTER_REGISTRATION_ADDRESS": system.address("registration"),
            "EVENTCENTER_METRICS_ADDRESS": f"127.0.0.1:{system.metrics_ports[service]}"})
    env.update(extra)
    return env


async def _ready(system: System, service: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Up when its port answers (the gateway: its health route)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{service} exited with {process.returncode}; see {system.folder}/{service}.log")
        try:
            if service == "gateway":
                async with httpx.AsyncClient() as client:
                    if (await client.get(system.gateway_url + "/healthz")).status_code < 500:
                        return
            else:
                _, writer = await asyncio.open_connection("127.0.0.1", system.ports[service])
                writer.close()
                return
        except (OSError, httpx.HTTPError):
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError(f"{service} did not start; see {system.folder}/{service}.log")


@contextlib.asynccontextmanager
async def running_system(extra_env: dict[str, dict[str, str]] | None = None,
                         keep: bool = False) -> AsyncIterator[System]:
    """Every service and the gateway, each in its own process, migrated and serving."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="eventcenter-bench-"))
    system = System(folder, EmbeddedPostgres(folder / "pg", free_port()), EmbeddedNats(folder / "nats", free_port()),
                    MailSinkProcess(folder / "mail", free_port()), secrets.token_urlsafe(48), secrets.token_urlsafe(48))
    system.postgres.start(durable=True)
    system.nats.start()
    system.mail.start()
    try:
        admin = system.postgres.url(database=DATABASE)
        await provision.ensure_database(system.postgres.url(), DATABASE)
        for service in SERVICES:
            await provision.ensure_service_role(admin, service, service, EXTENSIONS.get(service, ()))
        # free_port never hands out a port twice: two services given one, the second would fail to bind while
        # its readiness check reached the first.
        system.ports = {service: free_port() for service in (*SERVICES, "gateway")}
        system.metrics_ports = {service: free_port() for service in SERVICES}
        for service in (*SERVICES, "gateway"):
            log = (folder / f"{service}.log").open("w")
            process = subprocess.Popen([str(EVENTCENTER), "serve", service], stdout=log, stderr=subprocess.STDOUT,
                                       env=_environment(system, service, (extra_env or {}).get(service, {})))
            system.processes[service] = process
            await _ready(system, service, process)
        await asyncio.sleep(1)
        if failed := [name for name, process in system.processes.items() if process.poll() is not None]:
            raise RuntimeError(f"{', '.join(failed)} stopped after starting; see the logs in {folder}")
        yield system
    finally:
        for process in system.processes.values():
            process.terminate()
        for process in system.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
            if process.poll() is None:
                process.kill()
        system.mail.stop()
        system.nats.stop()
        system.postgres.stop()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
