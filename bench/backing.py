"""What every benchmark runs on: a real PostgreSQL and nats-server in a temporary folder, on free ports."""
import contextlib
import pathlib
import shutil
import tempfile
from collections.abc import Iterator

from eventcenter.services.devstack.nats import EmbeddedNats
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.devstack.postgres import EmbeddedPostgres


@contextlib.contextmanager
def postgres_and_nats(keep: bool = False) -> Iterator[tuple[EmbeddedPostgres, EmbeddedNats]]:
    """Both servers started; stopped afterwards, and their folder removed unless `keep` (to read the logs)."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="eventcenter-bench-"))
    postgres, nats = EmbeddedPostgres(folder / "pg", free_port()), EmbeddedNats(folder / "nats", free_port())
    postgres.start()
    nats.start()
    try:
        yield postgres, nats
    finally:
        nats.stop()
        postgres.stop()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
