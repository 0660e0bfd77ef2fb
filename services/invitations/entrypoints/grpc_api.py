"""gRPC InvitationsService: create a list (checked against registration and the wikis before anything is
queued), read one's own lists, and opt out of being listed."""
import datetime
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.invitations.v1 import invitations_service_pb2 as api
from eventcenter.invitations.v1 import invitations_service_pb2_grpc as api_grpc
from eventcenter.services.invitations.adapters import lists
from eventcenter.services.invitations.adapters.registration import RegistrationClient
from eventcenter.services.invitations.adapters.tables import FAILED, READY
from eventcenter.services.invitations.domain.scoring import HIGHLY_RECOMMENDED, RECOMMENDED, recommendation
from eventcenter.services.invitations.domain.worklist import request_problems
from eventcenter.services.kernel.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    invalid,
)
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.id_pages import after_id, page_size, page_token
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity, signed_in
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.wiki.directory import WikiDirectory
from eventcenter.services.wiki.worklist import Article, existing_articles

STATES = {READY: api.INVITATION_LIST_STATE_READY, FAILED: api.INVITATION_LIST_STATE_FAILED}
GROUPS = {HIGHLY_RECOMMENDED: api.RECOMMENDATION_HIGHLY_RECOMMENDED, RECOMMENDED: api.RECOMMENDATION_RECOMMENDED}
DEFAULT_PAGE, MAX_PAGE = 20, 100


def list_message(row, editors: list | None = None) -> api.InvitationList:
    return api.InvitationList(
        id=row.id, name=row.name, event_id=row.event_id or 0, owner_user_id=row.owner_user_id,
        state=STATES.get(row.state, api.INVITATION_LIST_STATE_PENDING),
        articles=[api.WorklistArticle(wiki=a["wiki"], title=a["title"]) for a in row.articles],
        from_past_participants=row.from_past_participants, articles_read=row.articles_read,
        articles_total=row.articles_total, create_time=timestamp(row.create_time),
        failure=translate("error-list-failed", detail=row.failure) if row.failure else "",
        ready_time=timestamp(row.ready_time),
        editors=[api.InvitedEditor(user_name=e.user_name, score=e.score, user_page_url=e.user_page_url,
                                   recommendation=GROUPS.get(recommendation(e.score), api.RECOMMENDATION_OTHER))
                 for e in editors or ()])


class InvitationsServicer(api_grpc.InvitationsServiceServicer):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], wikis: WikiDirectory,
                 registration: RegistrationClient, now: Callable[[], datetime.datetime],
                 queued: Callable[[], None]) -> None:
        self.sessions, self.wikis, self.registration, self.now, self.queued = sessions, wikis, registration, now, queued

    async def CreateInvitationList(self, request, context):
        caller = signed_in("error-list-sign-in-required")
        if not caller.has(RIGHT_ORGANIZER):
            raise PermissionDenied("ORGANIZER_REQUIRED", "error-organizer-required")
        if caller.blocked:
            raise PermissionDenied("USER_BLOCKED", "error-list-creator-blocked")
        asked = [Article(a.wiki.strip(), a.title.strip()) for a in request.articles]
        problems = request_problems(request.name, asked, request.from_past_participants, self.wikis.known())
        if problems:
            raise InvalidArgument(problems)
        if request.event_id:
            await self._check_event(caller, request.event_id)
        articles = await existing_articles(self.wikis, asked)
        candidates, activity_wikis = None, []
        if request.from_past_participants:
            names, events = await self.registration.past_participants(caller)
            candidates = sorted(names)
            activity_wikis = self._wikis_of(events)
        async with self.sessions() as session, session.begin():
            row = await lists.create(session, caller.user_id, request.name.strip(), request.event_id or None,
                                     articles, candidates, activity_wikis, request.request_id or None, self.now())
        self.queued()
        return list_message(row)

    async def _check_event(self, caller: Identity, event_id: int) -> None:
        event = await self.registration.event(caller, event_id)
        if event is None or event.HasField("delete_time"):
            raise NotFound("EVENT_NOT_FOUND", "error-list-event-not-found", event_id=event_id)
        if caller.user_id not in await self.registration.organizer_ids(caller, event_id):
            raise PermissionDenied("NOT_AN_ORGANIZER", "error-not-your-event", event_id=event_id)
        if event.ended:
            raise FailedPrecondition("EVENT_ENDED", "error-list-event-ended", event_id=event_id)

    def _wikis_of(self, events) -> list[str]:
        known = self.wikis.known()
        named = {w for e in events for w in e.wikis if w in known}
        return sorted(known if any(e.all_wikis for e in events) or not named else named)

    async def GetInvitationList(self, request, context):
        caller = signed_in("error-list-sign-in-required")
        if request.list_id <= 0:
            raise invalid("list_id", "violation-list-id")
        async with self.sessions() as session:
            row = await lists.owned(session, request.list_id, caller.user_id)
            if row is None:
                raise NotFound("LIST_NOT_FOUND", "error-list-not-found", list_id=request.list_id)
            return list_message(row, await lists.editors(session, row.id) if row.state == READY else [])

    async def ListInvitationLists(self, request, context):
        caller = signed_in("error-list-sign-in-required")
        size = page_size(request.page_size, DEFAULT_PAGE, MAX_PAGE)
        async with self.sessions() as session:
            rows = await lists.page_of(session, caller.user_id, after_id(request.page_token), size + 1)
        shown = rows[:size]
        return api.ListInvitationListsResponse(lists=[list_message(row) for row in shown],
                                               next_page_token=page_token(shown[-1].id) if len(rows) > size else "")

    async def GetInvitationOptOut(self, request, context):
        caller = signed_in("error-list-sign-in-required")
        async with self.sessions() as session:
            return api.InvitationOptOut(opted_out=await lists.opted_out(session, caller.user_id))

    async def SetInvitationOptOut(self, request, context):
        caller = signed_in("error-list-sign-in-required")
        async with self.sessions() as session, session.begin():
            await lists.set_opt_out(session, caller.user_id, caller.name, request.opted_out, self.now())
        return api.InvitationOptOut(opted_out=request.opted_out)
