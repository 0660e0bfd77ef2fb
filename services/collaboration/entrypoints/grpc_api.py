"""gRPC CollaborationService: each request as its use case's arguments, each result as its reply. Answers come
from the read model only, never from the registration service."""
from eventcenter.collaboration.v1 import collaboration_service_pb2_grpc as api_grpc
from eventcenter.services.collaboration.adapters import community_messages, list_messages
from eventcenter.services.collaboration.service_layer.use_cases import CollaborationUseCases


class CollaborationServicer(api_grpc.CollaborationServiceServicer):
    def __init__(self, collaboration: CollaborationUseCases) -> None:
        self.collaboration = collaboration

    async def ListEvents(self, request, context):
        page = await self.collaboration.list_events(list_messages.asked_filters(request), request.page_token)
        return list_messages.list_reply(page)

    async def ListCommunities(self, request, context):
        page = await self.collaboration.list_communities(request.wiki, request.page_size, request.page_token)
        return community_messages.communities_reply(page)
