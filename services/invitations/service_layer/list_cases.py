"""Use cases of invitation lists: create one (the caller's rights, the event and the worklist checked with
registration and the wikis before anything is queued), read one of one's own lists, and page through them."""
from dataclasses import dataclass

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.invitations.domain.list_creators import (
    check_event_found,
    check_may_create_lists,
    check_may_list_for_event,
)
from eventcenter.services.invitations.domain.lists import READY, InvitationList, ListedEditor, ListPage, ListRequest
from eventcenter.services.invitations.domain.worklist import request_problems
from eventcenter.services.invitations.service_layer.dependencies import Dependencies
from eventcenter.services.kernel.errors import InvalidArgument, NotFound, invalid
from eventcenter.services.kernel.id_pages import after_id, page_size, page_token
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.wiki.worklist import Article, existing_articles

DEFAULT_PAGE, MAX_PAGE = 20, 100


@dataclass(frozen=True)
class NewList:
    """A list as the caller asks for it, before any check."""
    name: str
    articles: list[Article]
    event_id: int = 0  # 0: for no event
    from_past_participants: bool = False
    request_id: str = ""


async def create_invitation_list(deps: Dependencies, caller: Identity, asked: NewList) -> InvitationList:
    check_may_create_lists(caller)
    articles = [Article(a.wiki.strip(), a.title.strip()) for a in asked.articles]
    problems = request_problems(asked.name, articles, asked.from_past_participants, deps.wikis.known())
    if problems:
        raise InvalidArgument(problems)
    if asked.event_id:
        await _check_event(deps, caller, asked.event_id)
    articles = await existing_articles(deps.wikis, articles)
    candidates, activity_wikis = None, []
    if asked.from_past_participants:
        names, events = await deps.registration.past_participants(caller)
        candidates = sorted(names)
        activity_wikis = _wikis_of(deps.wikis.known(), events)
    request = ListRequest(asked.name.strip(), asked.event_id or None,
                          [{"wiki": a.wiki, "title": a.title} for a in articles], candidates, activity_wikis,
                          asked.request_id or None)
    created = await deps.uow.run(lambda work: work.lists.create(caller.user_id, request, work.now))
    deps.list_queued()
    return created


async def _check_event(deps: Dependencies, caller: Identity, event_id: int) -> None:
    event = await deps.registration.event(caller, event_id)
    check_event_found(event_id, event is not None and not event.HasField("delete_time"))
    assert event is not None
    check_may_list_for_event(caller, event_id, await deps.registration.organizer_ids(caller, event_id), event.ended)


def _wikis_of(known: set[str], events: list[pb.Event]) -> list[str]:
    """The wikis past participants' activity is read on: those of the events, or every known wiki when an event
    is on all of them or none of theirs is known."""
    named = {w for e in events for w in e.wikis if w in known}
    return sorted(known if any(e.all_wikis for e in events) or not named else named)


async def get_invitation_list(deps: Dependencies, caller: Identity,
                              list_id: int) -> tuple[InvitationList, list[ListedEditor]]:
    """One of the caller's lists, with its ranked editors once it is ready."""
    if list_id <= 0:
        raise invalid("list_id", "violation-list-id")

    async def read(work) -> tuple[InvitationList, list[ListedEditor]]:
        listed = await work.lists.owned(list_id, caller.user_id)
        if listed is None:
            raise NotFound("LIST_NOT_FOUND", "error-list-not-found", list_id=list_id)
        return listed, await work.lists.editors(listed.id) if listed.state == READY else []
    return await deps.uow.run(read)


async def list_invitation_lists(deps: Dependencies, caller: Identity, token: str, size_asked: int) -> ListPage:
    size = page_size(size_asked, DEFAULT_PAGE, MAX_PAGE)
    before = after_id(token)
    found = await deps.uow.run(lambda work: work.lists.page_of(caller.user_id, before, size + 1))
    shown = found[:size]
    return ListPage(shown, page_token(shown[-1].id) if len(found) > size else "")
