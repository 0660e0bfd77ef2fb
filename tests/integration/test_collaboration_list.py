"""The Collaboration list, built from the registration stream: sections, filters, pages, bad input."""
import asyncio
import datetime
import uuid

import grpc
import pytest

from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2 as reg
from eventcenter.registration.v1 import resources_pb2 as pb
from tests import builders
from tests.integration.test_organizers_api import _known_organizer
from tests.people import admin, md, organizer, person

UPCOMING, ONGOING = api.SECTION_UPCOMING, api.SECTION_ONGOING


async def listed(stub, wait_for: set[int] | None = None, absent: set[int] | None = None, **request) -> list:
    """The whole section (every page), once the read model shows what the test expects."""
    for _ in range(200):
        rows, token = [], ""
        while True:
            answer = await stub.ListEvents(api.ListEventsRequest(**request, page_token=token))
            rows += answer.events
            token = answer.next_page_token
            if not token:
                break
        ids = {r.id for r in rows}
        if (wait_for or set()) <= ids and not (absent or set()) & ids:
            return rows
        await asyncio.sleep(0.05)
    raise AssertionError(f"the list never showed {wait_for} without {absent}")


def _tag() -> str:
    return uuid.uuid4().hex[:10]


async def test_new_events_appear_with_rows_as_the_list_shows_them(stub, collaboration_stub):
    ada, tag = organizer(), _tag()
    bea = await _known_organizer(stub, admin())
    event = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Row {tag}"),
                                  wikis=["enwiki", "frwiki", "dewiki", "eswiki", "itwiki"], participant_limit=10)
    await stub.SetOrganizers(reg.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name, bea.name]),
                             metadata=md(ada))
    await builders.register(stub, md(person()), event.id)
    await listed(collaboration_stub, {event.id}, section=UPCOMING, name=tag)
    for _ in range(100):  # the organizers and the registration arrive as later events
        [row] = (await collaboration_stub.ListEvents(api.ListEventsRequest(section=UPCOMING, name=tag))).events
        if row.participant_count == 1 and len(row.organizers) == 2:
            break
        await asyncio.sleep(0.05)
    assert row.name == f"Row {tag}" and list(row.wikis) == ["enwiki", "frwiki", "dewiki"] and row.more_wikis == 2
    assert [o.user_name for o in row.organizers] == [ada.name, bea.name] and row.organizers[0].creator
    assert row.participant_count == 1 and row.participant_limit == 10 and row.registration_open


async def test_deleted_and_test_events_are_not_listed(stub, collaboration_stub):
    ada, tag = organizer(), _tag()
    kept = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Kept {tag}"))
    gone = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Gone {tag}"))
    hidden = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Test {tag}"),
                                   test_event=True)
    await listed(collaboration_stub, {gone.id}, section=UPCOMING, query=tag)
    await stub.DeleteEvent(reg.DeleteEventRequest(event_id=gone.id), metadata=md(ada))
    rows = await listed(collaboration_stub, {kept.id}, {gone.id}, section=UPCOMING, name=tag)
    assert hidden.id not in {r.id for r in rows}
    found = await listed(collaboration_stub, {kept.id}, {gone.id}, section=UPCOMING, query=tag)
    assert [r.id for r in found] == [kept.id]


async def test_filters(stub, collaboration_stub):
    ada, tag = organizer(), _tag()
    now = datetime.datetime.now(datetime.UTC)

    async def make(label: str, **overrides):
        return await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:{label} {tag}"),
                                     **overrides)

    online = await make("Online", types=["contest"], topics=["science"], wikis=["frwiki"])
    in_person = await make("Person", participation_options=pb.PARTICIPATION_OPTIONS_IN_PERSON, meeting_url="",
                           country_code="KE", address="Nairobi", types=["meetup"])
    everywhere = await make("Everywhere", wikis=[], all_wikis=True)
    later = await make("Later", start_local_time=builders.local(datetime.timedelta(days=40)),
                       end_local_time=builders.local(datetime.timedelta(days=41)))
    full = await make("Full", participant_limit=1)
    await builders.register(stub, md(person()), full.id)
    every = {online.id, in_person.id, everywhere.id, later.id, full.id}
    await listed(collaboration_stub, every, section=UPCOMING, name=tag)

    async def ids(**request) -> set[int]:
        return {r.id for r in await listed(collaboration_stub, section=UPCOMING, name=tag, **request)}

    assert await ids(types=["contest", "meetup"]) == {online.id, in_person.id}
    assert await ids(topics=["science"]) == {online.id}
    assert await ids(participation=api.PARTICIPATION_IN_PERSON) == {in_person.id}
    assert await ids(country_code="ke") == {in_person.id}
    assert await ids(country_code="KE", participation=api.PARTICIPATION_ONLINE) == every - {in_person.id}
    assert await ids(wikis=["frwiki"]) == {online.id}
    assert await ids(wikis=["frwiki"], include_all_wikis=True) == {online.id, everywhere.id}
    in_a_month = (now + datetime.timedelta(days=30)).date().isoformat()
    assert await ids(start_date=in_a_month) == {later.id}
    assert later.id not in await ids(end_date=in_a_month)
    for _ in range(100):
        if full.id not in await ids(with_places_left=True):
            break
        await asyncio.sleep(0.05)
    assert await ids(with_places_left=True) == every - {full.id}


