"""Contributions' use cases on in-memory adapters wired through the real bootstrap (no PostgreSQL, no NATS, no
wiki): associating edits and who may, a Dashboard course linked and unlinked, an edit deleted on its wiki, listing
with privacy, metrics and goal progress, and the registration events that keep the service's copies (the newest
wins)."""
import datetime

import pytest

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contributions.bootstrap import Wired, bootstrap
from eventcenter.services.contributions.service_layer import (
    association_cases,
    dashboard_link_cases,
    metric_cases,
    revision_check_cases,
)
from eventcenter.services.contributions.service_layer.registration_event_cases import apply_registration_event
from eventcenter.services.kernel.errors import Aborted, FailedPrecondition, NotFound, PermissionDenied
from eventcenter.services.kernel.identity import ANONYMOUS, RIGHT_ORGANIZER, Identity
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.wiki.client import RevisionDetails
from tests.service_layer.fakes_contributions import FakeClock, FakeDashboard, FakeUnitOfWork, FakeWikis

NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
WIKI, EVENT, OTHER_EVENT = "testwiki", 7, 8
DASHBOARD = "https://outreachdashboard.wmflabs.org"
OLGA = Identity(10, "Olga", frozenset({RIGHT_ORGANIZER}))  # the events' organizer
ADA, BEA, CY = Identity(1, "Ada"), Identity(2, "Bea"), Identity(3, "Cy")  # public, private, not taking part


def event(event_id: int, revision: int, **changes) -> pb.Event:
    values = dict(id=event_id, revision=revision, wikis=[WIKI], tracks_contributions=True,
                  start_time=timestamp(NOW - datetime.timedelta(days=1)),
                  end_time=timestamp(NOW + datetime.timedelta(days=1)))
    return pb.Event(**{**values, **changes})


def registered(person: Identity, revision: int = 1, private: bool = False,
               state: int = pb.REGISTRATION_STATE_REGISTERED) -> pb.Participant:
    return pb.Participant(user_id=person.user_id, user_name=person.name, private=private, state=state,
                          revision=revision)


async def feed(wired: Wired, *payloads) -> None:
    for payload in payloads:
        await wired.deps.uow.run(lambda work, p=payload: apply_registration_event(
            work, p.DESCRIPTOR.full_name, p.SerializeToString(), wired.deps.dashboard_changed))


def edit(wired: Wired, rev_id: int, author: Identity, size: int = 120, title: str = "Lighthouse") -> int:
    """A revision on the fake wiki, made an hour ago."""
    wired.deps.wikis.client(WIKI).revisions[rev_id] = RevisionDetails(
        rev_id, 0, title, 0, author.name, author.user_id, NOW - datetime.timedelta(hours=1), size, 0, 2, 0, False)
    return rev_id


@pytest.fixture
async def wired() -> Wired:
    """Olga's event, with Ada registered publicly and Bea privately, and another event of hers."""
    clock = FakeClock(NOW)
    wired = bootstrap(FakeUnitOfWork(clock), FakeWikis(WIKI), FakeDashboard(frozenset({DASHBOARD})), clock)
    organizers = [pb.Organizer(user_id=OLGA.user_id, user_name=OLGA.name)]
    await feed(wired, events_pb2.EventCreated(event=event(EVENT, 1), organizers=organizers),
               events_pb2.EventCreated(event=event(OTHER_EVENT, 1), organizers=organizers),
               events_pb2.ParticipantRegistered(event=event(EVENT, 1), participant=registered(ADA)),
               events_pb2.ParticipantRegistered(event=event(EVENT, 1), participant=registered(BEA, private=True)))
    return wired


async def associate(wired: Wired, caller: Identity, rev_id: int, event_id: int = EVENT):
    return await association_cases.associate_edit(wired.deps, caller, event_id, f" {WIKI} ", rev_id)


async def test_an_author_associates_their_own_edit_once(wired):
    row = await associate(wired, ADA, edit(wired, 100, ADA, size=520))
    assert (row.event_id, row.user_id, row.associated_by, row.private) == (EVENT, ADA.user_id, ADA.user_id, False)
    assert (row.bytes_delta, row.words_added, row.page_created, row.create_time) == (520, 100, True, NOW)
    with pytest.raises(Exception) as again:
        await associate(wired, ADA, 100)
    assert again.value.reason == "REVISION_ALREADY_ASSOCIATED"


