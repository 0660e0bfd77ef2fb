"""gRPC ContributionsService: associate an edit with an event, list an event's edits, its metrics and goal."""
import datetime
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.contributions.v1 import contributions_service_pb2 as api
from eventcenter.contributions.v1 import contributions_service_pb2_grpc as api_grpc
from eventcenter.services.contributions.adapters import contributions, copies, links, revised, worklists
from eventcenter.services.contributions.adapters.dashboard import DashboardClient
from eventcenter.services.contributions.adapters.tables import gathering, goals
from eventcenter.services.contributions.domain import dashboard, metrics, privacy, rules, worklist
from eventcenter.services.contributions.service_layer.associating import GATHERED, contribution_values
from eventcenter.services.contributions.service_layer.dashboard_sync import DashboardSync
from eventcenter.services.contributions.service_layer.gathering import Gatherer
from eventcenter.services.kernel.errors import FailedPrecondition, NotFound, Unavailable
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.id_pages import after_id, page_size, page_token
from eventcenter.services.kernel.identity import Identity, current_identity, signed_in
from eventcenter.services.kernel.revisions import changed, expected_of
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.wiki.client import WikiError
from eventcenter.services.wiki.directory import WikiDirectory
from eventcenter.services.wiki.worklist import Article, existing_articles

METRIC_NAMES = {api.Metric.Value("METRIC_" + name.upper()): name for name in metrics.METRICS}
METRIC_VALUES = {name: value for value, name in METRIC_NAMES.items()}
DEFAULT_PAGE, MAX_PAGE = 50, 500


def viewer() -> Identity:
    """The caller as the privacy rule reads them: who they are, their rights and whether they are blocked."""
    return current_identity.get()


def contribution_message(row) -> api.Contribution:
    """Whole: whoever is not shown a private participant's edit is not given it at all (privacy.Sight)."""
    return api.Contribution(
        id=row.id, event_id=row.event_id, wiki=row.wiki, rev_id=row.rev_id, page_title=row.page_title,
        namespace=row.namespace, user_id=row.user_id, user_name=row.user_name,
        private=row.private, edit_time=timestamp(row.edit_time), bytes_delta=row.bytes_delta,
        page_created=row.page_created, links_added=row.links_added, links_removed=row.links_removed,
        words_added=row.words_added, create_time=timestamp(row.create_time), deleted=row.deleted,
        gathered=row.associated_by == GATHERED)


def link_message(row) -> api.DashboardLink:
    """Never the secret; the last error in the caller's language."""
    code = row.last_error_code or ""
    return api.DashboardLink(
        event_id=row.event_id, dashboard_url=row.dashboard_url, course_slug=row.course_slug,
        create_time=timestamp(row.create_time),
        last_sync_time=timestamp(row.last_sync_time) if row.last_sync_time else None,
        last_error=translate(dashboard.message_key(code), course_slug=row.course_slug) if code else "",
        last_error_code=code, failed_attempts=row.attempts if code else 0,
        sync_pending=row.change_version > row.synced_version or row.unsync_requested)


