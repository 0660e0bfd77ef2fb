"""gRPC servicer of eventcenter.registration.v1.RegistrationService: maps messages to use cases."""
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc as api_grpc
from eventcenter.services.kernel.errors import ServiceError, invalid
from eventcenter.services.kernel.identity import current_identity
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.revisions import expected_of
from eventcenter.services.registration.adapters import campaign_messages as cm
from eventcenter.services.registration.adapters.messages import (
    answer_messages,
    answers_from_message,
    fields_from_message,
)
from eventcenter.services.registration.domain import vocabulary as v
from eventcenter.services.registration.service_layer import (
    answer_cases,
    campaign_cases,
    event_cases,
    message_cases,
    organizer_cases,
    page_cases,
    participant_cases,
    people_cases,
    program_event_cases,
    registration_cases,
)
from eventcenter.services.registration.service_layer.group_commit import GroupCommit
from eventcenter.services.registration.service_layer.unit_of_work import UnitOfWork

log = get_logger(__name__)


def _chosen_users(request) -> list[int] | None:
    """Everyone (None), or the named users (kept or left out by invert_users)."""
    if request.all and (request.user_ids or request.invert_users):
        raise invalid("all", "violation-all-with-ids")
    if not request.all and not request.user_ids and not request.invert_users:
        raise invalid("user_ids", "violation-user-ids-required")
    return None if request.all else list(request.user_ids)


def _positive(name: str, value: int) -> int:
    if value <= 0:
        raise invalid(name, "violation-id", value=value)
    return value


def _limit(page_size: int, maximum: int) -> int:
    if not 0 <= page_size <= maximum:
        raise invalid("page_size", "violation-page-size", max=maximum)
    return page_size or maximum


