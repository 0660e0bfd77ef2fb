import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvitationListReady(_message.Message):
    __slots__ = ("list_id", "name", "owner_user_id", "event_id", "editors", "ready_time")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EDITORS_FIELD_NUMBER: _ClassVar[int]
    READY_TIME_FIELD_NUMBER: _ClassVar[int]
    list_id: int
    name: str
    owner_user_id: int
    event_id: int
    editors: int
    ready_time: _timestamp_pb2.Timestamp
    def __init__(self, list_id: _Optional[int] = ..., name: _Optional[str] = ..., owner_user_id: _Optional[int] = ..., event_id: _Optional[int] = ..., editors: _Optional[int] = ..., ready_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
