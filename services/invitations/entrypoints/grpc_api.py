"""gRPC InvitationsService: maps each request to its use case (service_layer/) and the result to its reply.
Every call needs a signed-in caller."""
from eventcenter.invitations.v1 import invitations_service_pb2 as api
from eventcenter.invitations.v1 import invitations_service_pb2_grpc as api_grpc
from eventcenter.services.invitations.adapters.messages import list_message, page_message
from eventcenter.services.invitations.service_layer import list_cases, opt_out_cases
from eventcenter.services.invitations.service_layer.dependencies import Dependencies
from eventcenter.services.kernel.identity import signed_in
from eventcenter.services.wiki.worklist import Article

SIGN_IN_REQUIRED = "error-list-sign-in-required"


class InvitationsServicer(api_grpc.InvitationsServiceServicer):
    def __init__(self, deps: Dependencies) -> None:
        self.deps = deps

    async def CreateInvitationList(self, request, context):
        caller = signed_in(SIGN_IN_REQUIRED)
        asked = list_cases.NewList(request.name, [Article(a.wiki, a.title) for a in request.articles],
                                   request.event_id, request.from_past_participants, request.request_id)
        return list_message(await list_cases.create_invitation_list(self.deps, caller, asked))

    async def GetInvitationList(self, request, context):
        caller = signed_in(SIGN_IN_REQUIRED)
        return list_message(*await list_cases.get_invitation_list(self.deps, caller, request.list_id))

    async def ListInvitationLists(self, request, context):
        caller = signed_in(SIGN_IN_REQUIRED)
        return page_message(await list_cases.list_invitation_lists(self.deps, caller, request.page_token,
                                                                   request.page_size))

    async def GetInvitationOptOut(self, request, context):
        caller = signed_in(SIGN_IN_REQUIRED)
        return api.InvitationOptOut(opted_out=await opt_out_cases.is_opted_out(self.deps, caller))

    async def SetInvitationOptOut(self, request, context):
        caller = signed_in(SIGN_IN_REQUIRED)
        return api.InvitationOptOut(opted_out=await opt_out_cases.set_opt_out(self.deps, caller, request.opted_out))
