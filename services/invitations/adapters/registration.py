"""What the invitations service asks the registration service, as the caller: the event a list is for, and the
people who took part in the caller's ended events."""
import grpc

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.identity import Identity, bearer_metadata, issue_token
from eventcenter.services.kernel.tracing import ClientInterceptor

PARTICIPANTS_PAGE = 20


class RegistrationClient:
    def __init__(self, address: str, identity_secret: str, timeout: float = 10.0) -> None:
        self.channel = grpc.aio.insecure_channel(address, interceptors=[ClientInterceptor()])  # carries the trace
        self.stub = registration_service_pb2_grpc.RegistrationServiceStub(self.channel)
        self.secret = identity_secret
        self.timeout = timeout

    def _as(self, caller: Identity) -> dict:
        return dict(metadata=bearer_metadata(issue_token(caller, self.secret, ttl_seconds=60)), timeout=self.timeout)

    async def event(self, caller: Identity, event_id: int) -> pb.Event | None:
        try:
            return await self.stub.GetEvent(api.GetEventRequest(event_id=event_id), **self._as(caller))
        except grpc.aio.AioRpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise

    async def organizer_ids(self, caller: Identity, event_id: int) -> set[int]:
        answer = await self.stub.ListOrganizers(api.ListOrganizersRequest(event_id=event_id), **self._as(caller))
        return {o.user_id for o in answer.organizers}

    async def past_participants(self, caller: Identity) -> tuple[set[str], list[pb.Event]]:
        """Names of everyone registered for the caller's ended events (private ones too: the list is only
        the caller's), and those events."""
        events = (await self.stub.ListEventsByOrganizer(api.ListEventsByOrganizerRequest(user_id=caller.user_id),
                                                        **self._as(caller))).events
        ended = [event for event in events if event.ended]
        names: set[str] = set()
        for event in ended:
            token = ""
            while True:
                page = await self.stub.ListParticipants(api.ListParticipantsRequest(
                    event_id=event.id, include_private=True, page_size=PARTICIPANTS_PAGE, page_token=token),
                    **self._as(caller))
                names.update(p.user_name for p in page.participants if p.user_id != caller.user_id)
                token = page.next_page_token
                if not token:
                    break
        return names, ended

    async def close(self) -> None:
        await self.channel.close()