class ContributionsServicer(api_grpc.ContributionsServiceServicer):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], wikis: WikiDirectory,
                 now: Callable[[], datetime.datetime], dashboard_client: DashboardClient | None = None,
                 dashboard_sync: DashboardSync | None = None, gatherer: Gatherer | None = None) -> None:
        self.sessions, self.wikis, self.now = sessions, wikis, now
        self.dashboard, self.dashboard_sync, self.gatherer = dashboard_client, dashboard_sync, gatherer

    async def _organized_event(self, session: AsyncSession, event_id: int) -> rules.EventFacts:
        caller = signed_in("error-contribution-sign-in-required")
        event = await self._event(session, event_id)
        rules.require_organizer(caller, event)
        return event

    async def _link(self, session: AsyncSession, event_id: int):
        link = await links.get(session, event_id)
        if link is None:
            raise NotFound("DASHBOARD_NOT_LINKED", "error-dashboard-not-linked", event_id=event_id)
        return link

    async def _ask_dashboard(self, course: dashboard.Course, action: str, payload: dict,
                             accepted: tuple[str, ...] = ()) -> None:
        code = await self.dashboard.post(course.dashboard_url, action, payload)
        if code == dashboard.UNAVAILABLE:
            raise Unavailable(dashboard.reason(code), dashboard.message_key(code), dashboard_code=code,
                              course_slug=course.course_slug)
        if code and code not in accepted:
            raise dashboard.refusal(code, course_slug=course.course_slug)

    async def LinkDashboardCourse(self, request, context):
        caller = signed_in("error-contribution-sign-in-required")
        rules.require_not_blocked(caller)  # before the course is looked at
        course = dashboard.check_course(request.dashboard_url, request.course_slug, request.secret,
                                        self.dashboard.allowed)
        async with self.sessions() as session:
            event = await self._organized_event(session, request.event_id)
            existing = await links.get(session, event.id)
            organizers = await copies.organizer_names(session, event.id)
        if existing is not None:
            raise FailedPrecondition("DASHBOARD_ALREADY_LINKED", "error-dashboard-already-linked", event_id=event.id,
                                     course_slug=existing.course_slug)
        for dry_run in (True, False):  # the Dashboard checks everything first, then enables the sync
            await self._ask_dashboard(course, dashboard.CONFIRM,
                                      dashboard.confirm_payload(course, event.id, organizers, dry_run))
        now = self.now()
        async with self.sessions() as session, session.begin():
            if not await links.add(session, event.id, course.dashboard_url, course.course_slug, course.secret,
                                   caller.user_id, now, self.dashboard_sync.lease_end(now)):
                raise FailedPrecondition("DASHBOARD_ALREADY_LINKED", "error-dashboard-already-linked",
                                         event_id=event.id, course_slug=course.course_slug)
        await self.dashboard_sync.sync_event(event.id, held=True)  # a failure is recorded on the link and retried
        async with self.sessions() as session:
            return link_message(await self._link(session, event.id))

    async def UnlinkDashboardCourse(self, request, context):
        async with self.sessions() as session:
            event = await self._organized_event(session, request.event_id)
            link = await self._link(session, event.id)
        course = dashboard.Course(link.dashboard_url, link.course_slug, link.secret)
        # A course the Dashboard no longer syncs (or no longer has), or on a Dashboard taken off the operator's
        # list, is unlinked all the same.
        await self._ask_dashboard(course, dashboard.UNSYNC, dashboard.unsync_payload(course, event.id),
                                  accepted=("sync_not_enabled", "course_not_found", dashboard.NOT_ALLOWED))
        async with self.sessions() as session, session.begin():
            await links.remove(session, event.id)
        return api.UnlinkDashboardCourseResponse()

    async def GetDashboardLink(self, request, context):
        async with self.sessions() as session:
            event = await self._organized_event(session, request.event_id)
            return link_message(await self._link(session, event.id))

    async def _event(self, session: AsyncSession, event_id: int) -> rules.EventFacts:
        event = await copies.event_facts(session, event_id)
        if event is None or event.deleted:
            raise NotFound("EVENT_NOT_FOUND", "error-contribution-event-not-found")
        return event

    async def AssociateEdit(self, request, context):
        caller = signed_in("error-contribution-sign-in-required")
        rules.require_not_blocked(caller)
        wiki = request.wiki.strip()
        async with self.sessions() as session:
            event = rules.check_event(await copies.event_facts(session, request.event_id), wiki, self.wikis.known(),
                                      self.now())
            # Refused before the wiki is asked only when the association is the caller's own: whether someone
            # else's revision is associated is not told before they are known to be its author or an organizer.
            if await contributions.associated_author(session, wiki, request.rev_id) == caller.user_id:
                raise rules.already_associated()
        client = self.wikis.client(wiki)
        try:
            revision = await client.revision_details(request.rev_id)
            if revision is None:
                raise NotFound("REVISION_NOT_FOUND", "error-contribution-revision-not-found", wiki=wiki,
                               rev_id=request.rev_id)
            registered = (await client.user_registrations([revision.user])).get(revision.user)
        except WikiError as error:
            raise Unavailable("WIKI_UNAVAILABLE", "error-contribution-wiki-unavailable", wiki=wiki) from error
        async with self.sessions() as session, session.begin():
            author = rules.check_revision(
                event, caller.user_id, caller.name, revision.user, revision.hidden,
                await copies.active_participant(session, event.id, revision.user), revision.timestamp)
            privacy.check_consent(viewer(), event, author)
            row = await contributions.add(session, **contribution_values(
                event, wiki, revision, author, registered, caller.user_id, self.now()))
            if row is None:  # associated already (by someone else, or meanwhile)
                raise rules.already_associated()
        return contribution_message(row)

    async def ListContributions(self, request, context):
        size = page_size(request.page_size, DEFAULT_PAGE, MAX_PAGE)
        before = after_id(request.page_token)
        async with self.sessions() as session:
            sight = privacy.sight(viewer(), await self._event(session, request.event_id))
            rows = await contributions.page(session, request.event_id, before, size + 1, sight)
            hidden = await contributions.hidden_count(session, request.event_id, sight)
        shown = rows[:size]
        return api.ListContributionsResponse(
            contributions=[contribution_message(row) for row in shown],
            next_page_token=page_token(shown[-1].id) if len(rows) > size else "", hidden_private=hidden)

    async def _goal(self, session: AsyncSession, event_id: int, counted: metrics.Metrics) -> api.EventGoal | None:
        goal = await contributions.goal(session, event_id)
        if goal is None:
            return None
        actual = getattr(counted, goal.metric)
        return api.EventGoal(event_id=event_id, metric=METRIC_VALUES[goal.metric], target=goal.target, actual=actual,
                             completion=metrics.completion(actual, goal.target), revision=goal.revision)

    async def _metrics(self, session: AsyncSession, event: rules.EventFacts) -> metrics.Metrics:
        return metrics.count(await contributions.edits(session, event.id),
                             await copies.active_count(session, event.id), event.start, event.end)

    async def GetEventMetrics(self, request, context):
        async with self.sessions() as session:
            event = await self._event(session, request.event_id)
            counted = await self._metrics(session, event)
            goal = await self._goal(session, event.id, counted)
        return api.EventMetrics(event_id=event.id, goal=goal, **{name: getattr(counted, name)
                                                                   for name in metrics.METRICS})

    async def GetMetrics(self, request, context):
        event_ids = list(dict.fromkeys(request.event_ids))
        metrics.check_events(list(request.event_ids))
        counts = []
        async with self.sessions() as session:
            for event_id in event_ids:
                event = await copies.event_facts(session, event_id)
                if event is None or event.deleted:
                    continue
                counts.append(metrics.EventCounts(await contributions.edits(session, event.id),
                                                  await copies.active_ids(session, event.id), event.start, event.end))
        counted = metrics.count_together(counts)
        return api.Metrics(**{name: getattr(counted, name) for name in metrics.METRICS})

    async def SetEventGoal(self, request, context):
        caller = signed_in("error-contribution-sign-in-required")
        metrics.check_goal(METRIC_NAMES.get(request.metric, ""), request.target)
        expected = expected_of(request)
        async with self.sessions() as session, session.begin():
            event = await self._organized_event(session, request.event_id)
            if await contributions.set_goal(session, event.id, METRIC_NAMES[request.metric], request.target,
                                            caller.user_id, self.now(), expected) is None:
                raise changed(expected, await revised.revision(session, goals, event.id))
            return await self._goal(session, event.id, await self._metrics(session, event))

    async def _worklist(self, session: AsyncSession, event_id: int) -> api.Worklist:
        switch = await worklists.switch(session, event_id)
        return api.Worklist(
            event_id=event_id, gather=bool(switch and switch.enabled),
            articles=[api.WorklistArticle(wiki=a.wiki, title=a.title)
                      for a in await worklists.articles(session, event_id)],
            last_gather_time=timestamp(switch.last_time) if switch and switch.last_time else None,
            revision=switch.revision if switch else 0)

    async def SetWorklist(self, request, context):
        caller = signed_in("error-contribution-sign-in-required")
        asked = [Article(a.wiki.strip(), a.title.strip()) for a in request.articles]
        expected = expected_of(request)
        async with self.sessions() as session:
            event = await self._organized_event(session, request.event_id)
            current = await revised.revision(session, gathering, event.id)
        if expected is not None and expected != current:  # said before the wikis are asked; checked again on write
            raise changed(expected, current)
        worklist.check_worklist(event, asked, request.gather, self.wikis.known())
        if request.gather and not event.tracks_contributions:
            raise FailedPrecondition("CONTRIBUTIONS_NOT_TRACKED", "error-contribution-not-tracked",
                                     event_id=event.id)
        articles = await existing_articles(self.wikis, asked)
        async with self.sessions() as session, session.begin():
            if await worklists.replace(session, event.id, articles, request.gather, caller.user_id, self.now(),
                                       expected) is None:
                raise changed(expected, await revised.revision(session, gathering, event.id))
        if request.gather and self.gatherer is not None:
            self.gatherer.wake()
        async with self.sessions() as session:
            return await self._worklist(session, event.id)

    async def GetWorklist(self, request, context):
        async with self.sessions() as session:
            event = await self._event(session, request.event_id)
            return await self._worklist(session, event.id)
