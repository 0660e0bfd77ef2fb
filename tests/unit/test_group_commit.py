"""Group commit's batching: who waits for whom, and what each call gets back."""
import asyncio

from eventcenter.services.registration.adapters.group_commit import GroupCommit


class Writer:
    """Writes batches when the test lets it: each batch waits for `release`."""

    def __init__(self, outcome=lambda call: call * 10) -> None:
        self.batches: list[list[int]] = []
        self.release = asyncio.Event()
        self.outcome = outcome

    async def __call__(self, calls: list[int]):
        self.batches.append(calls)
        await self.release.wait()
        return [self.outcome(call) for call in calls]


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_lone_call_is_written_at_once_and_calls_arriving_meanwhile_share_the_next_batch():
    writer = Writer()
    commit = GroupCommit(writer, batches_at_once=1)
    first = asyncio.create_task(commit.submit(1))
    await _settle()
    assert writer.batches == [[1]]
    later = [asyncio.create_task(commit.submit(n)) for n in (2, 3, 4)]
    await _settle()
    assert writer.batches == [[1]]  # they wait for the batch being written
    writer.release.set()
    assert await asyncio.gather(first, *later) == [10, 20, 30, 40]
    assert writer.batches == [[1], [2, 3, 4]]


async def test_batches_are_bounded_and_several_are_written_at_once():
    writer = Writer()
    commit = GroupCommit(writer, max_batch=2, batches_at_once=2)
    calls = [asyncio.create_task(commit.submit(n)) for n in range(1, 7)]
    await _settle()
    assert writer.batches == [[1, 2], [3, 4]]
    writer.release.set()
    assert await asyncio.gather(*calls) == [10, 20, 30, 40, 50, 60]
    assert writer.batches == [[1, 2], [3, 4], [5, 6]]


async def test_a_caller_that_gave_up_before_its_batch_is_left_out():
    writer = Writer()
    commit = GroupCommit(writer, batches_at_once=1)
    first = asyncio.create_task(commit.submit(1))
    await _settle()
    impatient, patient = asyncio.create_task(commit.submit(2)), asyncio.create_task(commit.submit(3))
    await _settle()
    impatient.cancel()
    writer.release.set()
    assert await asyncio.gather(first, patient) == [10, 30]
    assert writer.batches == [[1], [3]]


async def test_each_call_gets_its_own_error_and_a_failed_batch_fails_only_its_calls():
    writer = Writer(outcome=lambda call: ValueError(call) if call == 2 else call * 10)
    writer.release.set()
    commit = GroupCommit(writer, batches_at_once=1)
    good, bad = await asyncio.gather(commit.submit(1), commit.submit(2), return_exceptions=True)
    assert good == 10 and isinstance(bad, ValueError)

    async def broken(calls):
        raise ConnectionError("database away")
    failing = GroupCommit(broken)
    results = await asyncio.gather(failing.submit(1), failing.submit(2), return_exceptions=True)
    assert all(isinstance(result, ConnectionError) for result in results)


async def test_a_batch_left_undecided_answers_none_to_each_call():
    async def undecided(calls):
        return None
    commit = GroupCommit(undecided)
    assert await asyncio.gather(commit.submit(1), commit.submit(2)) == [None, None]


async def test_a_call_coming_as_the_last_writer_finishes_is_still_written():
    writer = Writer()
    writer.release.set()
    commit = GroupCommit(writer, batches_at_once=1)
    assert await commit.submit(1) == 10
    # Resumed by the writer's answer, this call comes before the finished writer's callbacks have run.
    assert await asyncio.wait_for(commit.submit(2), 5) == 20
