"""Collaboration's use cases through the real bootstrap on fake adapters (the read model in memory, Wikidata as a
dict, a clock moved by hand): listing with filters and pages, applying registration events (the newest copy
wins), the rebuild, and the communities lookup. No PostgreSQL, NATS or HTTP."""
import datetime
import random

import pytest

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.collaboration.bootstrap import bootstrap
from eventcenter.services.collaboration.domain.asked_filters import AskedFilters
from eventcenter.services.collaboration.domain.filters import HYBRID, IN_PERSON, ONGOING, ONLINE, UPCOMING
from eventcenter.services.collaboration.service_layer.read_model_cases import StreamIncomplete
from eventcenter.services.kernel.errors import InvalidArgument, Unavailable
from tests.service_layer.fakes_collaboration import START, FakeClock, FakeStream, FakeUnitOfWork, FakeWikidata

PARTICIPATION = {ONLINE: pb.PARTICIPATION_OPTIONS_ONLINE, IN_PERSON: pb.PARTICIPATION_OPTIONS_IN_PERSON,
                 HYBRID: pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON}
ENWIKI = "https://en.wikipedia.org/"
PROJECTS = [f"Q{100 + n}" for n in range(45)]
DETAILS = {q: {"label": f"WikiProject {q}", "description": f"Editors of {q}", "title": f"Wikipedia:WikiProject {q}",
               "url": f"https://en.wikipedia.org/wiki/Wikipedia:WikiProject_{q}"} for q in PROJECTS}


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture
def wikidata():
    return FakeWikidata({ENWIKI: PROJECTS}, DETAILS)


@pytest.fixture
def collaboration(fake_clock, wikidata):
    return bootstrap(FakeUnitOfWork(fake_clock), wikidata, b"k" * 32, fake_clock)


def event(event_id: int, days: float = 2, hours: float = 24, revision: int = 1, counts: tuple[int, int] = (0, 0),
          participation: str = ONLINE, **fields) -> pb.Event:
    """An event starting `days` after START and lasting `hours`; counts are (revision, registered)."""
    start = START + datetime.timedelta(days=days)
    values = dict(id=event_id, revision=revision, name=f"Event {event_id}", timezone="UTC",
                  page=pb.EventPage(wiki="enwiki", title=f"Event:Event {event_id}"), wikis=["enwiki"],
                  types=["editing-event"], status=pb.EVENT_STATUS_OPEN,
                  participation_options=PARTICIPATION[participation],
                  counts=pb.ParticipantCounts(revision=counts[0], registered=counts[1]))
    made = pb.Event(**{**values, **fields})
    made.start_time.FromDatetime(start)
    made.end_time.FromDatetime(start + datetime.timedelta(hours=hours))
    return made


def created(copy: pb.Event, *organizers: pb.Organizer) -> tuple[str, bytes]:
    message = events_pb2.EventCreated(event=copy, organizers=list(organizers))
    return message.DESCRIPTOR.full_name, message.SerializeToString()


def registered(copy: pb.Event) -> tuple[str, bytes]:
    message = events_pb2.ParticipantRegistered(event=copy)
    return message.DESCRIPTOR.full_name, message.SerializeToString()


async def ids(collaboration, **asked) -> list[int]:
    """Every page of the list, in order."""
    found, token = [], ""
    while True:
        page = await collaboration.list_events(AskedFilters(**{"section": UPCOMING, **asked}), token)
        found += [row.id for row in page.rows]
        token = page.next_page_token
        if not token:
            return found


