import datetime

from eventcenter.registration.v1 import resources_pb2 as _resources_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateEventRequest(_message.Message):
    __slots__ = ("event", "accept_personal_data_policy", "request_id")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_PERSONAL_DATA_POLICY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    accept_personal_data_policy: bool
    request_id: str
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., accept_personal_data_policy: _Optional[bool] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetEventRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class UpdateEventRequest(_message.Message):
    __slots__ = ("event", "accept_personal_data_policy", "expected_revision", "keep_passcode")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_PERSONAL_DATA_POLICY_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    KEEP_PASSCODE_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    accept_personal_data_policy: bool
    expected_revision: int
    keep_passcode: bool
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., accept_personal_data_policy: _Optional[bool] = ..., expected_revision: _Optional[int] = ..., keep_passcode: _Optional[bool] = ...) -> None: ...

class DeleteEventRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class ListOrganizersRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class ListOrganizersResponse(_message.Message):
    __slots__ = ("organizers", "revision")
    ORGANIZERS_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    organizers: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Organizer]
    revision: int
    def __init__(self, organizers: _Optional[_Iterable[_Union[_resources_pb2.Organizer, _Mapping]]] = ..., revision: _Optional[int] = ...) -> None: ...

class SetOrganizersRequest(_message.Message):
    __slots__ = ("event_id", "organizer_usernames", "expected_revision")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZER_USERNAMES_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    organizer_usernames: _containers.RepeatedScalarFieldContainer[str]
    expected_revision: int
    def __init__(self, event_id: _Optional[int] = ..., organizer_usernames: _Optional[_Iterable[str]] = ..., expected_revision: _Optional[int] = ...) -> None: ...

class AcceptPersonalDataPolicyRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class RegisterParticipantRequest(_message.Message):
    __slots__ = ("event_id", "private", "answers", "passcode")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    PASSCODE_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    private: bool
    answers: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Answer]
    passcode: str
    def __init__(self, event_id: _Optional[int] = ..., private: _Optional[bool] = ..., answers: _Optional[_Iterable[_Union[_resources_pb2.Answer, _Mapping]]] = ..., passcode: _Optional[str] = ...) -> None: ...

class RegisterParticipantResponse(_message.Message):
    __slots__ = ("modified", "registration")
    MODIFIED_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    modified: bool
    registration: _resources_pb2.Registration
    def __init__(self, modified: _Optional[bool] = ..., registration: _Optional[_Union[_resources_pb2.Registration, _Mapping]] = ...) -> None: ...

class GetOwnRegistrationRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class CancelRegistrationRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class CancelRegistrationResponse(_message.Message):
    __slots__ = ("modified",)
    MODIFIED_FIELD_NUMBER: _ClassVar[int]
    modified: bool
    def __init__(self, modified: _Optional[bool] = ...) -> None: ...

