"""Associated edits stay in step with the real local MediaWiki: a hidden revision or a deleted page stops
counting, an undeleted page counts again, a moved page is shown under its new title."""
import asyncio
import secrets
import uuid

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from tests.integration.test_contributions import associate, edit, listed, wiki_participant
from tests.people import md, organizer, person
from tests.waiting import eventually


def as_admin(mediawiki, action: str, **params) -> dict:
    """As an administrator of our own: the seeded Admin's edit count is what other tests count on (a move
    writes revisions in its mover's name)."""
    name, password = f"Deleter {uuid.uuid4().hex[:8]}", secrets.token_urlsafe(18)
    mediawiki.wiki.create_users([{"name": name, "password": password, "groups": ["sysop"]}])
    session = mediawiki.wiki.session(name, password)
    try:
        return session.write(action, **params)
    finally:
        session.close()


async def test_deleted_hidden_restored_and_moved_revisions_are_kept_in_step(stub, clock, contributions,
                                                                          contributions_stub, mediawiki):
    olga = organizer()
    editor, password, event = await wiki_participant(stub, clock, contributions_stub, mediawiki, olga)
    name = editor.name
    title = f"Short-lived {uuid.uuid4().hex[:8]}"
    first = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, "Short text.")
    second = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, "Short text, made longer.")
    for rev_id in (first, second):
        await associate(contributions_stub, editor, event.id, rev_id)

    async def counted(edits: int, created: int):
        async def check():
            found = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event.id),
                                                             metadata=md(person()))
            return (found.edits, found.articles_created) == (edits, created)
        await eventually(check)

    async def state() -> dict[int, tuple[bool, str]]:
        return {c.rev_id: (c.deleted, c.page_title) for c in await listed(contributions_stub, olga, event.id)}

    await counted(edits=2, created=1)
    # (The wiki hides the text of any revision but the current one.)
    await asyncio.to_thread(as_admin, mediawiki, "revisiondelete", type="revision", target=title, ids=first,
                            hide="content", reason="test")
    await counted(edits=1, created=0)
    assert await state() == {first: (True, title), second: (False, title)}

    await asyncio.to_thread(as_admin, mediawiki, "delete", title=title, reason="test")
    await counted(edits=0, created=0)
    assert await state() == {first: (True, title), second: (True, title)}  # still listed, marked

    await asyncio.to_thread(as_admin, mediawiki, "undelete", title=title, reason="test")
    await counted(edits=1, created=0)  # the hidden revision stays hidden

    moved = f"Moved {uuid.uuid4().hex[:8]}"
    await asyncio.to_thread(as_admin, mediawiki, "move", **{"from": title, "to": moved, "reason": "test"})

    async def renamed():
        return (await state())[second] == (False, moved)
    await eventually(renamed)