class RegistrationServicer(api_grpc.RegistrationServiceServicer):
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.newcomers = GroupCommit(
            lambda calls: uow.run_direct(lambda work: registration_cases.register_newcomers(work, calls)))

    async def _run(self, case, *args):
        identity = current_identity.get()
        return await self.uow.run(lambda work: case(work, identity, *args))

    async def CreateEvent(self, request, context):
        return await self._run(event_cases.create_event, fields_from_message(request.event),
                               request.accept_personal_data_policy, request.request_id.strip())

    async def GetEvent(self, request, context):
        return await self._run(event_cases.get_event, _positive("event_id", request.event_id))

    async def UpdateEvent(self, request, context):
        return await self._run(event_cases.update_event, _positive("event.id", request.event.id),
                               fields_from_message(request.event), request.accept_personal_data_policy,
                               expected_of(request), request.keep_passcode)

    async def DeleteEvent(self, request, context):
        return await self._run(event_cases.delete_event, _positive("event_id", request.event_id))

    async def FreeEventPage(self, request, context):
        release, freed = await self._run(page_cases.free_event_page, _positive("event_id", request.event_id))
        if freed:  # after the commit: the log says what the record holds
            log.info("event_page_freed", event_id=release.event_id, wiki=release.page.wiki, title=release.page.title,
                     admin_user_id=release.admin_user_id, admin_name=release.admin_name,
                     free_time=release.free_time.ToJsonString())
        return release

    async def ListOrganizers(self, request, context):
        organizers, revision = await self._run(organizer_cases.list_organizers,
                                               _positive("event_id", request.event_id))
        return api.ListOrganizersResponse(organizers=organizers, revision=revision)

    async def SetOrganizers(self, request, context):
        organizers, revision = await self._run(organizer_cases.set_organizers, _positive("event_id", request.event_id),
                                               list(request.organizer_usernames), expected_of(request))
        return api.ListOrganizersResponse(organizers=organizers, revision=revision)

    async def AcceptPersonalDataPolicy(self, request, context):
        return await self._run(organizer_cases.accept_policy, _positive("event_id", request.event_id))

    async def RegisterParticipant(self, request, context):
        identity = current_identity.get()
        arguments = (_positive("event_id", request.event_id), request.private,
                     answers_from_message(list(request.answers)), request.passcode)
        done = await self.newcomers.submit(registration_cases.NewcomerCall(identity, *arguments))
        outcome = done or await self._run(registration_cases.register, *arguments)
        if isinstance(outcome, ServiceError):  # a wrong passcode, whose try is committed
            raise outcome
        modified, registration = outcome
        return api.RegisterParticipantResponse(modified=modified, registration=registration)

    async def GetOwnRegistration(self, request, context):
        return await self._run(registration_cases.own_registration, _positive("event_id", request.event_id))

    async def CancelRegistration(self, request, context):
        modified = await self._run(registration_cases.cancel, _positive("event_id", request.event_id))
        return api.CancelRegistrationResponse(modified=modified)

    async def ListParticipants(self, request, context):
        page = await self._run(
            participant_cases.list_participants, _positive("event_id", request.event_id), request.include_private,
            request.username_filter, list(request.exclude_user_ids), request.page_size, request.page_token,
            request.last_participant_id)
        return api.ListParticipantsResponse(
            participants=page.participants, next_page_token=page.next_page_token,
            private_count=page.counters.private, registered_count=page.counters.registered,
            caller_organizes=page.caller_organizes, non_personal_question_ids=page.question_ids,
            non_personal_answers=[api.ParticipantAnswers(participant_id=participant_id, aggregated=aggregated,
                                                         answers=answer_messages(answers))
                                  for participant_id, answers, aggregated in page.answers])

    async def ListWaitlist(self, request, context):
        rows = await self._run(participant_cases.list_waitlist, _positive("event_id", request.event_id))
        return api.ListWaitlistResponse(participants=rows)

    async def RemoveParticipants(self, request, context):
        user_ids = _chosen_users(request)
        public, private = await self._run(participant_cases.remove_participants,
                                          _positive("event_id", request.event_id), user_ids, request.invert_users)
        return api.RemoveParticipantsResponse(public=public, private=private)

    async def EmailParticipants(self, request, context):
        user_ids = _chosen_users(request)
        message_id, recipients = await self._run(
            message_cases.email_participants, _positive("event_id", request.event_id), request.subject,
            request.message, user_ids, request.invert_users, request.cc_sender)
        return api.EmailParticipantsResponse(message_id=message_id, recipients=len(recipients),
                                             recipient_user_ids=recipients)

    async def ListQuestions(self, request, context):
        return api.ListQuestionsResponse(questions=await self._run(answer_cases.list_questions, request.event_id))

    async def GetResponseStatistics(self, request, context):
        return await self._run(answer_cases.response_statistics, _positive("event_id", request.event_id))

    async def AggregateAnswers(self, request, context):
        count = await self._run(answer_cases.aggregate_answers)
        return api.AggregateAnswersResponse(participants_aggregated=count)

    async def ListEventsByOrganizer(self, request, context):
        events = await self._run(event_cases.events_by_organizer, _positive("user_id", request.user_id),
                                 _limit(request.page_size, v.EVENTS_BY_USER_LIMIT), request.include_deleted)
        return api.ListEventsResponse(events=events)

    async def ListEventsByParticipant(self, request, context):
        events = await self._run(event_cases.events_by_participant, _positive("user_id", request.user_id),
                                 _limit(request.page_size, v.EVENTS_BY_USER_LIMIT), request.include_deleted)
        return api.ListEventsResponse(events=events)

    async def CreateCampaign(self, request, context):
        return await self._run(campaign_cases.create_campaign, cm.fields_from_message(request.campaign),
                               cm.usernames_from_message(request.campaign))

    async def GetCampaign(self, request, context):
        return await self._run(campaign_cases.get_campaign, _positive("campaign_id", request.campaign_id))

    async def ListCampaigns(self, request, context):
        campaigns, token = await self._run(campaign_cases.list_campaigns, request.page_size, request.page_token)
        return api.ListCampaignsResponse(campaigns=campaigns, next_page_token=token)

    async def UpdateCampaign(self, request, context):
        return await self._run(campaign_cases.update_campaign, _positive("campaign.id", request.campaign.id),
                               cm.fields_from_message(request.campaign), cm.usernames_from_message(request.campaign),
                               expected_of(request))

    async def CreateProgram(self, request, context):
        return await self._run(campaign_cases.create_program, _positive("campaign_id", request.campaign_id),
                               cm.fields_from_message(request.program), cm.usernames_from_message(request.program))

    async def GetProgram(self, request, context):
        return await self._run(campaign_cases.get_program, _positive("program_id", request.program_id))

    async def ListPrograms(self, request, context):
        programs, token = await self._run(campaign_cases.list_programs, _positive("campaign_id", request.campaign_id),
                                          request.page_size, request.page_token)
        return api.ListProgramsResponse(programs=programs, next_page_token=token)

    async def UpdateProgram(self, request, context):
        return await self._run(campaign_cases.update_program, _positive("program.id", request.program.id),
                               cm.fields_from_message(request.program), cm.usernames_from_message(request.program),
                               expected_of(request))

    async def SetEventProgram(self, request, context):
        if request.program_id < 0:
            raise invalid("program_id", "violation-id", value=request.program_id)
        return await self._run(program_event_cases.set_event_program, _positive("event_id", request.event_id),
                               request.program_id)

    async def ListProgramEvents(self, request, context):
        events, token = await self._run(program_event_cases.list_program_events,
                                        _positive("program_id", request.program_id), request.page_size,
                                        request.page_token)
        return api.ListProgramEventsResponse(events=events, next_page_token=token)

    async def GetUser(self, request, context):
        return await self._run(people_cases.get_user, _positive("user_id", request.user_id))

    async def RecordSignIn(self, request, context):
        return await self._run(people_cases.record_sign_in)

    async def GrantRight(self, request, context):
        return await self._run(people_cases.change_right, request.user_id, request.name, request.right, True)

    async def RevokeRight(self, request, context):
        return await self._run(people_cases.change_right, request.user_id, request.name, request.right, False)

    async def BlockUser(self, request, context):
        return await self._run(people_cases.change_block, request.user_id, request.name, request.reason, True)

    async def UnblockUser(self, request, context):
        return await self._run(people_cases.change_block, request.user_id, request.name, request.reason, False)
