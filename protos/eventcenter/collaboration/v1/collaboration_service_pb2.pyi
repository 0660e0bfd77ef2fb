import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Section(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SECTION_UNSPECIFIED: _ClassVar[Section]
    SECTION_ONGOING: _ClassVar[Section]
    SECTION_UPCOMING: _ClassVar[Section]

class Participation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTICIPATION_UNSPECIFIED: _ClassVar[Participation]
    PARTICIPATION_ONLINE: _ClassVar[Participation]
    PARTICIPATION_IN_PERSON: _ClassVar[Participation]
    PARTICIPATION_ONLINE_AND_IN_PERSON: _ClassVar[Participation]
SECTION_UNSPECIFIED: Section
SECTION_ONGOING: Section
SECTION_UPCOMING: Section
PARTICIPATION_UNSPECIFIED: Participation
PARTICIPATION_ONLINE: Participation
PARTICIPATION_IN_PERSON: Participation
PARTICIPATION_ONLINE_AND_IN_PERSON: Participation

class ListEventsRequest(_message.Message):
    __slots__ = ("section", "name", "query", "types", "start_date", "end_date", "participation", "country_code", "wikis", "include_all_wikis", "topics", "with_places_left", "page_size", "page_token")
    SECTION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPATION_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    WIKIS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ALL_WIKIS_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    WITH_PLACES_LEFT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    section: Section
    name: str
    query: str
    types: _containers.RepeatedScalarFieldContainer[str]
    start_date: str
    end_date: str
    participation: Participation
    country_code: str
    wikis: _containers.RepeatedScalarFieldContainer[str]
    include_all_wikis: bool
    topics: _containers.RepeatedScalarFieldContainer[str]
    with_places_left: bool
    page_size: int
    page_token: str
    def __init__(self, section: _Optional[_Union[Section, str]] = ..., name: _Optional[str] = ..., query: _Optional[str] = ..., types: _Optional[_Iterable[str]] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., participation: _Optional[_Union[Participation, str]] = ..., country_code: _Optional[str] = ..., wikis: _Optional[_Iterable[str]] = ..., include_all_wikis: _Optional[bool] = ..., topics: _Optional[_Iterable[str]] = ..., with_places_left: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Organizer(_message.Message):
    __slots__ = ("user_id", "user_name", "creator")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATOR_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    user_name: str
    creator: bool
    def __init__(self, user_id: _Optional[int] = ..., user_name: _Optional[str] = ..., creator: _Optional[bool] = ...) -> None: ...

class EventRow(_message.Message):
    __slots__ = ("id", "name", "page_title", "page_wiki", "start_time", "end_time", "timezone", "start_local_time", "end_local_time", "participation", "country_code", "types", "wikis", "more_wikis", "all_wikis", "topics", "organizers", "more_organizers", "participant_count", "participant_limit", "registration_open", "description")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_TITLE_FIELD_NUMBER: _ClassVar[int]
    PAGE_WIKI_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    START_LOCAL_TIME_FIELD_NUMBER: _ClassVar[int]
    END_LOCAL_TIME_FIELD_NUMBER: _ClassVar[int]
    PARTICIPATION_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    WIKIS_FIELD_NUMBER: _ClassVar[int]
    MORE_WIKIS_FIELD_NUMBER: _ClassVar[int]
    ALL_WIKIS_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    ORGANIZERS_FIELD_NUMBER: _ClassVar[int]
    MORE_ORGANIZERS_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_COUNT_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_OPEN_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    page_title: str
    page_wiki: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    timezone: str
    start_local_time: str
    end_local_time: str
    participation: Participation
    country_code: str
    types: _containers.RepeatedScalarFieldContainer[str]
    wikis: _containers.RepeatedScalarFieldContainer[str]
    more_wikis: int
    all_wikis: bool
    topics: _containers.RepeatedScalarFieldContainer[str]
    organizers: _containers.RepeatedCompositeFieldContainer[Organizer]
    more_organizers: int
    participant_count: int
    participant_limit: int
    registration_open: bool
    description: str
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., page_title: _Optional[str] = ..., page_wiki: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timezone: _Optional[str] = ..., start_local_time: _Optional[str] = ..., end_local_time: _Optional[str] = ..., participation: _Optional[_Union[Participation, str]] = ..., country_code: _Optional[str] = ..., types: _Optional[_Iterable[str]] = ..., wikis: _Optional[_Iterable[str]] = ..., more_wikis: _Optional[int] = ..., all_wikis: _Optional[bool] = ..., topics: _Optional[_Iterable[str]] = ..., organizers: _Optional[_Iterable[_Union[Organizer, _Mapping]]] = ..., more_organizers: _Optional[int] = ..., participant_count: _Optional[int] = ..., participant_limit: _Optional[int] = ..., registration_open: _Optional[bool] = ..., description: _Optional[str] = ...) -> None: ...

class ListEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[EventRow]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[EventRow, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListCommunitiesRequest(_message.Message):
    __slots__ = ("wiki", "page_size", "page_token")
    WIKI_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    wiki: str
    page_size: int
    page_token: str
    def __init__(self, wiki: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class Community(_message.Message):
    __slots__ = ("id", "label", "description", "url", "title")
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    id: str
    label: str
    description: str
    url: str
    title: str
    def __init__(self, id: _Optional[str] = ..., label: _Optional[str] = ..., description: _Optional[str] = ..., url: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...

class ListCommunitiesResponse(_message.Message):
    __slots__ = ("communities", "next_page_token", "total")
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[Community]
    next_page_token: str
    total: int
    def __init__(self, communities: _Optional[_Iterable[_Union[Community, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total: _Optional[int] = ...) -> None: ...
