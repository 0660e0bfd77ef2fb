"""The tests' SMTP server, able to take its time over each mail as a slow or overloaded server does."""
import asyncio

from tests.smtp_server import SmtpServer, _Keeper


class _SlowKeeper(_Keeper):
    def __init__(self) -> None:
        super().__init__()
        self.delay = 0.0  # seconds each mail waits before the server answers

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


class SlowSmtpServer(SmtpServer):
    def __init__(self) -> None:
        super().__init__()
        self.keeper = _SlowKeeper()
        self.controller.handler = self.keeper

    def slow_down(self, seconds: float) -> None:
        self.keeper.delay = seconds

    def message_ids(self, address: str) -> list[str]:
        return [mail["Message-ID"] for mail in self.to(address)]