class ListParticipantsRequest(_message.Message):
    __slots__ = ("event_id", "include_private", "username_filter", "exclude_user_ids", "page_size", "page_token", "last_participant_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PRIVATE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FILTER_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    LAST_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    include_private: bool
    username_filter: str
    exclude_user_ids: _containers.RepeatedScalarFieldContainer[int]
    page_size: int
    page_token: str
    last_participant_id: int
    def __init__(self, event_id: _Optional[int] = ..., include_private: _Optional[bool] = ..., username_filter: _Optional[str] = ..., exclude_user_ids: _Optional[_Iterable[int]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., last_participant_id: _Optional[int] = ...) -> None: ...

class ListParticipantsResponse(_message.Message):
    __slots__ = ("participants", "next_page_token", "private_count", "registered_count", "caller_organizes", "non_personal_question_ids", "non_personal_answers")
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_COUNT_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CALLER_ORGANIZES_FIELD_NUMBER: _ClassVar[int]
    NON_PERSONAL_QUESTION_IDS_FIELD_NUMBER: _ClassVar[int]
    NON_PERSONAL_ANSWERS_FIELD_NUMBER: _ClassVar[int]
    participants: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Participant]
    next_page_token: str
    private_count: int
    registered_count: int
    caller_organizes: bool
    non_personal_question_ids: _containers.RepeatedScalarFieldContainer[int]
    non_personal_answers: _containers.RepeatedCompositeFieldContainer[ParticipantAnswers]
    def __init__(self, participants: _Optional[_Iterable[_Union[_resources_pb2.Participant, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., private_count: _Optional[int] = ..., registered_count: _Optional[int] = ..., caller_organizes: _Optional[bool] = ..., non_personal_question_ids: _Optional[_Iterable[int]] = ..., non_personal_answers: _Optional[_Iterable[_Union[ParticipantAnswers, _Mapping]]] = ...) -> None: ...

class ParticipantAnswers(_message.Message):
    __slots__ = ("participant_id", "answers", "aggregated")
    PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    AGGREGATED_FIELD_NUMBER: _ClassVar[int]
    participant_id: int
    answers: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Answer]
    aggregated: bool
    def __init__(self, participant_id: _Optional[int] = ..., answers: _Optional[_Iterable[_Union[_resources_pb2.Answer, _Mapping]]] = ..., aggregated: _Optional[bool] = ...) -> None: ...

class ListWaitlistRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class ListWaitlistResponse(_message.Message):
    __slots__ = ("participants",)
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    participants: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Participant]
    def __init__(self, participants: _Optional[_Iterable[_Union[_resources_pb2.Participant, _Mapping]]] = ...) -> None: ...

class RemoveParticipantsRequest(_message.Message):
    __slots__ = ("event_id", "user_ids", "all", "invert_users")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    INVERT_USERS_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    user_ids: _containers.RepeatedScalarFieldContainer[int]
    all: bool
    invert_users: bool
    def __init__(self, event_id: _Optional[int] = ..., user_ids: _Optional[_Iterable[int]] = ..., all: _Optional[bool] = ..., invert_users: _Optional[bool] = ...) -> None: ...

class RemoveParticipantsResponse(_message.Message):
    __slots__ = ("public", "private")
    PUBLIC_FIELD_NUMBER: _ClassVar[int]
    PRIVATE_FIELD_NUMBER: _ClassVar[int]
    public: int
    private: int
    def __init__(self, public: _Optional[int] = ..., private: _Optional[int] = ...) -> None: ...

class EmailParticipantsRequest(_message.Message):
    __slots__ = ("event_id", "subject", "message", "user_ids", "all", "invert_users", "cc_sender")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    ALL_FIELD_NUMBER: _ClassVar[int]
    INVERT_USERS_FIELD_NUMBER: _ClassVar[int]
    CC_SENDER_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    subject: str
    message: str
    user_ids: _containers.RepeatedScalarFieldContainer[int]
    all: bool
    invert_users: bool
    cc_sender: bool
    def __init__(self, event_id: _Optional[int] = ..., subject: _Optional[str] = ..., message: _Optional[str] = ..., user_ids: _Optional[_Iterable[int]] = ..., all: _Optional[bool] = ..., invert_users: _Optional[bool] = ..., cc_sender: _Optional[bool] = ...) -> None: ...

class EmailParticipantsResponse(_message.Message):
    __slots__ = ("message_id", "recipients", "recipient_user_ids")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    recipients: int
    recipient_user_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, message_id: _Optional[str] = ..., recipients: _Optional[int] = ..., recipient_user_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class ListQuestionsRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class QuestionOption(_message.Message):
    __slots__ = ("value", "label", "takes_text")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    TAKES_TEXT_FIELD_NUMBER: _ClassVar[int]
    value: int
    label: str
    takes_text: bool
    def __init__(self, value: _Optional[int] = ..., label: _Optional[str] = ..., takes_text: _Optional[bool] = ...) -> None: ...

class Question(_message.Message):
    __slots__ = ("id", "name", "type", "personal_data", "label", "options")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_DATA_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    type: str
    personal_data: bool
    label: str
    options: _containers.RepeatedCompositeFieldContainer[QuestionOption]
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., type: _Optional[str] = ..., personal_data: _Optional[bool] = ..., label: _Optional[str] = ..., options: _Optional[_Iterable[_Union[QuestionOption, _Mapping]]] = ...) -> None: ...

class ListQuestionsResponse(_message.Message):
    __slots__ = ("questions",)
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    questions: _containers.RepeatedCompositeFieldContainer[Question]
    def __init__(self, questions: _Optional[_Iterable[_Union[Question, _Mapping]]] = ...) -> None: ...

class GetResponseStatisticsRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class OptionStatistics(_message.Message):
    __slots__ = ("option", "label", "count", "fewer_than_five")
    OPTION_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    FEWER_THAN_FIVE_FIELD_NUMBER: _ClassVar[int]
    option: int
    label: str
    count: int
    fewer_than_five: bool
    def __init__(self, option: _Optional[int] = ..., label: _Optional[str] = ..., count: _Optional[int] = ..., fewer_than_five: _Optional[bool] = ...) -> None: ...

class QuestionStatistics(_message.Message):
    __slots__ = ("question_id", "label", "answer_count", "shown", "options")
    QUESTION_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    ANSWER_COUNT_FIELD_NUMBER: _ClassVar[int]
    SHOWN_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    question_id: int
    label: str
    answer_count: int
    shown: bool
    options: _containers.RepeatedCompositeFieldContainer[OptionStatistics]
    def __init__(self, question_id: _Optional[int] = ..., label: _Optional[str] = ..., answer_count: _Optional[int] = ..., shown: _Optional[bool] = ..., options: _Optional[_Iterable[_Union[OptionStatistics, _Mapping]]] = ...) -> None: ...

class ResponseStatistics(_message.Message):
    __slots__ = ("event_id", "participants_with_answers", "questions")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_WITH_ANSWERS_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    participants_with_answers: int
    questions: _containers.RepeatedCompositeFieldContainer[QuestionStatistics]
    def __init__(self, event_id: _Optional[int] = ..., participants_with_answers: _Optional[int] = ..., questions: _Optional[_Iterable[_Union[QuestionStatistics, _Mapping]]] = ...) -> None: ...

class AggregateAnswersRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AggregateAnswersResponse(_message.Message):
    __slots__ = ("participants_aggregated",)
    PARTICIPANTS_AGGREGATED_FIELD_NUMBER: _ClassVar[int]
    participants_aggregated: int
    def __init__(self, participants_aggregated: _Optional[int] = ...) -> None: ...

class ListEventsByOrganizerRequest(_message.Message):
    __slots__ = ("user_id", "page_size", "include_deleted")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    page_size: int
    include_deleted: bool
    def __init__(self, user_id: _Optional[int] = ..., page_size: _Optional[int] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ListEventsByParticipantRequest(_message.Message):
    __slots__ = ("user_id", "page_size", "include_deleted")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    page_size: int
    include_deleted: bool
    def __init__(self, user_id: _Optional[int] = ..., page_size: _Optional[int] = ..., include_deleted: _Optional[bool] = ...) -> None: ...

class ListEventsResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Event]
    def __init__(self, events: _Optional[_Iterable[_Union[_resources_pb2.Event, _Mapping]]] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    def __init__(self, user_id: _Optional[int] = ...) -> None: ...

class RecordSignInRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ChangeRightRequest(_message.Message):
    __slots__ = ("user_id", "name", "right")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RIGHT_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    name: str
    right: str
    def __init__(self, user_id: _Optional[int] = ..., name: _Optional[str] = ..., right: _Optional[str] = ...) -> None: ...

class ChangeBlockRequest(_message.Message):
    __slots__ = ("user_id", "name", "reason")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    name: str
    reason: str
    def __init__(self, user_id: _Optional[int] = ..., name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CreateCampaignRequest(_message.Message):
    __slots__ = ("campaign",)
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    campaign: _resources_pb2.Campaign
    def __init__(self, campaign: _Optional[_Union[_resources_pb2.Campaign, _Mapping]] = ...) -> None: ...

class GetCampaignRequest(_message.Message):
    __slots__ = ("campaign_id",)
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    campaign_id: int
    def __init__(self, campaign_id: _Optional[int] = ...) -> None: ...

class ListCampaignsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCampaignsResponse(_message.Message):
    __slots__ = ("campaigns", "next_page_token")
    CAMPAIGNS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    campaigns: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Campaign]
    next_page_token: str
    def __init__(self, campaigns: _Optional[_Iterable[_Union[_resources_pb2.Campaign, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateCampaignRequest(_message.Message):
    __slots__ = ("campaign", "expected_revision")
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    campaign: _resources_pb2.Campaign
    expected_revision: int
    def __init__(self, campaign: _Optional[_Union[_resources_pb2.Campaign, _Mapping]] = ..., expected_revision: _Optional[int] = ...) -> None: ...

class CreateProgramRequest(_message.Message):
    __slots__ = ("campaign_id", "program")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    PROGRAM_FIELD_NUMBER: _ClassVar[int]
    campaign_id: int
    program: _resources_pb2.Program
    def __init__(self, campaign_id: _Optional[int] = ..., program: _Optional[_Union[_resources_pb2.Program, _Mapping]] = ...) -> None: ...

class GetProgramRequest(_message.Message):
    __slots__ = ("program_id",)
    PROGRAM_ID_FIELD_NUMBER: _ClassVar[int]
    program_id: int
    def __init__(self, program_id: _Optional[int] = ...) -> None: ...

class ListProgramsRequest(_message.Message):
    __slots__ = ("campaign_id", "page_size", "page_token")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    campaign_id: int
    page_size: int
    page_token: str
    def __init__(self, campaign_id: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProgramsResponse(_message.Message):
    __slots__ = ("programs", "next_page_token")
    PROGRAMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    programs: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Program]
    next_page_token: str
    def __init__(self, programs: _Optional[_Iterable[_Union[_resources_pb2.Program, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateProgramRequest(_message.Message):
    __slots__ = ("program", "expected_revision")
    PROGRAM_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    program: _resources_pb2.Program
    expected_revision: int
    def __init__(self, program: _Optional[_Union[_resources_pb2.Program, _Mapping]] = ..., expected_revision: _Optional[int] = ...) -> None: ...

class SetEventProgramRequest(_message.Message):
    __slots__ = ("event_id", "program_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PROGRAM_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    program_id: int
    def __init__(self, event_id: _Optional[int] = ..., program_id: _Optional[int] = ...) -> None: ...

class ListProgramEventsRequest(_message.Message):
    __slots__ = ("program_id", "page_size", "page_token")
    PROGRAM_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    program_id: int
    page_size: int
    page_token: str
    def __init__(self, program_id: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProgramEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Event]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[_resources_pb2.Event, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class FreeEventPageRequest(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    def __init__(self, event_id: _Optional[int] = ...) -> None: ...

class PageRelease(_message.Message):
    __slots__ = ("event_id", "page", "admin_user_id", "admin_name", "free_time")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    ADMIN_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ADMIN_NAME_FIELD_NUMBER: _ClassVar[int]
    FREE_TIME_FIELD_NUMBER: _ClassVar[int]
    event_id: int
    page: _resources_pb2.EventPage
    admin_user_id: int
    admin_name: str
    free_time: _timestamp_pb2.Timestamp
    def __init__(self, event_id: _Optional[int] = ..., page: _Optional[_Union[_resources_pb2.EventPage, _Mapping]] = ..., admin_user_id: _Optional[int] = ..., admin_name: _Optional[str] = ..., free_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
