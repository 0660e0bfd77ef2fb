import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Metric(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    METRIC_UNSPECIFIED: _ClassVar[Metric]
    METRIC_PARTICIPANTS: _ClassVar[Metric]
    METRIC_EDITORS: _ClassVar[Metric]
    METRIC_NEW_EDITORS: _ClassVar[Metric]
    METRIC_ARTICLES_CREATED: _ClassVar[Metric]
    METRIC_ARTICLES_EDITED: _ClassVar[Metric]
    METRIC_EDITS: _ClassVar[Metric]
    METRIC_BYTES_ADDED: _ClassVar[Metric]
    METRIC_BYTES_REMOVED: _ClassVar[Metric]
    METRIC_LINKS_ADDED: _ClassVar[Metric]
    METRIC_LINKS_REMOVED: _ClassVar[Metric]
    METRIC_WORDS_ADDED: _ClassVar[Metric]
METRIC_UNSPECIFIED: Metric
METRIC_PARTICIPANTS: Metric
METRIC_EDITORS: Metric
METRIC_NEW_EDITORS: Metric
METRIC_ARTICLES_CREATED: Metric
METRIC_ARTICLES_EDITED: Metric
METRIC_EDITS: Metric
METRIC_BYTES_ADDED: Metric
METRIC_BYTES_REMOVED: Metric
METRIC_LINKS_ADDED: Metric
METRIC_LINKS_REMOVED: Metric
METRIC_WORDS_ADDED: Metric

class Contribution(_message.Message):
    __slots__ = ("id", "event_id", "wiki", "rev_id", "page_title", "namespace", "user_id", "user_name", "private", "edit_time", "bytes_delta", "page_created", "links_added", "links_removed", "words_added", "create_time", "deleted", "gathered")
    ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    WIKI_FIELD_NUMBER: _ClassVar[int]
    REV_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_TITLE_FIELD_NUMBER: _ClassVar[int]
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_FIELD_NUMBER: _ClassVar[int]
    EDIT_TIME_FIELD_NUMBER: _ClassVar[int]
    BYTES_DELTA_FIELD_NUMBER: _ClassVar[int]
    PAGE_CREATED_FIELD_NUMBER: _ClassVar[int]
    LINKS_ADDED_FIELD_NUMBER: _ClassVar[int]
    LINKS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    WORDS_ADDED_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    GATHERED_FIELD_NUMBER: _ClassVar[int]
    id: int
    event_id: int
    wiki: str
    rev_id: int
    page_title: str
    namespace: int
    user_id: int
    user_name: str
    private: bool
    edit_time: _timestamp_pb2.Timestamp
    bytes_delta: int
    page_created: bool
    links_added: int
    links_removed: int
    words_added: int
    create_time: _timestamp_pb2.Timestamp
    deleted: bool
    gathered: bool
    def __init__(self, id: _Optional[int] = ..., event_id: _Optional[int] = ..., wiki: _Optional[str] = ..., rev_id: _Optional[int] = ..., page_title: _Optional[str] = ..., namespace: _Optional[int] = ..., user_id: _Optional[int] = ..., user_name: _Optional[str] = ..., private: _Optional[bool] = ..., edit_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., bytes_delta: _Optional[int] = ..., page_created: _Optional[bool] = ..., links_added: _Optional[int] = ..., links_removed: _Optional[int] = ..., words_added: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deleted: _Optional[bool] = ..., gathered: _Optional[bool] = ...) -> None: ...

class AssociateEditRequest(_message.Message):
    __slots__ = ("event_id", "wiki", "rev_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    WIKI_FIELD_NUMBER: _ClassVar[int]
    REV_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    wiki: str
    rev_id: int
    def __init__(self, event_id: _Optional[int] = ..., wiki: _Optional[str] = ..., rev_id: _Optional[int] = ...) -> None: ...

class ListContributionsRequest(_message.Message):
    __slots__ = ("event_id", "page_size", "page_token")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    page_size: int
    page_token: str
    def __init__(self, event_id: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListContributionsResponse(_message.Message):
    __slots__ = ("contributions", "next_page_token", "hidden_private")
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_PRIVATE_FIELD_NUMBER: _ClassVar[int]
    contributions: _containers.RepeatedCompositeFieldContainer[Contribution]
    next_page_token: str
    hidden_private: int
    def __init__(self, contributions: _Optional[_Iterable[_Union[Contribution, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., hidden_private: _Optional[int] = ...) -> None: ...

class GetEventMetricsRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class GetMetricsRequest(_message.Message):
    __slots__ = ("event_ids",)
    EVENT_IDS_FIELD_NUMBER: _ClassVar[int]
    event_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, event_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class Metrics(_message.Message):
    __slots__ = ("participants", "editors", "new_editors", "articles_created", "articles_edited", "edits", "bytes_added", "bytes_removed", "links_added", "links_removed", "words_added")
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    EDITORS_FIELD_NUMBER: _ClassVar[int]
    NEW_EDITORS_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_CREATED_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_EDITED_FIELD_NUMBER: _ClassVar[int]
    EDITS_FIELD_NUMBER: _ClassVar[int]
    BYTES_ADDED_FIELD_NUMBER: _ClassVar[int]
    BYTES_REMOVED_FIELD_NUMBER: _ClassVar[int]
    LINKS_ADDED_FIELD_NUMBER: _ClassVar[int]
    LINKS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    WORDS_ADDED_FIELD_NUMBER: _ClassVar[int]
    participants: int
    editors: int
    new_editors: int
    articles_created: int
    articles_edited: int
    edits: int
    bytes_added: int
    bytes_removed: int
    links_added: int
    links_removed: int
    words_added: int
    def __init__(self, participants: _Optional[int] = ..., editors: _Optional[int] = ..., new_editors: _Optional[int] = ..., articles_created: _Optional[int] = ..., articles_edited: _Optional[int] = ..., edits: _Optional[int] = ..., bytes_added: _Optional[int] = ..., bytes_removed: _Optional[int] = ..., links_added: _Optional[int] = ..., links_removed: _Optional[int] = ..., words_added: _Optional[int] = ...) -> None: ...

class EventGoal(_message.Message):
    __slots__ = ("event_id", "metric", "target", "actual", "completion", "revision")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    metric: Metric
    target: int
    actual: int
    completion: float
    revision: int
    def __init__(self, event_id: _Optional[int] = ..., metric: _Optional[_Union[Metric, str]] = ..., target: _Optional[int] = ..., actual: _Optional[int] = ..., completion: _Optional[float] = ..., revision: _Optional[int] = ...) -> None: ...

class EventMetrics(_message.Message):
    __slots__ = ("event_id", "participants", "editors", "new_editors", "articles_created", "articles_edited", "edits", "bytes_added", "bytes_removed", "links_added", "links_removed", "words_added", "goal")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    EDITORS_FIELD_NUMBER: _ClassVar[int]
    NEW_EDITORS_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_CREATED_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_EDITED_FIELD_NUMBER: _ClassVar[int]
    EDITS_FIELD_NUMBER: _ClassVar[int]
    BYTES_ADDED_FIELD_NUMBER: _ClassVar[int]
    BYTES_REMOVED_FIELD_NUMBER: _ClassVar[int]
    LINKS_ADDED_FIELD_NUMBER: _ClassVar[int]
    LINKS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    WORDS_ADDED_FIELD_NUMBER: _ClassVar[int]
    GOAL_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    participants: int
    editors: int
    new_editors: int
    articles_created: int
    articles_edited: int
    edits: int
    bytes_added: int
    bytes_removed: int
    links_added: int
    links_removed: int
    words_added: int
    goal: EventGoal
    def __init__(self, event_id: _Optional[int] = ..., participants: _Optional[int] = ..., editors: _Optional[int] = ..., new_editors: _Optional[int] = ..., articles_created: _Optional[int] = ..., articles_edited: _Optional[int] = ..., edits: _Optional[int] = ..., bytes_added: _Optional[int] = ..., bytes_removed: _Optional[int] = ..., links_added: _Optional[int] = ..., links_removed: _Optional[int] = ..., words_added: _Optional[int] = ..., goal: _Optional[_Union[EventGoal, _Mapping]] = ...) -> None: ...

class SetEventGoalRequest(_message.Message):
    __slots__ = ("event_id", "metric", "target", "expected_revision")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    metric: Metric
    target: int
    expected_revision: int
    def __init__(self, event_id: _Optional[int] = ..., metric: _Optional[_Union[Metric, str]] = ..., target: _Optional[int] = ..., expected_revision: _Optional[int] = ...) -> None: ...

class DashboardLink(_message.Message):
    __slots__ = ("event_id", "dashboard_url", "course_slug", "create_time", "last_sync_time", "last_error", "last_error_code", "failed_attempts", "sync_pending")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    DASHBOARD_URL_FIELD_NUMBER: _ClassVar[int]
    COURSE_SLUG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_SYNC_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    FAILED_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    SYNC_PENDING_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    dashboard_url: str
    course_slug: str
    create_time: _timestamp_pb2.Timestamp
    last_sync_time: _timestamp_pb2.Timestamp
    last_error: str
    last_error_code: str
    failed_attempts: int
    sync_pending: bool
    def __init__(self, event_id: _Optional[int] = ..., dashboard_url: _Optional[str] = ..., course_slug: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_sync_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_error: _Optional[str] = ..., last_error_code: _Optional[str] = ..., failed_attempts: _Optional[int] = ..., sync_pending: _Optional[bool] = ...) -> None: ...

class LinkDashboardCourseRequest(_message.Message):
    __slots__ = ("event_id", "dashboard_url", "course_slug", "secret")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    DASHBOARD_URL_FIELD_NUMBER: _ClassVar[int]
    COURSE_SLUG_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    dashboard_url: str
    course_slug: str
    secret: str
    def __init__(self, event_id: _Optional[int] = ..., dashboard_url: _Optional[str] = ..., course_slug: _Optional[str] = ..., secret: _Optional[str] = ...) -> None: ...

class UnlinkDashboardCourseRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class UnlinkDashboardCourseResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetDashboardLinkRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class WorklistArticle(_message.Message):
    __slots__ = ("wiki", "title")
    WIKI_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    wiki: str
    title: str
    def __init__(self, wiki: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...

class Worklist(_message.Message):
    __slots__ = ("event_id", "articles", "gather", "last_gather_time", "revision")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    GATHER_FIELD_NUMBER: _ClassVar[int]
    LAST_GATHER_TIME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    articles: _containers.RepeatedCompositeFieldContainer[WorklistArticle]
    gather: bool
    last_gather_time: _timestamp_pb2.Timestamp
    revision: int
    def __init__(self, event_id: _Optional[int] = ..., articles: _Optional[_Iterable[_Union[WorklistArticle, _Mapping]]] = ..., gather: _Optional[bool] = ..., last_gather_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revision: _Optional[int] = ...) -> None: ...

class SetWorklistRequest(_message.Message):
    __slots__ = ("event_id", "articles", "gather", "expected_revision")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    GATHER_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    articles: _containers.RepeatedCompositeFieldContainer[WorklistArticle]
    gather: bool
    expected_revision: int
    def __init__(self, event_id: _Optional[int] = ..., articles: _Optional[_Iterable[_Union[WorklistArticle, _Mapping]]] = ..., gather: _Optional[bool] = ..., expected_revision: _Optional[int] = ...) -> None: ...

class GetWorklistRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...
