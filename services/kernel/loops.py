"""A service's background loop: one round now, the next after `interval` seconds or as soon as it is woken."""
import asyncio
from collections.abc import Awaitable, Callable

from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)


class WakeableLoop:
    def __init__(self, name: str, interval: float, round_: Callable[[], Awaitable[object]]) -> None:
        self.name, self.interval, self.round = name, interval, round_
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            self._wake.clear()
            try:
                await self.round()
            except Exception:  # the database or a peer may be restarting: the next round tries again
                log.exception("background_round_failed", loop=self.name)
            # Woken early by wake() or by the service stopping.
            waits = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stopping.wait())]
            try:
                await asyncio.wait(waits, timeout=self.interval, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiting in waits:
                    waiting.cancel()
