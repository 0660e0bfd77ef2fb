"""The shared vocabulary as the protobuf enums say it, both ways: registration's ParticipationOptions (an
event's, on the API and the stream) and collaboration's Participation (the list's filter). Unknown values are
the callers' to handle (`.get`): each says what an unspecified or newer value means to it."""
from eventcenter.collaboration.v1 import collaboration_service_pb2 as collaboration
from eventcenter.registration.v1 import resources_pb2 as registration
from eventcenter.services.contracts.vocabulary import HYBRID, IN_PERSON, ONLINE

TO_PARTICIPATION_OPTIONS = {ONLINE: registration.PARTICIPATION_OPTIONS_ONLINE,
                            IN_PERSON: registration.PARTICIPATION_OPTIONS_IN_PERSON,
                            HYBRID: registration.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON}
FROM_PARTICIPATION_OPTIONS = {number: name for name, number in TO_PARTICIPATION_OPTIONS.items()}

TO_LIST_PARTICIPATION = {ONLINE: collaboration.PARTICIPATION_ONLINE,
                         IN_PERSON: collaboration.PARTICIPATION_IN_PERSON,
                         HYBRID: collaboration.PARTICIPATION_ONLINE_AND_IN_PERSON}
FROM_LIST_PARTICIPATION = {number: name for name, number in TO_LIST_PARTICIPATION.items()}
