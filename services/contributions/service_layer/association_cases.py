"""Use cases: associate an edit with an event (its author, or an organizer for a public participant), and list an
event's associated edits as the caller may see them (privacy)."""
from dataclasses import dataclass

from eventcenter.services.contributions.domain import privacy, rules
from eventcenter.services.contributions.domain.association import contribution_values
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.contributions.service_layer.events import existing_event
from eventcenter.services.contributions.service_layer.unit_of_work import Work
from eventcenter.services.kernel.errors import NotFound, Unavailable
from eventcenter.services.kernel.id_pages import after_id, page_size, page_token
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.wiki.client import WikiError

DEFAULT_PAGE, MAX_PAGE = 50, 500


async def associate_edit(deps: Dependencies, caller: Identity, event_id: int, wiki: str, rev_id: int):
    """The stored association (a row of adapters.contributions). The wiki is asked between two transactions."""
    rules.require_signed_in(caller)
    rules.require_not_blocked(caller)
    wiki = wiki.strip()
    known = deps.wikis.known()

    async def check_event(work: Work) -> rules.EventFacts:
        event = rules.check_event(await work.copies.event_facts(event_id), wiki, known, work.now)
        # Refused before the wiki is asked only when the association is the caller's own: whether someone else's
        # revision is associated is not told before they are known to be its author or an organizer.
        if await work.contributions.associated_author(wiki, rev_id) == caller.user_id:
            raise rules.already_associated()
        return event
    event = await deps.uow.run(check_event)
    client = deps.wikis.client(wiki)
    try:
        revision = await client.revision_details(rev_id)
        if revision is None:
            raise NotFound("REVISION_NOT_FOUND", "error-contribution-revision-not-found", wiki=wiki, rev_id=rev_id)
        registered = (await client.user_registrations([revision.user])).get(revision.user)
    except WikiError as error:
        raise Unavailable("WIKI_UNAVAILABLE", "error-contribution-wiki-unavailable", wiki=wiki) from error

    async def store(work: Work):
        author = rules.check_revision(
            event, caller.user_id, caller.name, revision.user, revision.hidden,
            await work.copies.active_participant(event.id, revision.user), revision.timestamp)
        privacy.check_consent(caller, event, author)
        row = await work.contributions.add(**contribution_values(
            event, wiki, revision, author, registered, caller.user_id, work.now))
        if row is None:  # associated already (by someone else, or meanwhile)
            raise rules.already_associated()
        return row
    return await deps.uow.run(store)


@dataclass(frozen=True)
class ContributionsPage:
    """One page of an event's edits, newest association first, and how many of its edits the caller is not shown."""
    contributions: list
    next_page_token: str
    hidden_private: int


async def list_contributions(deps: Dependencies, viewer: Identity, event_id: int, size: int,
                             token: str) -> ContributionsPage:
    size = page_size(size, DEFAULT_PAGE, MAX_PAGE)
    before = after_id(token)

    async def read(work: Work) -> ContributionsPage:
        sight = privacy.sight(viewer, await existing_event(work, event_id))
        rows = await work.contributions.page(event_id, before, size + 1, sight)
        hidden = await work.contributions.hidden_count(event_id, sight)
        shown = rows[:size]
        return ContributionsPage(shown, page_token(shown[-1].id) if len(rows) > size else "", hidden)
    return await deps.uow.run(read)
