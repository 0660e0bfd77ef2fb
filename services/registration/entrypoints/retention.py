"""Retention timer: aggregates and deletes due answers, in batches, on an interval."""
import asyncio

from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.registration.service_layer.answer_cases import RETENTION_BATCH, aggregate_due_answers
from eventcenter.services.registration.service_layer.unit_of_work import UnitOfWork

log = get_logger(__name__)


async def run_retention_once(uow: UnitOfWork) -> int:
    total = 0
    while True:
        done = await uow.run(aggregate_due_answers)
        total += done
        if done < RETENTION_BATCH:
            return total


async def retention_timer(uow: UnitOfWork, interval: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            count = await run_retention_once(uow)
            if count:
                log.info("answers_aggregated", participants=count)
        except Exception as error:  # The next tick tries again; nothing is half-done thanks to the transaction.
            log.warning("retention_failed", error=repr(error))
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except TimeoutError:
            pass
