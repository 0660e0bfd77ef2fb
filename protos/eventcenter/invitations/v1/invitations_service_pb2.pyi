import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvitationListState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVITATION_LIST_STATE_UNSPECIFIED: _ClassVar[InvitationListState]
    INVITATION_LIST_STATE_PENDING: _ClassVar[InvitationListState]
    INVITATION_LIST_STATE_READY: _ClassVar[InvitationListState]
    INVITATION_LIST_STATE_FAILED: _ClassVar[InvitationListState]

class Recommendation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOMMENDATION_UNSPECIFIED: _ClassVar[Recommendation]
    RECOMMENDATION_HIGHLY_RECOMMENDED: _ClassVar[Recommendation]
    RECOMMENDATION_RECOMMENDED: _ClassVar[Recommendation]
    RECOMMENDATION_OTHER: _ClassVar[Recommendation]
INVITATION_LIST_STATE_UNSPECIFIED: InvitationListState
INVITATION_LIST_STATE_PENDING: InvitationListState
INVITATION_LIST_STATE_READY: InvitationListState
INVITATION_LIST_STATE_FAILED: InvitationListState
RECOMMENDATION_UNSPECIFIED: Recommendation
RECOMMENDATION_HIGHLY_RECOMMENDED: Recommendation
RECOMMENDATION_RECOMMENDED: Recommendation
RECOMMENDATION_OTHER: Recommendation

class WorklistArticle(_message.Message):
    __slots__ = ("wiki", "title")
    WIKI_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    wiki: str
    title: str
    def __init__(self, wiki: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...

class InvitedEditor(_message.Message):
    __slots__ = ("user_name", "score", "recommendation", "user_page_url")
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    USER_PAGE_URL_FIELD_NUMBER: _ClassVar[int]
    user_name: str
    score: int
    recommendation: Recommendation
    user_page_url: str
    def __init__(self, user_name: _Optional[str] = ..., score: _Optional[int] = ..., recommendation: _Optional[_Union[Recommendation, str]] = ..., user_page_url: _Optional[str] = ...) -> None: ...

class InvitationList(_message.Message):
    __slots__ = ("id", "name", "event_id", "owner_user_id", "state", "articles", "from_past_participants", "articles_read", "articles_total", "editors", "failure", "create_time", "ready_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    FROM_PAST_PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_READ_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_TOTAL_FIELD_NUMBER: _ClassVar[int]
    EDITORS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    READY_TIME_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    event_id: int
    owner_user_id: int
    state: InvitationListState
    articles: _containers.RepeatedCompositeFieldContainer[WorklistArticle]
    from_past_participants: bool
    articles_read: int
    articles_total: int
    editors: _containers.RepeatedCompositeFieldContainer[InvitedEditor]
    failure: str
    create_time: _timestamp_pb2.Timestamp
    ready_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., event_id: _Optional[int] = ..., owner_user_id: _Optional[int] = ..., state: _Optional[_Union[InvitationListState, str]] = ..., articles: _Optional[_Iterable[_Union[WorklistArticle, _Mapping]]] = ..., from_past_participants: _Optional[bool] = ..., articles_read: _Optional[int] = ..., articles_total: _Optional[int] = ..., editors: _Optional[_Iterable[_Union[InvitedEditor, _Mapping]]] = ..., failure: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ready_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateInvitationListRequest(_message.Message):
    __slots__ = ("name", "event_id", "articles", "from_past_participants", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    FROM_PAST_PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    event_id: int
    articles: _containers.RepeatedCompositeFieldContainer[WorklistArticle]
    from_past_participants: bool
    request_id: str
    def __init__(self, name: _Optional[str] = ..., event_id: _Optional[int] = ..., articles: _Optional[_Iterable[_Union[WorklistArticle, _Mapping]]] = ..., from_past_participants: _Optional[bool] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetInvitationListRequest(_message.Message):
    __slots__ = ("list_id",)
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    list_id: int
    def __init__(self, list_id: _Optional[int] = ...) -> None: ...

class ListInvitationListsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListInvitationListsResponse(_message.Message):
    __slots__ = ("lists", "next_page_token")
    LISTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    lists: _containers.RepeatedCompositeFieldContainer[InvitationList]
    next_page_token: str
    def __init__(self, lists: _Optional[_Iterable[_Union[InvitationList, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class InvitationOptOut(_message.Message):
    __slots__ = ("opted_out",)
    OPTED_OUT_FIELD_NUMBER: _ClassVar[int]
    opted_out: bool
    def __init__(self, opted_out: _Optional[bool] = ...) -> None: ...

class GetInvitationOptOutRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetInvitationOptOutRequest(_message.Message):
    __slots__ = ("opted_out",)
    OPTED_OUT_FIELD_NUMBER: _ClassVar[int]
    opted_out: bool
    def __init__(self, opted_out: _Optional[bool] = ...) -> None: ...
