import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NotificationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTIFICATION_KIND_UNSPECIFIED: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_REGISTRATION_CONFIRMATION: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_ORGANIZER_MESSAGE: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_EVENT_CHANGED: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_EVENT_CANCELLED: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_WAITLIST_PROMOTED: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_REMINDER: _ClassVar[NotificationKind]
    NOTIFICATION_KIND_INVITATION_LIST_READY: _ClassVar[NotificationKind]

class DeliveryState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_STATE_UNSPECIFIED: _ClassVar[DeliveryState]
    DELIVERY_STATE_PENDING: _ClassVar[DeliveryState]
    DELIVERY_STATE_SENDING: _ClassVar[DeliveryState]
    DELIVERY_STATE_SENT: _ClassVar[DeliveryState]
    DELIVERY_STATE_DEAD: _ClassVar[DeliveryState]
NOTIFICATION_KIND_UNSPECIFIED: NotificationKind
NOTIFICATION_KIND_REGISTRATION_CONFIRMATION: NotificationKind
NOTIFICATION_KIND_ORGANIZER_MESSAGE: NotificationKind
NOTIFICATION_KIND_EVENT_CHANGED: NotificationKind
NOTIFICATION_KIND_EVENT_CANCELLED: NotificationKind
NOTIFICATION_KIND_WAITLIST_PROMOTED: NotificationKind
NOTIFICATION_KIND_REMINDER: NotificationKind
NOTIFICATION_KIND_INVITATION_LIST_READY: NotificationKind
DELIVERY_STATE_UNSPECIFIED: DeliveryState
DELIVERY_STATE_PENDING: DeliveryState
DELIVERY_STATE_SENDING: DeliveryState
DELIVERY_STATE_SENT: DeliveryState
DELIVERY_STATE_DEAD: DeliveryState

class Contact(_message.Message):
    __slots__ = ("user_id", "user_name", "email", "language", "update_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    user_name: str
    email: str
    language: str
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[int] = ..., user_name: _Optional[str] = ..., email: _Optional[str] = ..., language: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetContactRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpdateContactRequest(_message.Message):
    __slots__ = ("email", "email_confirmed", "language")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    email: str
    email_confirmed: bool
    language: str
    def __init__(self, email: _Optional[str] = ..., email_confirmed: _Optional[bool] = ..., language: _Optional[str] = ...) -> None: ...

class KindPreference(_message.Message):
    __slots__ = ("kind", "email", "in_app")
    KIND_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    IN_APP_FIELD_NUMBER: _ClassVar[int]
    kind: NotificationKind
    email: bool
    in_app: bool
    def __init__(self, kind: _Optional[_Union[NotificationKind, str]] = ..., email: _Optional[bool] = ..., in_app: _Optional[bool] = ...) -> None: ...

class Preferences(_message.Message):
    __slots__ = ("kinds", "accept_user_mail")
    KINDS_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_USER_MAIL_FIELD_NUMBER: _ClassVar[int]
    kinds: _containers.RepeatedCompositeFieldContainer[KindPreference]
    accept_user_mail: bool
    def __init__(self, kinds: _Optional[_Iterable[_Union[KindPreference, _Mapping]]] = ..., accept_user_mail: _Optional[bool] = ...) -> None: ...

class GetPreferencesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpdatePreferencesRequest(_message.Message):
    __slots__ = ("kinds", "accept_user_mail")
    KINDS_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_USER_MAIL_FIELD_NUMBER: _ClassVar[int]
    kinds: _containers.RepeatedCompositeFieldContainer[KindPreference]
    accept_user_mail: bool
    def __init__(self, kinds: _Optional[_Iterable[_Union[KindPreference, _Mapping]]] = ..., accept_user_mail: _Optional[bool] = ...) -> None: ...

class InboxItem(_message.Message):
    __slots__ = ("id", "kind", "subject", "lines", "link", "event_id", "create_time", "read_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    READ_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    kind: NotificationKind
    subject: str
    lines: _containers.RepeatedScalarFieldContainer[str]
    link: str
    event_id: int
    create_time: _timestamp_pb2.Timestamp
    read_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., kind: _Optional[_Union[NotificationKind, str]] = ..., subject: _Optional[str] = ..., lines: _Optional[_Iterable[str]] = ..., link: _Optional[str] = ..., event_id: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., read_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListInboxItemsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "unread_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNREAD_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    unread_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., unread_only: _Optional[bool] = ...) -> None: ...

class ListInboxItemsResponse(_message.Message):
    __slots__ = ("items", "next_page_token", "unread_count")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[InboxItem]
    next_page_token: str
    unread_count: int
    def __init__(self, items: _Optional[_Iterable[_Union[InboxItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., unread_count: _Optional[int] = ...) -> None: ...

class MarkInboxItemsReadRequest(_message.Message):
    __slots__ = ("ids", "all")
    IDS_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[int]
    all: bool
    def __init__(self, ids: _Optional[_Iterable[int]] = ..., all: _Optional[bool] = ...) -> None: ...

class MarkInboxItemsReadResponse(_message.Message):
    __slots__ = ("marked", "unread_count")
    MARKED_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    marked: int
    unread_count: int
    def __init__(self, marked: _Optional[int] = ..., unread_count: _Optional[int] = ...) -> None: ...

class CountReachableRequest(_message.Message):
    __slots__ = ("user_ids",)
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    user_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, user_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class CountReachableResponse(_message.Message):
    __slots__ = ("reachable", "reachable_user_ids")
    REACHABLE_FIELD_NUMBER: _ClassVar[int]
    REACHABLE_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    reachable: int
    reachable_user_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, reachable: _Optional[int] = ..., reachable_user_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class Delivery(_message.Message):
    __slots__ = ("id", "message_key", "kind", "user_id", "address", "state", "attempts", "last_error", "create_time", "next_attempt_time", "sent_time", "event_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_TIME_FIELD_NUMBER: _ClassVar[int]
    SENT_TIME_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    message_key: str
    kind: NotificationKind
    user_id: int
    address: str
    state: DeliveryState
    attempts: int
    last_error: str
    create_time: _timestamp_pb2.Timestamp
    next_attempt_time: _timestamp_pb2.Timestamp
    sent_time: _timestamp_pb2.Timestamp
    event_id: int
    def __init__(self, id: _Optional[int] = ..., message_key: _Optional[str] = ..., kind: _Optional[_Union[NotificationKind, str]] = ..., user_id: _Optional[int] = ..., address: _Optional[str] = ..., state: _Optional[_Union[DeliveryState, str]] = ..., attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_attempt_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sent_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., event_id: _Optional[int] = ...) -> None: ...

class ListDeliveriesRequest(_message.Message):
    __slots__ = ("state", "user_id", "event_id", "page_size", "page_token")
    STATE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    state: DeliveryState
    user_id: int
    event_id: int
    page_size: int
    page_token: str
    def __init__(self, state: _Optional[_Union[DeliveryState, str]] = ..., user_id: _Optional[int] = ..., event_id: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDeliveriesResponse(_message.Message):
    __slots__ = ("deliveries", "next_page_token", "state_counts")
    class StateCountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATE_COUNTS_FIELD_NUMBER: _ClassVar[int]
    deliveries: _containers.RepeatedCompositeFieldContainer[Delivery]
    next_page_token: str
    state_counts: _containers.ScalarMap[str, int]
    def __init__(self, deliveries: _Optional[_Iterable[_Union[Delivery, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., state_counts: _Optional[_Mapping[str, int]] = ...) -> None: ...
