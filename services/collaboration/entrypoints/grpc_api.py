"""gRPC CollaborationService: answers from the read model only, never from the registration service."""
from eventcenter.collaboration.v1 import collaboration_service_pb2_grpc as api_grpc
from eventcenter.services.collaboration.listing import Listing


class CollaborationServicer(api_grpc.CollaborationServiceServicer):
    def __init__(self, listing: Listing, communities=None) -> None:
        self.listing = listing
        self.communities = communities

    async def ListEvents(self, request, context):
        return await self.listing.list_events(request)

    async def ListCommunities(self, request, context):
        return await self.communities.list_communities(request)
