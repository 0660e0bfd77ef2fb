"""A NATS server of a test module's own with the users of kernel/nats_access.py (as the tests' shared one), and
the refusals its users are given: what such a test publishes reaches no service's consumer."""
import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

from eventcenter.services.devstack.nats import EmbeddedNats
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.kernel import bus, nats_access


def own_server(tmp_path_factory) -> Iterator[EmbeddedNats]:
    """For a module's fixture: `yield from own_server(tmp_path_factory)`."""
    passwords = {user: secrets.token_urlsafe(24) for user in nats_access.USERS}
    running = EmbeddedNats(tmp_path_factory.mktemp("nats"), free_port(), passwords=passwords)
    running.start()
    yield running
    running.stop()


class Refusals:
    """The server's refusals, which reach a client asynchronously (its error callback)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def note(self, error: Exception) -> None:
        self.seen.append(str(error).lower())

    def violations(self) -> list[str]:
        return [s for s in self.seen if "permissions violation" in s]

    async def wait_for(self, what: str) -> str:
        for _ in range(100):
            found = [s for s in self.violations() if what.lower() in s]
            if found:
                return found[0]
            await asyncio.sleep(0.05)
        raise AssertionError(f"no refusal for {what}: {self.seen}")


async def connect_as(server: EmbeddedNats, user: str, refusals: Refusals):
    return await bus.connect(server.url, f"test-{user}", user=user, password=server.passwords[user],
                             error_cb=refusals.note)


@asynccontextmanager
async def connected_as(server: EmbeddedNats, user: str) -> AsyncIterator[tuple[object, Refusals]]:
    """A connection as `user` and the refusals the server sends it, closed at the end."""
    refusals = Refusals()
    connection = await connect_as(server, user, refusals)
    try:
        yield connection, refusals
    finally:
        await connection.close()
