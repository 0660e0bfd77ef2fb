import datetime

from eventcenter.registration.v1 import resources_pb2 as _resources_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EventCreated(_message.Message):
    __slots__ = ("event", "organizers")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ORGANIZERS_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    organizers: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Organizer]
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., organizers: _Optional[_Iterable[_Union[_resources_pb2.Organizer, _Mapping]]] = ...) -> None: ...

class EventUpdated(_message.Message):
    __slots__ = ("event", "organizers", "changed_fields")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ORGANIZERS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    organizers: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Organizer]
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., organizers: _Optional[_Iterable[_Union[_resources_pb2.Organizer, _Mapping]]] = ..., changed_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class EventDeleted(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ...) -> None: ...

class OrganizersChanged(_message.Message):
    __slots__ = ("event", "organizers", "added_user_ids", "removed_user_ids")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ORGANIZERS_FIELD_NUMBER: _ClassVar[int]
    ADDED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    REMOVED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    organizers: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Organizer]
    added_user_ids: _containers.RepeatedScalarFieldContainer[int]
    removed_user_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., organizers: _Optional[_Iterable[_Union[_resources_pb2.Organizer, _Mapping]]] = ..., added_user_ids: _Optional[_Iterable[int]] = ..., removed_user_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class ParticipantRegistered(_message.Message):
    __slots__ = ("event", "participant", "reactivated")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    REACTIVATED_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    participant: _resources_pb2.Participant
    reactivated: bool
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., participant: _Optional[_Union[_resources_pb2.Participant, _Mapping]] = ..., reactivated: _Optional[bool] = ...) -> None: ...

class RegistrationChanged(_message.Message):
    __slots__ = ("event", "participant")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    participant: _resources_pb2.Participant
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., participant: _Optional[_Union[_resources_pb2.Participant, _Mapping]] = ...) -> None: ...

class ParticipantCancelled(_message.Message):
    __slots__ = ("event", "participant")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    participant: _resources_pb2.Participant
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., participant: _Optional[_Union[_resources_pb2.Participant, _Mapping]] = ...) -> None: ...

class ParticipantsRemoved(_message.Message):
    __slots__ = ("event", "participants", "public", "private")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    participants: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Participant]
    public: int
    private: int
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., participants: _Optional[_Iterable[_Union[_resources_pb2.Participant, _Mapping]]] = ..., public: _Optional[int] = ..., private: _Optional[int] = ...) -> None: ...

class WaitlistPromoted(_message.Message):
    __slots__ = ("event", "participant")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    participant: _resources_pb2.Participant
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., participant: _Optional[_Union[_resources_pb2.Participant, _Mapping]] = ...) -> None: ...

class AnswersAggregated(_message.Message):
    __slots__ = ("event_id", "participants_aggregated")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_AGGREGATED_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    participants_aggregated: int
    def __init__(self, event_id: _Optional[int] = ..., participants_aggregated: _Optional[int] = ...) -> None: ...

class ParticipantsEmailed(_message.Message):
    __slots__ = ("message_id", "event", "sender_user_id", "sender_name", "subject", "message", "recipient_user_ids", "cc_sender", "send_time")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    SENDER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SENDER_NAME_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    CC_SENDER_FIELD_NUMBER: _ClassVar[int]
    SEND_TIME_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    event: _resources_pb2.Event
    sender_user_id: int
    sender_name: str
    subject: str
    message: str
    recipient_user_ids: _containers.RepeatedScalarFieldContainer[int]
    cc_sender: bool
    send_time: _timestamp_pb2.Timestamp
    def __init__(self, message_id: _Optional[str] = ..., event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., sender_user_id: _Optional[int] = ..., sender_name: _Optional[str] = ..., subject: _Optional[str] = ..., message: _Optional[str] = ..., recipient_user_ids: _Optional[_Iterable[int]] = ..., cc_sender: _Optional[bool] = ..., send_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UserStandingChanged(_message.Message):
    __slots__ = ("user_id", "granted_rights", "revoked_rights", "blocked", "version")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GRANTED_RIGHTS_FIELD_NUMBER: _ClassVar[int]
    REVOKED_RIGHTS_FIELD_NUMBER: _ClassVar[int]
    BLOCKED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    granted_rights: _containers.RepeatedScalarFieldContainer[str]
    revoked_rights: _containers.RepeatedScalarFieldContainer[str]
    blocked: bool
    version: int
    def __init__(self, user_id: _Optional[int] = ..., granted_rights: _Optional[_Iterable[str]] = ..., revoked_rights: _Optional[_Iterable[str]] = ..., blocked: _Optional[bool] = ..., version: _Optional[int] = ...) -> None: ...
