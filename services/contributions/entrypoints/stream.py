"""The feed of this service: one durable consumer of registration events, each applied in the consumer's
transaction (its message id commits with its effect)."""
from collections.abc import Callable

from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.contributions.adapters.tables import processed_messages, user_standings
from eventcenter.services.contributions.service_layer.registration_event_cases import apply_registration_event
from eventcenter.services.contributions.service_layer.unit_of_work import ContributionsUnitOfWork, work_on
from eventcenter.services.kernel import standings
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.consumer import DurableConsumer, Handler

SUBJECTS = ["eventcenter.registration.v1.>"]


def registration_event_handler(clock: Clock | None = None,
                               dashboard_changed: Callable[[], None] | None = None) -> Handler:
    """A consumer's handler of registration events; `dashboard_changed` wakes the Dashboard sync worker."""
    clock = clock or Clock()

    async def handle(session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        await apply_registration_event(work_on(session, clock.now()), type_name, data, dashboard_changed)
    return handle


def consumer(js: JetStreamContext, uow: ContributionsUnitOfWork, name: str,
             dashboard_changed: Callable[[], None] | None = None) -> DurableConsumer:
    return DurableConsumer(js, uow.sessions, processed_messages, name, SUBJECTS,
                           standings.consuming(user_standings, registration_event_handler(uow.clock,
                                                                                          dashboard_changed)))