async def test_an_edit_by_someone_not_taking_part_is_refused_and_nothing_is_stored(wired):
    with pytest.raises(FailedPrecondition) as refused:
        await associate(wired, CY, edit(wired, 101, CY))
    assert refused.value.reason == "AUTHOR_NOT_PARTICIPANT"
    with pytest.raises(PermissionDenied) as not_theirs:  # nor by someone else who organizes nothing
        await associate(wired, ADA, edit(wired, 102, BEA))
    assert not_theirs.value.reason == "NOT_AUTHOR_OR_ORGANIZER"
    assert wired.deps.uow.contributions.rows == {}


async def test_an_organizer_associates_a_public_participants_edit_but_not_a_private_ones(wired):
    row = await associate(wired, OLGA, edit(wired, 103, ADA))
    assert (row.user_id, row.associated_by) == (ADA.user_id, OLGA.user_id)
    with pytest.raises(PermissionDenied) as refused:
        await associate(wired, OLGA, edit(wired, 104, BEA))
    assert refused.value.reason == "PRIVATE_PARTICIPANT_EDIT"
    own = await associate(wired, BEA, 104)  # Bea associates it herself
    assert (own.user_id, own.private) == (BEA.user_id, True)


async def test_a_linked_dashboard_course_is_unlinked(wired):
    dashboard = wired.deps.dashboard
    link = await dashboard_link_cases.link_dashboard_course(wired.deps, OLGA, EVENT, DASHBOARD, "Org/Course", "s3")
    assert (link.course_slug, link.synced_version) == ("Org/Course", 1)
    assert [action for _, action, _ in dashboard.received] == [
        "confirm_event_sync", "confirm_event_sync", "update_event_participants"]
    assert dashboard.received[-1][2]["participant_usernames"] == ["Ada"]  # never the private participant
    with pytest.raises(PermissionDenied):
        await dashboard_link_cases.unlink_dashboard_course(wired.deps, ADA, EVENT)

    await dashboard_link_cases.unlink_dashboard_course(wired.deps, OLGA, EVENT)
    assert dashboard.received[-1][1] == "unsync_event"
    with pytest.raises(NotFound):
        await dashboard_link_cases.dashboard_link(wired.deps, OLGA, EVENT)


async def test_an_edit_deleted_on_its_wiki_stops_counting_until_it_is_restored(wired):
    await associate(wired, ADA, edit(wired, 114, ADA))
    await associate(wired, ADA, edit(wired, 115, ADA))
    client = wired.deps.wikis.client(WIKI)
    client.deleted.add(115)
    schedule = revision_check_cases.CheckSchedule(datetime.timedelta(minutes=10))
    assert await revision_check_cases.check_due(wired.deps, schedule) == 1
    assert (await metric_cases.event_metrics(wired.deps, EVENT))[0].edits == 1
    page = await association_cases.list_contributions(wired.deps, ANONYMOUS, EVENT, 0, "")
    assert [(r.rev_id, r.deleted) for r in page.contributions] == [(115, True), (114, False)]  # kept, not counted
    assert await revision_check_cases.check_due(wired.deps, schedule) is None  # the next pass is not due yet

    client.deleted.clear()
    wired.deps.clock.advance(minutes=11)
    assert await revision_check_cases.check_due(wired.deps, schedule) == 1
    assert (await metric_cases.event_metrics(wired.deps, EVENT))[0].edits == 2


async def test_private_participants_edits_are_listed_only_to_them_and_the_organizers(wired):
    await associate(wired, ADA, edit(wired, 105, ADA))
    await associate(wired, BEA, edit(wired, 106, BEA))

    async def listed(viewer: Identity):
        page = await association_cases.list_contributions(wired.deps, viewer, EVENT, 0, "")
        return [row.rev_id for row in page.contributions], page.hidden_private
    assert await listed(ANONYMOUS) == ([105], 1)
    assert await listed(CY) == ([105], 1)
    assert await listed(BEA) == ([106, 105], 0)
    assert await listed(OLGA) == ([106, 105], 0)
    assert await listed(Identity(OLGA.user_id, OLGA.name, OLGA.rights, blocked=True)) == ([105], 1)


