"""A client that keeps registering distinct people for a few events and remembers exactly which calls the
service acknowledged (OK), which failed, and how long each took."""
import asyncio
import collections
import itertools
import time

import grpc

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.kernel.identity import Identity
from tests.people import md


class RegistrationLoad:
    def __init__(self, stub, event_ids: list[int], people: list[Identity], per_second: float = 12.0,
                 workers: int = 3) -> None:
        self.stub = stub
        self.people = iter(people)
        self.events = itertools.cycle(event_ids)
        self.interval = workers / per_second
        self.workers = workers
        self.acknowledged: dict[int, int] = {}  # user id -> event id, for every call answered OK
        self.failed: collections.Counter[str] = collections.Counter()  # status code -> calls
        self.latencies: list[float] = []  # seconds, of acknowledged calls
        self.stopping = asyncio.Event()
        self.tasks: list[asyncio.Task] = []

    def start(self) -> "RegistrationLoad":
        self.tasks = [asyncio.create_task(self._worker()) for _ in range(self.workers)]
        return self

    async def stop(self) -> None:
        self.stopping.set()
        await asyncio.gather(*self.tasks)

    async def until_acknowledged(self, more: int, timeout: float = 60.0) -> None:
        """Waits until `more` calls beyond those acknowledged now were acknowledged: the service works again."""
        target = len(self.acknowledged) + more
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < target:
            assert not all(task.done() for task in self.tasks), "the load ran out of people"
            assert time.monotonic() < deadline, f"registrations did not resume; failures: {dict(self.failed)}"
            await asyncio.sleep(0.05)

    async def _worker(self) -> None:
        while not self.stopping.is_set():
            someone = next(self.people, None)
            if someone is None:
                return
            began = time.monotonic()
            failed = not await self.register_one(someone, next(self.events))
            # Paced: a bounded load; a failure (service away) waits as long, so failures do not use up people.
            pause = self.interval - (time.monotonic() - began)
            if pause > 0 or failed:
                await asyncio.sleep(max(pause, 0.1))

    async def register_one(self, someone: Identity, event_id: int) -> bool:
        began = time.monotonic()
        try:
            await self.stub.RegisterParticipant(api.RegisterParticipantRequest(event_id=event_id),
                                                metadata=md(someone), timeout=5)
        except grpc.aio.AioRpcError as error:
            self.failed[error.code().name] += 1
            return False
        self.latencies.append(time.monotonic() - began)
        self.acknowledged[someone.user_id] = event_id
        return True
