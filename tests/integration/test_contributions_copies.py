"""The contributions service's copy of events and participants: newest revision wins, waitlisted and departed
participants cannot have edits associated; its schema is what its tables declare."""
import datetime
import random

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contributions import bootstrap
from eventcenter.services.contributions.adapters import copies, tables
from eventcenter.services.contributions.reactions import Reactions
from eventcenter.services.kernel.timestamps import timestamp
from tests.integration.test_migrations import _check

NOW = datetime.datetime.now(datetime.UTC)


def event(event_id: int, revision: int, **changes) -> pb.Event:
    values = dict(id=event_id, revision=revision, wikis=["testwiki"], tracks_contributions=True,
                  start_time=timestamp(NOW), end_time=timestamp(NOW + datetime.timedelta(days=1)))
    return pb.Event(**{**values, **changes})


async def feed(service, *payloads) -> None:
    for payload in payloads:
        async with service.sessions() as session, session.begin():
            await Reactions().handle(session, payload.DESCRIPTOR.full_name, payload.SerializeToString(), {})


async def test_migrated_contributions_schema_matches_its_tables(contributions):
    await _check(contributions, bootstrap, tables.metadata)


async def test_an_older_copy_of_an_event_changes_nothing(contributions):
    event_id = random.randint(10**12, 10**13)
    await feed(contributions,
               events_pb2.EventCreated(event=event(event_id, 5), organizers=[pb.Organizer(user_id=1)]),
               events_pb2.EventUpdated(event=event(event_id, 4, tracks_contributions=False, all_wikis=True),
                                       organizers=[pb.Organizer(user_id=2)]))
    async with contributions.sessions() as session:
        facts = await copies.event_facts(session, event_id)
    assert (facts.tracks_contributions, facts.all_wikis, facts.organizer_ids) == (True, False, frozenset({1}))

    await feed(
        contributions,
        events_pb2.OrganizersChanged(
            event=event(event_id, 6), organizers=[pb.Organizer(user_id=1), pb.Organizer(user_id=3)]
        ),
    )
    async with contributions.sessions() as session:
        assert (await copies.event_facts(session, event_id)).organizer_ids == frozenset({1, 3})


async def test_only_active_participants_are_known_by_name(contributions):
    event_id = random.randint(10**12, 10**13)
    ada = pb.Participant(user_id=10, user_name="Ada", state=pb.REGISTRATION_STATE_WAITLISTED)
    bea = pb.Participant(user_id=11, user_name="Bea", private=True)
    await feed(contributions, events_pb2.ParticipantRegistered(event=event(event_id, 1), participant=ada),
               events_pb2.ParticipantRegistered(event=event(event_id, 1), participant=bea))
    async with contributions.sessions() as session:
        assert await copies.active_participant(session, event_id, "Ada") is None  # waitlisted
        assert (await copies.active_participant(session, event_id, "Bea")).private
        assert await copies.active_count(session, event_id) == 1

    promoted = pb.Participant(user_id=10, user_name="Ada", state=pb.REGISTRATION_STATE_REGISTERED, revision=1)
    await feed(contributions, events_pb2.WaitlistPromoted(event=event(event_id, 1), participant=promoted),
               events_pb2.ParticipantCancelled(event=event(event_id, 1), participant=bea))
    async with contributions.sessions() as session:
        assert (await copies.active_participant(session, event_id, "Ada")).user_id == 10
        assert await copies.active_participant(session, event_id, "Bea") is None