async def test_a_page_of_contributions_leads_to_the_next(wired):
    for rev_id in (107, 108, 109):
        await associate(wired, ADA, edit(wired, rev_id, ADA))
    first = await association_cases.list_contributions(wired.deps, ANONYMOUS, EVENT, 2, "")
    rest = await association_cases.list_contributions(wired.deps, ANONYMOUS, EVENT, 2, first.next_page_token)
    assert ([r.rev_id for r in first.contributions], [r.rev_id for r in rest.contributions]) == ([109, 108], [107])
    assert rest.next_page_token == ""


async def test_metrics_count_every_edit_and_the_goal_shows_its_progress(wired):
    await associate(wired, ADA, edit(wired, 110, ADA, size=300))
    await associate(wired, BEA, edit(wired, 111, BEA, size=200, title="Harbour"))
    goal = await metric_cases.set_event_goal(wired.deps, OLGA, EVENT, "edits", 4, None)
    assert (goal.actual, goal.completion, goal.revision) == (2, 0.5, 1)

    counted, progress = await metric_cases.event_metrics(wired.deps, EVENT)
    assert (counted.participants, counted.editors, counted.edits, counted.bytes_added) == (2, 2, 2, 500)
    assert counted.articles_created == 2 and progress == goal  # a private participant's edit counts too
    with pytest.raises(Aborted):  # set from a revision that moved on
        await metric_cases.set_event_goal(wired.deps, OLGA, EVENT, "edits", 10, 0)
    with pytest.raises(PermissionDenied):
        await metric_cases.set_event_goal(wired.deps, ADA, EVENT, "edits", 10, None)


async def test_several_events_count_a_person_once(wired):
    await feed(wired, events_pb2.ParticipantRegistered(event=event(OTHER_EVENT, 1), participant=registered(ADA)))
    await associate(wired, ADA, edit(wired, 112, ADA))
    await associate(wired, ADA, edit(wired, 113, ADA), event_id=OTHER_EVENT)
    together = await metric_cases.events_metrics(wired.deps, [EVENT, OTHER_EVENT, OTHER_EVENT, 999])
    assert (together.participants, together.editors, together.edits) == (2, 1, 2)


async def test_the_newest_copy_of_an_event_and_a_registration_wins(wired):
    copies = wired.deps.uow.copies
    await feed(wired, events_pb2.EventUpdated(event=event(EVENT, 3, wikis=["otherwiki"]),
                                              organizers=[pb.Organizer(user_id=OLGA.user_id)]),
               events_pb2.EventUpdated(event=event(EVENT, 2, tracks_contributions=False),
                                       organizers=[pb.Organizer(user_id=99)]))
    facts = await copies.event_facts(EVENT)
    assert (facts.wikis, facts.tracks_contributions, facts.organizer_ids) == (("otherwiki",), True,
                                                                            frozenset({OLGA.user_id}))
    await feed(wired, events_pb2.ParticipantCancelled(event=event(EVENT, 3), participant=registered(ADA, 5)),
               events_pb2.ParticipantRegistered(event=event(EVENT, 3), participant=registered(ADA, 4)),
               events_pb2.ParticipantRegistered(event=event(EVENT, 3), participant=registered(
                   CY, state=pb.REGISTRATION_STATE_WAITLISTED)))
    assert await copies.active_participant(EVENT, "Ada") is None  # the late, older registration changes nothing
    assert await copies.active_participant(EVENT, "Cy") is None  # waitlisted
    assert await copies.active_count(EVENT) == 1


async def test_a_participant_change_of_a_linked_event_wakes_the_dashboard_sync(wired):
    await dashboard_link_cases.link_dashboard_course(wired.deps, OLGA, EVENT, DASHBOARD, "Org/Course", "s3")
    woken = []
    wired.deps.dashboard_changed = lambda: woken.append(1)
    await feed(wired, events_pb2.ParticipantRegistered(event=event(EVENT, 1), participant=registered(CY)))
    link = await wired.deps.uow.links.get(EVENT)
    assert (woken, link.change_version, link.synced_version) == ([1], 2, 1)
    await feed(wired, events_pb2.ParticipantRegistered(event=event(OTHER_EVENT, 1), participant=registered(CY)))
    assert woken == [1]  # an event with no course
