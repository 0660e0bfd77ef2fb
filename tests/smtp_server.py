"""A real SMTP server (aiosmtpd) for the tests: keeps what it receives, and can be told to refuse."""
import email
import email.policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from eventcenter.services.devstack.ports import free_port


class _Keeper:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.refusal = ""  # an SMTP reply such as "451 try later", or nothing to accept

    async def handle_DATA(self, server, session, envelope):
        if self.refusal:
            return self.refusal
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

    def refuse(self, reply: str) -> None:
        self.keeper.refusal = reply

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
