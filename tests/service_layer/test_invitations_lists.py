"""Creating and reading invitation lists through the use cases, with in-memory fakes wired by the real bootstrap:
who may create one, what is checked with the wikis and registration before anything is queued, and that a
caller sees only their own lists."""
import pytest

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.invitations.domain.lists import PENDING
from eventcenter.services.invitations.service_layer import list_cases
from eventcenter.services.invitations.service_layer.list_cases import NewList
from eventcenter.services.kernel.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity
from eventcenter.services.wiki.worklist import Article
from tests.service_layer.fakes_invitations import FakeWiki, wired_invitations

ADA = Identity(1, "Ada", frozenset({RIGHT_ORGANIZER}))
BO = Identity(2, "Bo", frozenset({RIGHT_ORGANIZER}))
NOT_AN_ORGANIZER = Identity(3, "Cy")
BLOCKED = Identity(4, "Di", frozenset({RIGHT_ORGANIZER}), blocked=True)


def service():
    wired = wired_invitations(enwiki=FakeWiki(pages={"Moon": 0, "Sun": 0, "Talk:Moon": 1}),
                 dewiki=FakeWiki(pages={"Mond": 0}))
    return wired, wired.service.deps


def worklist(*titles: str, wiki: str = "enwiki") -> list[Article]:
    return [Article(wiki, title) for title in titles]


async def test_an_organizer_creates_a_list_queued_with_the_titles_as_the_wiki_names_them():
    wired, deps = service()
    created = await list_cases.create_invitation_list(deps, ADA, NewList(" Moon week ", worklist(" moon", "Sun")))
    assert (created.name, created.state, created.owner_user_id) == ("Moon week", PENDING, ADA.user_id)
    assert created.articles == [{"wiki": "enwiki", "title": "Moon"}, {"wiki": "enwiki", "title": "Sun"}]
    assert created.articles_total == 2 and created.event_id is None and not created.from_past_participants
    assert list(wired.tables.jobs) == [created.id]
    assert wired.service.worker.wake.is_set()  # the worker need not wait for its next look


@pytest.mark.parametrize("caller, reason", [(NOT_AN_ORGANIZER, "ORGANIZER_REQUIRED"), (BLOCKED, "USER_BLOCKED")])
async def test_only_an_organizer_who_is_not_blocked_may_create_a_list(caller, reason):
    wired, deps = service()
    with pytest.raises(PermissionDenied) as refused:
        await list_cases.create_invitation_list(deps, caller, NewList("Moon", worklist("Moon")))
    assert refused.value.reason == reason
    assert not wired.tables.lists and not wired.tables.jobs and not wired.registration.asked


async def test_every_problem_of_the_request_is_named_before_any_wiki_or_service_is_asked():
    wired, deps = service()
    with pytest.raises(InvalidArgument) as refused:
        await list_cases.create_invitation_list(deps, ADA, NewList(" ", [Article("frwiki", "Lune"),
                                                                        Article("enwiki", " ")], event_id=7))
    assert [v.message_key for v in refused.value.violations] == [
        "violation-list-name", "violation-unknown-wiki", "violation-title-empty"]
    assert not wired.registration.asked and not wired.tables.lists


async def test_a_list_needs_a_worklist_or_past_participants():
    _, deps = service()
    with pytest.raises(InvalidArgument) as refused:
        await list_cases.create_invitation_list(deps, ADA, NewList("Nothing", []))
    assert [v.message_key for v in refused.value.violations] == ["violation-nothing-to-rank"]


async def test_missing_pages_and_pages_that_are_no_articles_are_named_at_once():
    wired, deps = service()
    with pytest.raises(InvalidArgument) as refused:
        await list_cases.create_invitation_list(deps, ADA, NewList("Moon", worklist("Moon", "Mars", "Talk:Moon",
                                                                                   "A[b")))
    assert [(v.field, v.message_key) for v in refused.value.violations] == [
        ("articles[1].title", "violation-page-missing"), ("articles[2].title", "violation-not-an-article"),
        ("articles[3].title", "violation-title-invalid")]
    assert not wired.tables.lists


async def test_a_worklist_may_span_wikis_and_names_each_article_once():
    _, deps = service()
    created = await list_cases.create_invitation_list(deps, ADA, NewList("Two", [
        *worklist("Moon", "moon"), Article("dewiki", "Mond")]))
    assert created.articles == [{"wiki": "enwiki", "title": "Moon"}, {"wiki": "dewiki", "title": "Mond"}]


