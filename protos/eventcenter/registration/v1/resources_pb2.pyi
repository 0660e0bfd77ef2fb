import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EventStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVENT_STATUS_UNSPECIFIED: _ClassVar[EventStatus]
    EVENT_STATUS_OPEN: _ClassVar[EventStatus]
    EVENT_STATUS_CLOSED: _ClassVar[EventStatus]

class ParticipationOptions(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTICIPATION_OPTIONS_UNSPECIFIED: _ClassVar[ParticipationOptions]
    PARTICIPATION_OPTIONS_ONLINE: _ClassVar[ParticipationOptions]
    PARTICIPATION_OPTIONS_IN_PERSON: _ClassVar[ParticipationOptions]
    PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON: _ClassVar[ParticipationOptions]

class RegistrationState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRATION_STATE_UNSPECIFIED: _ClassVar[RegistrationState]
    REGISTRATION_STATE_REGISTERED: _ClassVar[RegistrationState]
    REGISTRATION_STATE_WAITLISTED: _ClassVar[RegistrationState]

class OrganizerRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORGANIZER_ROLE_UNSPECIFIED: _ClassVar[OrganizerRole]
    ORGANIZER_ROLE_CREATOR: _ClassVar[OrganizerRole]
    ORGANIZER_ROLE_ORGANIZER: _ClassVar[OrganizerRole]
EVENT_STATUS_UNSPECIFIED: EventStatus
EVENT_STATUS_OPEN: EventStatus
EVENT_STATUS_CLOSED: EventStatus
PARTICIPATION_OPTIONS_UNSPECIFIED: ParticipationOptions
PARTICIPATION_OPTIONS_ONLINE: ParticipationOptions
PARTICIPATION_OPTIONS_IN_PERSON: ParticipationOptions
PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON: ParticipationOptions
REGISTRATION_STATE_UNSPECIFIED: RegistrationState
REGISTRATION_STATE_REGISTERED: RegistrationState
REGISTRATION_STATE_WAITLISTED: RegistrationState
ORGANIZER_ROLE_UNSPECIFIED: OrganizerRole
ORGANIZER_ROLE_CREATOR: OrganizerRole
ORGANIZER_ROLE_ORGANIZER: OrganizerRole

class EventPage(_message.Message):
    __slots__ = ("wiki", "title")
    WIKI_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    wiki: str
    title: str
    def __init__(self, wiki: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...

class ParticipantCounts(_message.Message):
    __slots__ = ("registered", "private", "waitlisted", "revision")
    REGISTERED_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    registered: int
    private: int
    waitlisted: int
    revision: int
    def __init__(self, registered: _Optional[int] = ..., private: _Optional[int] = ..., waitlisted: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("id", "name", "page", "status", "timezone", "start_local_time", "end_local_time", "start_time", "end_time", "types", "participation_options", "meeting_url", "country_code", "address", "chat_url", "wikis", "all_wikis", "topics", "test_event", "tracks_contributions", "question_ids", "participant_limit", "passcode_required", "passcode", "create_time", "update_time", "delete_time", "counts", "revision", "creator_user_id", "ended", "meeting_url_set", "chat_url_set", "description", "program_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    START_LOCAL_TIME_FIELD_NUMBER: _ClassVar[int]
    END_LOCAL_TIME_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    PARTICIPATION_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    MEETING_URL_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CHAT_URL_FIELD_NUMBER: _ClassVar[int]
    WIKIS_FIELD_NUMBER: _ClassVar[int]
    ALL_WIKIS_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    TEST_EVENT_FIELD_NUMBER: _ClassVar[int]
    TRACKS_CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    QUESTION_IDS_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    PASSCODE_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    PASSCODE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DELETE_TIME_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    CREATOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    MEETING_URL_SET_FIELD_NUMBER: _ClassVar[int]
    CHAT_URL_SET_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PROGRAM_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    page: EventPage
    status: EventStatus
    timezone: str
    start_local_time: str
    end_local_time: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    types: _containers.RepeatedScalarFieldContainer[str]
    participation_options: ParticipationOptions
    meeting_url: str
    country_code: str
    address: str
    chat_url: str
    wikis: _containers.RepeatedScalarFieldContainer[str]
    all_wikis: bool
    topics: _containers.RepeatedScalarFieldContainer[str]
    test_event: bool
    tracks_contributions: bool
    question_ids: _containers.RepeatedScalarFieldContainer[int]
    participant_limit: int
    passcode_required: bool
    passcode: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    delete_time: _timestamp_pb2.Timestamp
    counts: ParticipantCounts
    revision: int
    creator_user_id: int
    ended: bool
    meeting_url_set: bool
    chat_url_set: bool
    description: str
    program_id: int
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., page: _Optional[_Union[EventPage, _Mapping]] = ..., status: _Optional[_Union[EventStatus, str]] = ..., timezone: _Optional[str] = ..., start_local_time: _Optional[str] = ..., end_local_time: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., types: _Optional[_Iterable[str]] = ..., participation_options: _Optional[_Union[ParticipationOptions, str]] = ..., meeting_url: _Optional[str] = ..., country_code: _Optional[str] = ..., address: _Optional[str] = ..., chat_url: _Optional[str] = ..., wikis: _Optional[_Iterable[str]] = ..., all_wikis: _Optional[bool] = ..., topics: _Optional[_Iterable[str]] = ..., test_event: _Optional[bool] = ..., tracks_contributions: _Optional[bool] = ..., question_ids: _Optional[_Iterable[int]] = ..., participant_limit: _Optional[int] = ..., passcode_required: _Optional[bool] = ..., passcode: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., counts: _Optional[_Union[ParticipantCounts, _Mapping]] = ..., revision: _Optional[int] = ..., creator_user_id: _Optional[int] = ..., ended: _Optional[bool] = ..., meeting_url_set: _Optional[bool] = ..., chat_url_set: _Optional[bool] = ..., description: _Optional[str] = ..., program_id: _Optional[int] = ...) -> None: ...

class Organizer(_message.Message):
    __slots__ = ("user_id", "user_name", "role", "personal_data_policy_accept_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_DATA_POLICY_ACCEPT_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    user_name: str
    role: OrganizerRole
    personal_data_policy_accept_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[int] = ..., user_name: _Optional[str] = ..., role: _Optional[_Union[OrganizerRole, str]] = ..., personal_data_policy_accept_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Answer(_message.Message):
    __slots__ = ("question_id", "option", "text")
    QUESTION_ID_FIELD_NUMBER: _ClassVar[int]
    OPTION_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    question_id: int
    option: int
    text: str
    def __init__(self, question_id: _Optional[int] = ..., option: _Optional[int] = ..., text: _Optional[str] = ...) -> None: ...

class Participant(_message.Message):
    __slots__ = ("participant_id", "user_id", "user_name", "private", "state", "waitlist_position", "register_time", "revision")
    PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    WAITLIST_POSITION_FIELD_NUMBER: _ClassVar[int]
    REGISTER_TIME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    participant_id: int
    user_id: int
    user_name: str
    private: bool
    state: RegistrationState
    waitlist_position: int
    register_time: _timestamp_pb2.Timestamp
    revision: int
    def __init__(self, participant_id: _Optional[int] = ..., user_id: _Optional[int] = ..., user_name: _Optional[str] = ..., private: _Optional[bool] = ..., state: _Optional[_Union[RegistrationState, str]] = ..., waitlist_position: _Optional[int] = ..., register_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revision: _Optional[int] = ...) -> None: ...

class Registration(_message.Message):
    __slots__ = ("event_id", "participant", "answers", "answers_aggregated")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_AGGREGATED_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    participant: Participant
    answers: _containers.RepeatedCompositeFieldContainer[Answer]
    answers_aggregated: bool
    def __init__(self, event_id: _Optional[int] = ..., participant: _Optional[_Union[Participant, _Mapping]] = ..., answers: _Optional[_Iterable[_Union[Answer, _Mapping]]] = ..., answers_aggregated: _Optional[bool] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ("user_id", "name", "rights", "blocked", "revoked_rights")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RIGHTS_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_FIELD_NUMBER: _ClassVar[int]
    REVOKED_RIGHTS_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    name: str
    rights: _containers.RepeatedScalarFieldContainer[str]
    blocked: bool
    revoked_rights: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, user_id: _Optional[int] = ..., name: _Optional[str] = ..., rights: _Optional[_Iterable[str]] = ..., blocked: _Optional[bool] = ..., revoked_rights: _Optional[_Iterable[str]] = ...) -> None: ...

class Coordinator(_message.Message):
    __slots__ = ("user_id", "user_name")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    user_name: str
    def __init__(self, user_id: _Optional[int] = ..., user_name: _Optional[str] = ...) -> None: ...

class Campaign(_message.Message):
    __slots__ = ("id", "name", "description", "start_date", "end_date", "coordinators", "coordinator_usernames", "creator_user_id", "create_time", "update_time", "program_count", "revision")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    COORDINATORS_FIELD_NUMBER: _ClassVar[int]
    COORDINATOR_USERNAMES_FIELD_NUMBER: _ClassVar[int]
    CREATOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PROGRAM_COUNT_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    description: str
    start_date: str
    end_date: str
    coordinators: _containers.RepeatedCompositeFieldContainer[Coordinator]
    coordinator_usernames: _containers.RepeatedScalarFieldContainer[str]
    creator_user_id: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    program_count: int
    revision: int
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., coordinators: _Optional[_Iterable[_Union[Coordinator, _Mapping]]] = ..., coordinator_usernames: _Optional[_Iterable[str]] = ..., creator_user_id: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., program_count: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...

class Program(_message.Message):
    __slots__ = ("id", "campaign_id", "name", "description", "start_date", "end_date", "coordinators", "coordinator_usernames", "creator_user_id", "create_time", "update_time", "event_count", "revision")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    COORDINATORS_FIELD_NUMBER: _ClassVar[int]
    COORDINATOR_USERNAMES_FIELD_NUMBER: _ClassVar[int]
    CREATOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    EVENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    id: int
    campaign_id: int
    name: str
    description: str
    start_date: str
    end_date: str
    coordinators: _containers.RepeatedCompositeFieldContainer[Coordinator]
    coordinator_usernames: _containers.RepeatedScalarFieldContainer[str]
    creator_user_id: int
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    event_count: int
    revision: int
    def __init__(self, id: _Optional[int] = ..., campaign_id: _Optional[int] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., coordinators: _Optional[_Iterable[_Union[Coordinator, _Mapping]]] = ..., coordinator_usernames: _Optional[_Iterable[str]] = ..., creator_user_id: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., event_count: _Optional[int] = ..., revision: _Optional[int] = ...) -> None: ...