async def test_upcoming_oldest_first_in_pages_and_ongoing_newest_first(stub, collaboration_stub, collaboration,
                                                                     monkeypatch):
    ada, tag = organizer(), _tag()
    made = []
    for days in (5, 3, 4):
        made.append(await builders.create(
            stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Order {days} {tag}"),
            start_local_time=builders.local(datetime.timedelta(days=days)),
            end_local_time=builders.local(datetime.timedelta(days=days, hours=30))))
    await listed(collaboration_stub, {e.id for e in made}, section=UPCOMING, name=tag)
    pages, token = [], ""
    while True:
        answer = await collaboration_stub.ListEvents(api.ListEventsRequest(section=UPCOMING, name=tag, page_size=2,
                                                                           page_token=token))
        pages.append([r.name for r in answer.events])
        token = answer.next_page_token
        if not token:
            break
    assert pages == [[f"Order 3 {tag}", f"Order 4 {tag}"], [f"Order 5 {tag}"]]
    # Four days and three hours on, the events of days 3 and 4 are under way (newest start first); day 5 is next.
    monkeypatch.setattr(collaboration.clock, "offset", datetime.timedelta(days=4, hours=3))
    ongoing = await listed(collaboration_stub, section=ONGOING, name=tag)
    assert [r.name for r in ongoing] == [f"Order 4 {tag}", f"Order 3 {tag}"]
    assert [r.name for r in await listed(collaboration_stub, section=UPCOMING, name=tag)] == [f"Order 5 {tag}"]


async def test_full_text_search_ranks_by_relevance_in_any_language(stub, collaboration_stub):
    ada, tag = organizer(), _tag()
    strong = await builders.create(stub, md(ada), page=pb.EventPage(
        wiki="enwiki", title=f"Event:Édition Wikipédia édition {tag}"))
    weak = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Édition photo {tag}"))
    await listed(collaboration_stub, {strong.id, weak.id}, section=UPCOMING, name=tag)
    rows = await listed(collaboration_stub, section=UPCOMING, query=f"wikipédia {tag}")
    assert [r.id for r in rows] == [strong.id]
    ranked = await listed(collaboration_stub, section=UPCOMING, query=f"édition {tag}")
    assert [r.id for r in ranked] == [strong.id, weak.id]
    described = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Plain {tag}"),
                                      description=f"Tuwaandike wanawake mashuhuri {tag}")
    found = await listed(collaboration_stub, {described.id}, section=UPCOMING, query=f"mashuhuri {tag}")
    assert [r.id for r in found] == [described.id] and found[0].description.startswith("Tuwaandike")


async def test_full_text_search_ranks_words_of_the_name_above_words_of_the_description(stub, collaboration_stub):
    ada, tag = organizer(), _tag()
    # At the same time and created first, so it would come first without relevance.
    in_description = await builders.create(
        stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Meetup {tag}"),
        description=f"We write about lighthouses and {tag}")
    in_name = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Lighthouses {tag}"),
                                    start_local_time=in_description.start_local_time,
                                    end_local_time=in_description.end_local_time)
    rows = await listed(collaboration_stub, {in_description.id, in_name.id}, section=UPCOMING,
                        query=f"lighthouses {tag}")
    assert [r.id for r in rows] == [in_name.id, in_description.id]
    rewritten = pb.Event()
    rewritten.CopyFrom(in_description)
    rewritten.description = f"We write about harbours and {tag}"
    await stub.UpdateEvent(reg.UpdateEventRequest(event=rewritten), metadata=md(ada))
    rows = await listed(collaboration_stub, {in_name.id}, {in_description.id}, section=UPCOMING,
                        query=f"lighthouses {tag}")
    assert [r.id for r in rows] == [in_name.id]


