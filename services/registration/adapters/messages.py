"""Mapping between rows, domain values and the protobuf messages of eventcenter.registration.v1."""
import datetime

from sqlalchemy import Row

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.enums import FROM_PARTICIPATION_OPTIONS, TO_PARTICIPATION_OPTIONS
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.registration.domain import capacity
from eventcenter.services.registration.domain import vocabulary as v
from eventcenter.services.registration.domain.event import EventFields
from eventcenter.services.registration.domain.questions import AnswerValue

STATUS = {v.STATUS_OPEN: pb.EVENT_STATUS_OPEN, v.STATUS_CLOSED: pb.EVENT_STATUS_CLOSED}
STATE = {capacity.REGISTERED: pb.REGISTRATION_STATE_REGISTERED, capacity.WAITLISTED: pb.REGISTRATION_STATE_WAITLISTED}
ROLE = {"creator": pb.ORGANIZER_ROLE_CREATOR, "organizer": pb.ORGANIZER_ROLE_ORGANIZER}


def fields_from_message(event: pb.Event) -> EventFields:
    """Unknown enum values become "" so that validation names the field."""
    return EventFields(
        page_wiki=event.page.wiki,
        page_title=event.page.title,
        status={b: a for a, b in STATUS.items()}.get(event.status, "") if event.status else v.STATUS_OPEN,
        timezone=event.timezone,
        start_local=event.start_local_time,
        end_local=event.end_local_time,
        types=tuple(event.types),
        participation=FROM_PARTICIPATION_OPTIONS.get(event.participation_options, ""),
        meeting_url=event.meeting_url,
        country_code=event.country_code,
        address=event.address,
        chat_url=event.chat_url,
        wikis=tuple(event.wikis),
        all_wikis=event.all_wikis,
        topics=tuple(event.topics),
        test_event=event.test_event,
        tracks_contributions=event.tracks_contributions,
        question_ids=tuple(event.question_ids),
        participant_limit=event.participant_limit,
        passcode=event.passcode,
        description=event.description,
    )


def counts_message(counters: Row) -> pb.ParticipantCounts:
    return pb.ParticipantCounts(registered=counters.registered, private=counters.private,
                                waitlisted=counters.waitlisted, revision=counters.revision)


def event_message(row: Row, counters: Row, now: datetime.datetime, *, show_links: bool = True,
                  show_passcode: bool = False) -> pb.Event:
    """show_links: meeting and chat URLs; the stream carries them, public readers do not get them."""
    return pb.Event(
        id=row.id, name=row.name, page=pb.EventPage(wiki=row.page_wiki, title=row.page_title),
        status=STATUS[row.status], timezone=row.timezone,
        start_local_time=row.start_local, end_local_time=row.end_local,
        start_time=timestamp(row.start_utc), end_time=timestamp(row.end_utc),
        types=row.types, participation_options=TO_PARTICIPATION_OPTIONS[row.participation],
        meeting_url=row.meeting_url if show_links else "", chat_url=row.chat_url if show_links else "",
        country_code=row.country_code, address=row.address, wikis=row.wikis, all_wikis=row.all_wikis,
        topics=row.topics, test_event=row.test_event, tracks_contributions=row.tracks_contributions,
        question_ids=row.question_ids, participant_limit=row.participant_limit,
        passcode_required=bool(row.passcode), passcode=row.passcode if show_passcode else "",
        create_time=timestamp(row.create_time), update_time=timestamp(row.update_time),
        delete_time=timestamp(row.delete_time), counts=counts_message(counters), revision=row.revision,
        creator_user_id=row.creator_user_id, ended=row.end_utc < now,
        meeting_url_set=bool(row.meeting_url), chat_url_set=bool(row.chat_url), description=row.description,
        program_id=row.program_id or 0,
    )


def organizer_message(row: Row) -> pb.Organizer:
    return pb.Organizer(user_id=row.user_id, user_name=row.name, role=ROLE[row.role],
                        personal_data_policy_accept_time=timestamp(row.policy_accept_time))


def participant_message(row: Row, waitlist_position: int = 0, user_name: str | None = None,
                        revision: int | None = None) -> pb.Participant:
    """revision: the row's new one, when it was read before the change that the message reports."""
    return pb.Participant(
        participant_id=row.id, user_id=row.user_id, user_name=user_name or row.user_name, private=row.private,
        state=STATE[row.state], waitlist_position=waitlist_position, register_time=timestamp(row.register_time),
        revision=row.revision if revision is None else revision,
    )


def answers_from_message(answers: list[pb.Answer]) -> list[AnswerValue]:
    return [AnswerValue(a.question_id, a.option, a.text.strip()) for a in answers]


def answer_messages(values: list[AnswerValue]) -> list[pb.Answer]:
    return [pb.Answer(question_id=a.question_id, option=a.option, text=a.text) for a in values]


def user_message(row: Row) -> pb.User:
    return pb.User(user_id=row.user_id, name=row.name, rights=row.rights, blocked=row.blocked,
                   revoked_rights=row.revoked_rights)


def standing_changed(row: Row) -> events_pb2.UserStandingChanged:
    """A user's whole standing, never the block's reason (that stays with the operators)."""
    return events_pb2.UserStandingChanged(user_id=row.user_id, granted_rights=row.rights,
                                          revoked_rights=row.revoked_rights, blocked=row.blocked,
                                          version=row.standing_version)