async def test_upcoming_oldest_first_in_pages_then_ongoing_newest_first(collaboration, fake_clock):
    starts = ((1, 5), (2, 3), (3, 4))
    await collaboration.apply_registration_events([created(event(i, days=d, hours=30)) for i, d in starts])
    first = await collaboration.list_events(AskedFilters(UPCOMING, page_size=2))
    assert [r.id for r in first.rows] == [2, 3] and first.next_page_token
    second = await collaboration.list_events(AskedFilters(UPCOMING, page_size=2), first.next_page_token)
    assert [r.id for r in second.rows] == [1] and not second.next_page_token
    with pytest.raises(InvalidArgument):  # a token only pages on through its own filters
        await collaboration.list_events(AskedFilters(UPCOMING, name="other", page_size=2), first.next_page_token)
    fake_clock.advance(days=4, hours=3)
    assert await ids(collaboration, section=ONGOING) == [3, 2]
    assert await ids(collaboration) == [1]


async def test_filters(collaboration):
    await collaboration.apply_registration_events([
        created(event(1, name="Contest", types=["contest"], topics=["science"], wikis=["frwiki"])),
        created(event(2, name="Meetup", participation=IN_PERSON, country_code="KE", types=["meetup"])),
        created(event(3, name="Everywhere", wikis=[], all_wikis=True)),
        created(event(4, name="Later", days=40)),
        created(event(5, name="Full", participant_limit=1, counts=(1, 1))),
        created(event(6, name="Hidden", test_event=True)),
        created(event(7, name="Gone", delete_time=pb.Event().start_time)),
    ])
    assert set(await ids(collaboration)) == {1, 2, 3, 4, 5}
    assert await ids(collaboration, name="meet") == [2]
    assert set(await ids(collaboration, types=("contest", "meetup"))) == {1, 2}
    assert await ids(collaboration, topics=("science",)) == [1]
    assert await ids(collaboration, participation=IN_PERSON) == [2]
    assert await ids(collaboration, country_code="ke") == [2]
    assert set(await ids(collaboration, country_code="KE", participation=ONLINE)) == {1, 3, 4, 5}
    assert await ids(collaboration, wikis=("frwiki",)) == [1]
    assert set(await ids(collaboration, wikis=("frwiki",), include_all_wikis=True)) == {1, 3}
    in_a_month = (START + datetime.timedelta(days=30)).date().isoformat()
    assert await ids(collaboration, start_date=in_a_month) == [4]
    assert 4 not in await ids(collaboration, end_date=in_a_month)
    assert set(await ids(collaboration, with_places_left=True)) == {1, 2, 3, 4}


async def test_a_query_ranks_words_of_the_name_above_words_of_the_description(collaboration):
    await collaboration.apply_registration_events([
        created(event(1, name="Meetup", description="We write about lighthouses")),
        created(event(2, name="Lighthouses", days=3)),
        created(event(3, name="Harbours", days=1))])
    assert await ids(collaboration, query="lighthouses", page_size=1) == [2, 1]


@pytest.mark.parametrize("asked, field", [
    (dict(section=""), "section"), (dict(types=("dance-off",)), "types"), (dict(start_date="2030-02-31"), "start_date"),
    (dict(country_code="France"), "country_code"), (dict(page_size=51), "page_size"),
    (dict(wikis=tuple(f"wiki{n}" for n in range(11))), "wikis"), (dict(participation="?"), "participation")])
async def test_bad_filters_are_invalid_naming_the_field(collaboration, asked, field):
    with pytest.raises(InvalidArgument) as caught:
        await collaboration.list_events(AskedFilters(**{"section": UPCOMING, **asked}))
    assert [v.field for v in caught.value.violations] == [field]
    with pytest.raises(InvalidArgument):
        await collaboration.list_events(AskedFilters(UPCOMING), "forged")


