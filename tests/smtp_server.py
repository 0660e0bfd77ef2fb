"""A real SMTP server (aiosmtpd) for the tests: keeps what it receives, and can be told to refuse."""
import asyncio
import email
import email.policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from eventcenter.services.devstack.ports import free_port


class _Keeper:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.refusal = ""  # an SMTP reply such as "451 try later", or nothing to accept
        self.refusals: dict[str, str] = {}  # the same, for one recipient
        self.hold_after: int | None = None  # once this many arrived, later messages wait (no reply yet)
        self.holding = 0  # messages waiting now

    async def handle_DATA(self, server, session, envelope):
        if self.hold_after is not None and len(self.received) >= self.hold_after:
            # If the sender goes away meanwhile, aiosmtpd cancels this handler: the message is not kept,
            # as a real server keeps nothing it did not answer "250" to.
            self.holding += 1
            try:
                while self.hold_after is not None:
                    await asyncio.sleep(0.01)
            finally:
                self.holding -= 1
        refusal = self.refusal or next((self.refusals[r] for r in envelope.rcpt_tos if r in self.refusals), "")
        if refusal:
            return refusal
        self.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


class SmtpServer:
    def __init__(self) -> None:
        self.keeper = _Keeper()
        self.port = free_port()
        self.controller = Controller(self.keeper, hostname="127.0.0.1", port=self.port)

    @property
    def received(self) -> list[EmailMessage]:
        return self.keeper.received

    def refuse(self, reply: str, address: str = "") -> None:
        """Answers every message (or those to `address`) with `reply`; an empty reply accepts again."""
        if address:
            self.keeper.refusals[address] = reply
        else:
            self.keeper.refusal = reply

    def hold_after(self, count: int | None) -> None:
        """Once `count` messages arrived, every later one waits unanswered until this is called with None."""
        self.keeper.hold_after = count

    @property
    def holding(self) -> int:
        return self.keeper.holding

    def to(self, address: str) -> list[EmailMessage]:
        return [mail for mail in self.received if mail["To"] == address]

    async def wait_for(self, address: str, count: int = 1, timeout: float = 15.0) -> list[EmailMessage]:
        """Mail to `address`, once `count` arrived (or the time is up; then whatever there is)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.to(address)) < count and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        return self.to(address)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
