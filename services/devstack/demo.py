"""Demo data for the dev stack, seeded once through the public gRPC API."""
import datetime
import pathlib
import random

import grpc

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER, Identity, bearer_metadata, issue_token

ORGANIZERS = [(1001, "Ada"), (1002, "Bashir"), (1003, "Chioma"), (1004, "Dmitri")]
PARTICIPANTS = [(2001 + i, name) for i, name in enumerate(
    ["Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kamala", "Lior", "Mei", "Nuno", "Olga", "Pita"])]
WIKIS = ["enwiki", "frwiki", "dewiki", "eswiki", "commonswiki", "wikidatawiki", "arwiki", "hiwiki"]
TOPICS = ["art", "biography", "science", "history", "geography", "women", "health", "sports"]
PLACES = [("FR", "Bibliothèque nationale, Paris"), ("DE", "Wikimedia Deutschland, Berlin"),
          ("NG", "Lagos Public Library"), ("IN", "Delhi University"), ("BR", "Museu Paulista, São Paulo"),
          ("US", "New York Public Library")]
TYPES = ["editing-event", "media-upload-event", "backlog-drive", "contest", "workshop", "training-seminar",
         "meetup", "hackathon", "conference"]


def _token(user_id: int, name: str, rights: set[str], secret: str) -> tuple:
    return bearer_metadata(issue_token(Identity(user_id, name, frozenset(rights)), secret))


def demo_event(index: int, rng: random.Random, now: datetime.datetime) -> pb.Event:
    start = (now + datetime.timedelta(days=rng.randint(-3, 120), hours=rng.randint(0, 23))).replace(
        minute=0, second=0, microsecond=0)
    if index < 4:  # a few ongoing ones
        start = now - datetime.timedelta(hours=rng.randint(1, 30))
    end = start + datetime.timedelta(hours=rng.choice([2, 3, 8, 48, 24 * 14]))
    option = rng.choice([pb.PARTICIPATION_OPTIONS_ONLINE, pb.PARTICIPATION_OPTIONS_IN_PERSON,
                         pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON])
    country, address = rng.choice(PLACES)
    in_person = option != pb.PARTICIPATION_OPTIONS_ONLINE
    online = option != pb.PARTICIPATION_OPTIONS_IN_PERSON
    all_wikis = rng.random() < 0.1
    return pb.Event(
        page=pb.EventPage(wiki="local", title=f"Event:Demo {index + 1:02d} {rng.choice(TOPICS).title()} edit-a-thon"),
        timezone="UTC", start_local_time=start.strftime("%Y-%m-%dT%H:%M:%S"),
        end_local_time=end.strftime("%Y-%m-%dT%H:%M:%S"), types=rng.sample(TYPES, rng.choice([1, 2])),
        participation_options=option, meeting_url="https://meet.example.org/demo" if online else "",
        country_code=country if in_person else "", address=address if in_person else "",
        chat_url="https://chat.example.org/demo", wikis=[] if all_wikis else rng.sample(WIKIS, rng.randint(1, 4)),
        all_wikis=all_wikis, topics=rng.sample(TOPICS, rng.randint(0, 3)), question_ids=[4, 5],
        participant_limit=rng.choice([0, 0, 0, 5, 20]),
    )


async def seed_once(folder: pathlib.Path, address: str, secret: str, count: int = 30) -> bool:
    marker = folder / "demo-seeded"
    if marker.exists():
        return False
    rng = random.Random(2030)
    now = datetime.datetime.now(datetime.UTC)
    async with grpc.aio.insecure_channel(address) as channel:
        stub = registration_service_pb2_grpc.RegistrationServiceStub(channel)
        operator = _token(-1, "operator", {RIGHT_ADMIN}, secret)
        for user_id, name in ORGANIZERS:
            await stub.GrantRight(api.ChangeRightRequest(user_id=user_id, name=name, right=RIGHT_ORGANIZER),
                                  metadata=operator, timeout=30)
        for index in range(count):
            organizer = ORGANIZERS[index % len(ORGANIZERS)]
            as_organizer = _token(*organizer, {RIGHT_ORGANIZER}, secret)
            event = demo_event(index, rng, now)
            if index < 4:  # ongoing events are created before they start, then moved
                created = await _create_then_backdate(stub, event, as_organizer, now)
            else:
                created = await stub.CreateEvent(api.CreateEventRequest(event=event, request_id=f"demo-{index}"),
                                                 metadata=as_organizer, timeout=30)
            for user_id, name in rng.sample(PARTICIPANTS, rng.randint(0, 8)):
                await stub.RegisterParticipant(
                    api.RegisterParticipantRequest(event_id=created.id, private=rng.random() < 0.2,
                                                   answers=[pb.Answer(question_id=4, option=rng.randint(1, 4))]),
                    metadata=_token(user_id, name, set(), secret), timeout=30)
    marker.write_text(now.isoformat())
    return True


async def _create_then_backdate(stub, event: pb.Event, metadata, now: datetime.datetime):
    wanted_start = event.start_local_time
    event.start_local_time = (now + datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
    created = await stub.CreateEvent(api.CreateEventRequest(event=event), metadata=metadata, timeout=30)
    created.start_local_time = wanted_start
    return await stub.UpdateEvent(api.UpdateEventRequest(event=created), metadata=metadata, timeout=30)
