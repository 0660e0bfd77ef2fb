"""Sends linked events' public participants to their Dashboard courses, after the registration change is stored.

The stream consumer only marks a link as changed (in the transaction of the change) and wakes this loop once that
transaction is committed; the loop sends the whole current list, so a retry changes nothing. A sender claims the
link first, so the loop, an organizer's link call and other replicas don't send the same list twice. A Dashboard
that does not answer is recorded on the link and tried again later (backing off); a Dashboard that refuses (a
code) is recorded and not retried until the next change."""
import datetime
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.contributions.adapters import copies, links
from eventcenter.services.contributions.adapters.dashboard import DashboardClient
from eventcenter.services.contributions.domain import dashboard
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.loops import WakeableLoop

log = get_logger(__name__)


class DashboardSync:
    LEASE_SECONDS = 2 * dashboard.TIMEOUT_SECONDS  # a claimed link whose sender died is tried again after this

    def __init__(self, sessions: async_sessionmaker[AsyncSession], client: DashboardClient,
                 now: Callable[[], datetime.datetime], interval: float) -> None:
        self.sessions, self.client, self.now = sessions, client, now
        self.loop = WakeableLoop("dashboard_sync", interval, self.sync_due)
        self.wake, self.run = self.loop.wake, self.loop.run

    @property
    def interval(self) -> float:
        """The first delay before a failed sync is tried again, and how often the loop looks for due ones."""
        return self.loop.interval

    @interval.setter
    def interval(self, seconds: float) -> None:
        self.loop.interval = seconds

    def lease_end(self, now: datetime.datetime) -> datetime.datetime:
        return now + datetime.timedelta(seconds=self.LEASE_SECONDS)

    async def sync_event(self, event_id: int, held: bool = False) -> str:
        """One attempt for one event; "" when the Dashboard has the current state (or another call is sending it),
        else the error code. `held`: the caller already holds the link (it stored it with a lease)."""
        now = self.now()
        async with self.sessions() as session, session.begin():
            link = await (links.get(session, event_id) if held
                          else links.claim(session, event_id, now, self.lease_end(now)))
            if link is None:
                return ""
            names = [] if link.unsync_requested else await copies.public_participant_names(session, event_id)
        course = dashboard.Course(link.dashboard_url, link.course_slug, link.secret)
        if link.unsync_requested:
            code = await self.client.post(course.dashboard_url, dashboard.UNSYNC,
                                          dashboard.unsync_payload(course, event_id))
        else:
            code = await self.client.post(course.dashboard_url, dashboard.UPDATE,
                                          dashboard.participants_payload(course, event_id, names))
        now = self.now()
        async with self.sessions() as session, session.begin():
            if code == dashboard.UNAVAILABLE:
                delay = dashboard.retry_delay(link.attempts + 1, self.interval)
                await links.failed(session, event_id, code, now + datetime.timedelta(seconds=delay), None)
            elif link.unsync_requested:  # the event is gone: nothing more to do, whatever the Dashboard said
                await links.remove(session, event_id)
            elif code:
                await links.failed(session, event_id, code, None, link.change_version)
            else:
                await links.synced(session, event_id, link.change_version, now)
        log.info("dashboard_synced" if not code else "dashboard_sync_failed", event_id=event_id,
                 participants=len(names), code=code)
        return code

    async def sync_due(self) -> None:
        async with self.sessions() as session:
            event_ids = await links.due(session, self.now())
        for event_id in event_ids:
            await self.sync_event(event_id)
