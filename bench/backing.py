"""What every benchmark runs on: a real PostgreSQL and nats-server in a temporary folder, on free ports; and
which code it measured."""
import contextlib
import os
import pathlib
import shutil
import subprocess
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


def source_facts() -> str:
    """The commit measured, and whether the service code differed from it."""
    root = pathlib.Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--", "services", "protos"], cwd=root,
                                 capture_output=True, text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    changed = [line[3:] for line in changed if line.strip()]
    return head + (f" with local changes to {', '.join(changed)}" if changed else "")


def results_folder() -> pathlib.Path:
    """bench/results, or EVENTCENTER_BENCH_RESULTS (the tests' small runs write there, not over the results)."""
    return pathlib.Path(os.environ.get("EVENTCENTER_BENCH_RESULTS") or pathlib.Path(__file__).parent / "results")
