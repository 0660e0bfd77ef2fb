"""A private participant's edits through the real contributions service and the local wiki: listed only to them,
the event's organizers and admins; everyone else pages through the public edits alone (no page holds, skips to or
is cut short by a private one; its token names a public edit), told only how many were left out, while the
metrics count them all. Only the participant associates their edit: an organizer is refused with why, and nobody
learns from AssociateEdit whether a private edit is associated."""
import asyncio
import dataclasses
import uuid

import grpc

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.services.kernel.id_pages import after_id
from eventcenter.services.kernel.identity import ANONYMOUS, RIGHT_ADMIN
from tests import builders
from tests.integration.test_contributions import (
    FIRST,
    associate,
    copied,
    edit,
    new_wiki_account,
    ongoing_event,
    refused,
)
from tests.people import admin, md, organizer, person


@dataclasses.dataclass
class Edits:
    """An ongoing tracking event with a private participant (pia) and a public one (paul), and their revisions."""
    event: object
    pia: object
    pia_password: str
    paul: object
    paul_password: str
    private_revs: list[int]
    public_revs: list[int]
    titles: dict[int, str]  # each revision's page


async def private_and_public_edits(stub, clock, contributions_stub, mediawiki, olga, private_edits: int = 3,
                                   public_edits: int = 2, identity=lambda name: person(name=name)) -> Edits:
    """An ongoing event of `olga`; each participant's edits associated by themselves, alternately (so the ids of
    private and public edits interleave)."""
    private_name, private_password = await new_wiki_account(mediawiki)
    public_name, public_password = await new_wiki_account(mediawiki)
    pia, paul = identity(private_name), identity(public_name)
    event = await ongoing_event(stub, clock, olga)
    await builders.register(stub, md(pia), event.id, private=True)
    await builders.register(stub, md(paul), event.id)
    await copied(contributions_stub, event.id, participants=2)
    made = Edits(event, pia, private_password, paul, public_password, [], [], {})
    for index in range(max(private_edits, public_edits)):
        for who, password, count, revs in ((paul, public_password, public_edits, made.public_revs),
                                           (pia, private_password, private_edits, made.private_revs)):
            if index < count:
                title = f"Privacy page {uuid.uuid4().hex[:8]}"
                rev_id = await asyncio.to_thread(edit, mediawiki.api_url, who.name, password, title, FIRST)
                await associate(contributions_stub, who, event.id, rev_id)
                revs.append(rev_id)
                made.titles[rev_id] = title
    return made


async def every_page(
    contributions_stub, metadata, event_id: int, page_size: int
) -> list[capi.ListContributionsResponse]:
    pages, token = [], ""
    while True:
        page = await contributions_stub.ListContributions(capi.ListContributionsRequest(
            event_id=event_id, page_size=page_size, page_token=token), metadata=metadata)
        pages.append(page)
        token = page.next_page_token
        if not token:
            return pages


async def test_private_edits_are_listed_only_to_the_participant_organizers_and_admins(
        stub, clock, contributions, contributions_stub, mediawiki):
    olga = organizer()
    made = await private_and_public_edits(stub, clock, contributions_stub, mediawiki, olga)
    pia, paul, private_revs, public_revs, event = (made.pia, made.paul, made.private_revs, made.public_revs,
                                                   made.event)
    every = sorted(private_revs + public_revs, reverse=True)  # revisions and associations are in the same order

    outsiders = {"anonymous": ANONYMOUS, "another user": person(), "the public participant": paul,
                 "an organizer of other events": organizer(), "the organizer, blocked": dataclasses.replace(
                     olga, blocked=True), "a blocked admin": person({RIGHT_ADMIN}, blocked=True)}
    for who, identity in outsiders.items():
        for size in (1, 2, 50):
            pages = await every_page(contributions_stub, md(identity), event.id, size)
            shown = [c for page in pages for c in page.contributions]
            assert [c.rev_id for c in shown] == sorted(public_revs, reverse=True), (who, size)
            assert {c.user_name for c in shown} == {paul.name} and not any(c.private for c in shown), who
            assert all(len(page.contributions) == size for page in pages[:-1]), (who, size)  # never cut short
            assert {page.hidden_private for page in pages} == {len(private_revs)}, who
            ids = {c.id for c in shown}
            assert {after_id(page.next_page_token) for page in pages[:-1]} <= ids, who  # tokens name public edits
            assert not {str(rev) for rev in private_revs} & {str(page) for page in pages}, who

    for who, identity in {"the participant": pia, "the organizer": olga, "an admin": admin()}.items():
        pages = await every_page(contributions_stub, md(identity), event.id, 2)
        shown = [c for page in pages for c in page.contributions]
        assert [c.rev_id for c in shown] == every, who
        assert {(c.user_name, c.private) for c in shown if c.rev_id in private_revs} == {(pia.name, True)}, who
        assert pages[0].hidden_private == 0, who

    for identity in (ANONYMOUS, person()):
        metrics = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event.id),
                                                           metadata=md(identity))
        assert (metrics.edits, metrics.editors, metrics.participants) == (len(every), 2, 2)


async def test_only_the_private_participant_associates_their_edits(
        stub, clock, contributions, contributions_stub, mediawiki):
    olga = organizer()
    made = await private_and_public_edits(stub, clock, contributions_stub, mediawiki, olga, private_edits=1,
                                          public_edits=0)
    pia, paul, private_revs, event = made.pia, made.paul, made.private_revs, made.event
    fresh = await asyncio.to_thread(edit, mediawiki.api_url, pia.name, made.pia_password,
                                    f"Privacy page {uuid.uuid4().hex[:8]}", FIRST)

    code, message = await refused(associate(contributions_stub, olga, event.id, fresh))
    assert (code, message) == (
        grpc.StatusCode.PERMISSION_DENIED,
        f"{pia.name} takes part in event {event.id} privately: only they can associate their edits with it.",
    )
    blocked = await refused(associate(contributions_stub, dataclasses.replace(olga, blocked=True), event.id, fresh))
    assert blocked[0] != grpc.StatusCode.OK and "privately" not in blocked[1]  # may not know who is private
    # Whether a private edit is associated already is not told to whoever may not associate it.
    for identity in (person(), paul):
        assert (await refused(associate(contributions_stub, identity, event.id, private_revs[0])))[0] == (
            await refused(associate(contributions_stub, identity, event.id, fresh)))[0] == (
            grpc.StatusCode.PERMISSION_DENIED)
    listed = await contributions_stub.ListContributions(capi.ListContributionsRequest(event_id=event.id),
                                                        metadata=md(olga))
    assert [c.rev_id for c in listed.contributions] == private_revs  # nothing stored by the refusals

    mine = await associate(contributions_stub, pia, event.id, fresh)
    assert (mine.rev_id, mine.user_name, mine.private) == (fresh, pia.name, True)
    assert (await refused(associate(contributions_stub, pia, event.id, fresh)))[0] == grpc.StatusCode.ALREADY_EXISTS