def event(event_id: int, **fields) -> pb.Event:
    return pb.Event(id=event_id, name=f"Event {event_id}", **fields)


async def test_a_list_for_an_event_is_made_by_one_of_its_organizers_before_it_ends():
    wired, deps = service()
    wired.registration.add_event(event(10), {ADA.user_id})
    created = await list_cases.create_invitation_list(deps, ADA, NewList("Moon", worklist("Moon"), event_id=10))
    assert created.event_id == 10
    assert wired.registration.asked == ["event", "organizer_ids"]


@pytest.mark.parametrize("listed, organizers, error, reason", [
    (None, set(), NotFound, "EVENT_NOT_FOUND"),
    (event(10, delete_time={"seconds": 1}), {1}, NotFound, "EVENT_NOT_FOUND"),
    (event(10), {2}, PermissionDenied, "NOT_AN_ORGANIZER"),
    (event(10, ended=True), {1}, FailedPrecondition, "EVENT_ENDED"),
])
async def test_a_list_for_an_event_is_refused_when_the_event_does_not_allow_it(listed, organizers, error, reason):
    wired, deps = service()
    if listed is not None:
        wired.registration.add_event(listed, organizers)
    with pytest.raises(error) as refused:
        await list_cases.create_invitation_list(deps, ADA, NewList("Moon", worklist("Moon"), event_id=10))
    assert refused.value.reason == reason
    assert not wired.tables.lists and not wired.tables.jobs


async def test_past_participants_are_the_candidates_and_their_events_wikis_are_read_without_a_worklist():
    wired, deps = service()
    wired.registration.add_event(event(10, ended=True, wikis=["dewiki", "xxwiki"]), {ADA.user_id},
                                 {"Zoe", "Ada", "Yan"})
    wired.registration.add_event(event(11), {ADA.user_id}, {"Xi"})  # not ended: its people are not past
    created = await list_cases.create_invitation_list(deps, ADA, NewList("Again", [], from_past_participants=True))
    assert created.from_past_participants and created.candidates == ["Yan", "Zoe"]
    assert created.activity_wikis == ["dewiki"]


async def test_an_event_on_every_wiki_reads_activity_on_all_known_wikis():
    wired, deps = service()
    wired.registration.add_event(event(10, ended=True, all_wikis=True), {ADA.user_id}, {"Zoe"})
    created = await list_cases.create_invitation_list(deps, ADA, NewList("Again", [], from_past_participants=True))
    assert created.activity_wikis == ["dewiki", "enwiki"]


async def test_a_repeated_request_returns_the_list_made_the_first_time():
    wired, deps = service()
    asked = NewList("Moon", worklist("Moon"), request_id="r-1")
    first = await list_cases.create_invitation_list(deps, ADA, asked)
    again = await list_cases.create_invitation_list(deps, ADA, asked)
    others = await list_cases.create_invitation_list(deps, BO, asked)  # the key is the caller's own
    assert again.id == first.id != others.id
    assert sorted(wired.tables.jobs) == [first.id, others.id]


async def test_a_caller_reads_only_their_own_lists():
    _, deps = service()
    created = await list_cases.create_invitation_list(deps, ADA, NewList("Moon", worklist("Moon")))
    listed, editors = await list_cases.get_invitation_list(deps, ADA, created.id)
    assert listed == created and editors == []  # no editors until it is ready
    with pytest.raises(NotFound):
        await list_cases.get_invitation_list(deps, BO, created.id)  # nobody else learns it exists
    with pytest.raises(InvalidArgument):
        await list_cases.get_invitation_list(deps, ADA, 0)


async def test_ones_lists_come_newest_first_a_page_at_a_time():
    _, deps = service()
    made = [(await list_cases.create_invitation_list(deps, ADA, NewList(f"L{i}", worklist("Moon")))).id
            for i in range(5)]
    await list_cases.create_invitation_list(deps, BO, NewList("Bo's", worklist("Sun")))
    first = await list_cases.list_invitation_lists(deps, ADA, "", 2)
    second = await list_cases.list_invitation_lists(deps, ADA, first.next_page_token, 2)
    last = await list_cases.list_invitation_lists(deps, ADA, second.next_page_token, 2)
    assert [[listed.id for listed in page.lists] for page in (first, second, last)] == [
        [made[4], made[3]], [made[2], made[1]], [made[0]]]
    assert last.next_page_token == ""
