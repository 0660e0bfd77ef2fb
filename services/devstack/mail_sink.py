"""The dev stack's SMTP server (aiosmtpd): keeps each message it receives as an .eml file in a folder, so a
newcomer can read the mail Event Center sends without a real mail server."""
import pathlib
import time
import uuid

from aiosmtpd.controller import Controller


class _FolderKeeper:
    def __init__(self, folder: pathlib.Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        # Named by arrival time, so a listing in name order is a listing in arrival order.
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        partial = self.folder / (name + ".part")
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.folder / name)  # readers never see half a message
        return "250 Message kept"


class MailSink:
    def __init__(self, folder: pathlib.Path, port: int, host: str = "127.0.0.1") -> None:
        self.folder, self.host, self.port = folder, host, port
        self.controller = Controller(_FolderKeeper(folder), hostname=host, port=port)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def messages(self) -> list[pathlib.Path]:
        """The kept messages, oldest first."""
        return sorted(self.folder.glob("*.eml"))


def main(argv: list[str]) -> None:
    """`python -m eventcenter.services.devstack.mail_sink FOLDER PORT`: the sink as a process of its own (the
    benchmarks keep its CPU apart from their load generator's), until SIGTERM."""
    import signal
    import threading

    sink = MailSink(pathlib.Path(argv[0]), int(argv[1]))
    sink.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    stopped.wait()
    sink.stop()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
