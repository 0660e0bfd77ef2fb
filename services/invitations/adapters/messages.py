"""Invitation lists as the API's protobuf messages: states, recommendation groups and the translated reason a
list failed."""
from eventcenter.invitations.v1 import invitations_service_pb2 as api
from eventcenter.services.invitations.domain.lists import FAILED, READY, InvitationList, ListedEditor, ListPage
from eventcenter.services.invitations.domain.scoring import HIGHLY_RECOMMENDED, RECOMMENDED, recommendation
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.timestamps import timestamp

STATES = {READY: api.INVITATION_LIST_STATE_READY, FAILED: api.INVITATION_LIST_STATE_FAILED}
GROUPS = {HIGHLY_RECOMMENDED: api.RECOMMENDATION_HIGHLY_RECOMMENDED, RECOMMENDED: api.RECOMMENDATION_RECOMMENDED}


def list_message(listed: InvitationList, editors: list[ListedEditor] | None = None) -> api.InvitationList:
    return api.InvitationList(
        id=listed.id, name=listed.name, event_id=listed.event_id or 0, owner_user_id=listed.owner_user_id,
        state=STATES.get(listed.state, api.INVITATION_LIST_STATE_PENDING),
        articles=[api.WorklistArticle(wiki=a["wiki"], title=a["title"]) for a in listed.articles],
        from_past_participants=listed.from_past_participants, articles_read=listed.articles_read,
        articles_total=listed.articles_total, create_time=timestamp(listed.create_time),
        failure=translate("error-list-failed", detail=listed.failure) if listed.failure else "",
        ready_time=timestamp(listed.ready_time),
        editors=[api.InvitedEditor(user_name=e.user_name, score=e.score, user_page_url=e.user_page_url,
                                   recommendation=GROUPS.get(recommendation(e.score), api.RECOMMENDATION_OTHER))
                 for e in editors or ()])


def page_message(page: ListPage) -> api.ListInvitationListsResponse:
    return api.ListInvitationListsResponse(lists=[list_message(listed) for listed in page.lists],
                                           next_page_token=page.next_page_token)