async def test_the_newest_copy_of_an_event_and_its_newest_counts_win_in_any_order(collaboration):
    creator = pb.Organizer(user_id=1, user_name="Ada", role=pb.ORGANIZER_ROLE_CREATOR)
    helper = pb.Organizer(user_id=2, user_name="Bea")
    copies = [created(event(1, name="Old", revision=1), creator),
              registered(event(1, name="Old", revision=1, counts=(1, 1))),
              created(event(1, name="New", revision=2), creator, helper),
              registered(event(1, name="New", revision=2, counts=(2, 2))),
              registered(event(1, name="New", revision=2, counts=(3, 1))),
              ("eventcenter.registration.v1.SomethingNewer", b"\x01")]  # a kind this version does not know
    kept = set()
    for seed in range(8):
        shuffled = copies[:]
        random.Random(seed).shuffle(shuffled)
        for message in shuffled:  # one message a transaction, and each of them twice
            await collaboration.apply_registration_events([message, message])
        [row] = (await collaboration.list_events(AskedFilters(UPCOMING, name="New"))).rows
        kept.add((row.name, row.revision, row.registered, tuple(row.organizer_user_names)))
        await collaboration.uow.run(lambda work: work.read_model.clear("test"))
    assert kept == {("New", 2, 1, ("Ada", "Bea"))}


async def test_a_batch_keeps_the_newest_of_its_copies(collaboration):
    await collaboration.apply_registration_events([created(event(1, revision=1))])
    await collaboration.apply_registration_events([registered(event(1, revision=3, counts=(5, 4), name="Renamed")),
                                                   registered(event(1, revision=2, counts=(6, 2)))])
    [row] = (await collaboration.list_events(AskedFilters(UPCOMING))).rows
    assert (row.name, row.registered) == ("Renamed", 2)


async def test_a_rebuild_replays_the_stream_into_an_emptied_read_model(collaboration):
    messages = [created(event(1)), created(event(2, days=3)), registered(event(2, days=3, counts=(1, 1)))]
    await collaboration.apply_registration_events([*messages, created(event(9, name="Not in the stream"))])
    assert await collaboration.rebuild(FakeStream(collaboration, messages), "test") == 3
    assert await ids(collaboration) == [1, 2]
    with pytest.raises(StreamIncomplete):
        await collaboration.rebuild(FakeStream(collaboration, messages[1:], first=2), "test")
    assert await ids(collaboration) == [1, 2]  # refused, nothing changed


async def test_communities_come_in_pages_of_twenty_from_the_cache_the_second_time(collaboration, wikidata):
    first = await collaboration.list_communities("enwiki")
    assert first.total == 45 and len(first.communities) == 20 and first.next_page_token
    assert (first.communities[0].label, first.communities[0].url) == (
        "WikiProject Q100", "https://en.wikipedia.org/wiki/Wikipedia:WikiProject_Q100")
    seen, token = [c.id for c in first.communities], first.next_page_token
    while token:
        page = await collaboration.list_communities("enwiki", page_token=token)
        seen, token = seen + [c.id for c in page.communities], page.next_page_token
    assert seen == PROJECTS
    calls = len(wikidata.calls)
    await collaboration.list_communities("enwiki", page_size=50)
    assert len(wikidata.calls) == calls


async def test_cached_entities_last_an_hour_and_ids_a_week(collaboration, wikidata, fake_clock):
    await collaboration.list_communities("enwiki", page_size=5)
    fake_clock.advance(minutes=59)
    await collaboration.list_communities("enwiki", page_size=5)
    assert [c[0] for c in wikidata.calls] == ["ids", "entities"]
    fake_clock.advance(minutes=2)
    await collaboration.list_communities("enwiki", page_size=5)
    assert [c[0] for c in wikidata.calls] == ["ids", "entities", "entities"]
    fake_clock.advance(days=7)
    await collaboration.list_communities("enwiki", page_size=5)
    assert [c[0] for c in wikidata.calls] == ["ids", "entities", "entities", "ids", "entities"]


async def test_communities_of_a_bad_wiki_size_or_token_are_invalid_and_a_failing_wikidata_unavailable(
        collaboration, wikidata):
    for asked in (dict(wiki="not a wiki"), dict(wiki="enwiki", page_size=51), dict(wiki="enwiki", page_token="x")):
        with pytest.raises(InvalidArgument):
            await collaboration.list_communities(**asked)
    wikidata.failing = True
    with pytest.raises(Unavailable):
        await collaboration.list_communities("frwiki")
