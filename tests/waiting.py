"""Waiting for what a background loop or a stream consumer does."""
import asyncio


async def eventually(check, timeout: float = 20.0):
    """The first truthy answer of `check` (a function or a coroutine function), asked every 0.1 s."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await check() if asyncio.iscoroutinefunction(check) else check()
        if found:
            return found
        assert asyncio.get_running_loop().time() < deadline, "never happened"
        await asyncio.sleep(0.1)