async def test_full_text_search_finds_the_same_best_matches_whichever_way_it_reads_them(
        stub, collaboration_stub, monkeypatch):
    from eventcenter.services.collaboration.adapters import queries

    ada, tag = organizer(), _tag()
    far = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3000)
    made = []
    for index in range(6):
        start = far + datetime.timedelta(days=index)
        made.append(await builders.create(
            stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Far {index} {tag}"),
            description=" ".join([tag] * (index % 3)), start_local_time=builders.local(datetime.timedelta(), start),
            end_local_time=builders.local(datetime.timedelta(hours=2), start)))
        # Between the matches, events without the word.
        await builders.create(
            stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Far other {index} {_tag()}"),
            start_local_time=builders.local(datetime.timedelta(hours=5), start),
            end_local_time=builders.local(datetime.timedelta(hours=6), start))
    request = dict(section=UPCOMING, query=tag, start_date=far.strftime("%Y-%m-%d"), page_size=2)
    best = [r.id for r in await listed(collaboration_stub, {e.id for e in made}, **request)]
    assert len(best) == 6 and best[:2] == [made[2].id, made[5].id]  # the most mentions, then the sooner
    # A common word (more than FEW_MATCHES): read by walking the documents in time order ...
    monkeypatch.setattr(queries, "FEW_MATCHES", 2)
    monkeypatch.setattr(queries, "RANKED_CANDIDATES", 6)
    assert [r.id for r in await listed(collaboration_stub, **request)] == best
    # ... and when the walk ends before finding enough, through the word index after all.
    monkeypatch.setattr(queries, "WALKED", 5)
    assert [r.id for r in await listed(collaboration_stub, **request)] == best
    # Only the nearest matches are ranked, whichever way they were found.
    nearest = [i for i in best if i in {e.id for e in made[:4]}]
    monkeypatch.setattr(queries, "RANKED_CANDIDATES", 4)
    for few, walked in ((6000, 8000), (2, 8000), (2, 5), (0, 8000), (0, 5)):
        monkeypatch.setattr(queries, "FEW_MATCHES", few)
        monkeypatch.setattr(queries, "WALKED", walked)
        assert [r.id for r in await listed(collaboration_stub, **request)] == nearest


@pytest.mark.parametrize("request_fields, field", [
    (dict(section=UPCOMING, types=["dance-off"]), "types"),
    (dict(section=UPCOMING, start_date="2030-02-31"), "start_date"),
    (dict(section=UPCOMING, start_date="2030-03-01", end_date="2030-02-01"), "end_date"),
    (dict(section=UPCOMING, wikis=[f"wiki{n}" for n in range(11)]), "wikis"),
    (dict(section=UPCOMING, country_code="France"), "country_code"),
    (dict(section=UPCOMING, page_size=51), "page_size"),
    (dict(section=UPCOMING, page_token="forged"), "page_token"),
    (dict(section=UPCOMING, query="wiki\x00"), "query"),
    (dict(section=UPCOMING, participation=9), "participation"),
    (dict(), "section"),
])
async def test_bad_input_is_invalid_argument_naming_the_field(collaboration_stub, request_fields, field):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await collaboration_stub.ListEvents(api.ListEventsRequest(**request_fields))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field in caught.value.details()


async def test_a_page_token_only_works_with_its_own_filters(stub, collaboration_stub):
    ada, tag = organizer(), _tag()
    for index in range(3):
        await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Tok {index} {tag}"))
    await listed(collaboration_stub, section=UPCOMING, name=tag)
    for _ in range(100):
        first = await collaboration_stub.ListEvents(api.ListEventsRequest(section=UPCOMING, name=tag, page_size=1))
        if first.next_page_token:
            break
        await asyncio.sleep(0.05)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await collaboration_stub.ListEvents(api.ListEventsRequest(section=UPCOMING, name="other", page_size=1,
                                                                  page_token=first.next_page_token))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_rebuilding_from_the_stream_gives_the_same_read_model(stub, collaboration_stub, collaboration):
    from sqlalchemy import select

    from eventcenter.services.collaboration.adapters.tables import events, organizers, search_documents

    ada, tag = organizer(), _tag()
    event = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Rebuild {tag}"))
    await builders.register(stub, md(person()), event.id)
    changed = pb.Event()
    changed.CopyFrom(event)
    changed.participant_limit = 5
    changed.topics.append("history")
    await stub.UpdateEvent(reg.UpdateEventRequest(event=changed), metadata=md(ada))
    last = await builders.create(stub, md(ada), page=pb.EventPage(wiki="enwiki", title=f"Event:Last {tag}"))
    await listed(collaboration_stub, {event.id, last.id}, section=UPCOMING, name=tag)

    async def snapshot():
        async with collaboration.sessions() as session:
            rows = (await session.execute(select(events).order_by(events.c.id))).all()
            people = (await session.execute(select(organizers).order_by(organizers.c.event_id,
                                                                        organizers.c.user_id))).all()
            documents = (await session.execute(select(search_documents)
                                               .order_by(search_documents.c.event_id))).all()
        return [tuple(r) for r in rows], [tuple(p) for p in people], [tuple(d) for d in documents]

    live = await snapshot()
    assert await collaboration.rebuild() > 0
    assert await snapshot() == live
