"""Collaboration's use cases bound to the adapters bootstrap chose (real or fake): what the entrypoints call."""
from dataclasses import dataclass

from eventcenter.services.collaboration.domain.asked_filters import AskedFilters
from eventcenter.services.collaboration.domain.communities import CommunityPage
from eventcenter.services.collaboration.service_layer import event_list_cases, read_model_cases
from eventcenter.services.collaboration.service_layer.community_cases import CommunityLookup
from eventcenter.services.collaboration.service_layer.event_list_cases import EventPage
from eventcenter.services.collaboration.service_layer.ports import StreamReplay
from eventcenter.services.collaboration.service_layer.unit_of_work import UnitOfWork, Work


@dataclass
class CollaborationUseCases:
    uow: UnitOfWork
    communities: CommunityLookup
    token_secret: bytes  # signs page tokens

    async def list_events(self, asked: AskedFilters, page_token: str = "") -> EventPage:
        async def listing(work: Work) -> EventPage:
            return await event_list_cases.list_events(work, asked, page_token, self.token_secret)
        return await self.uow.run(listing)

    async def list_communities(self, wiki: str, page_size: int = 0, page_token: str = "") -> CommunityPage:
        return await self.communities.list_communities(wiki, page_size, page_token)

    async def apply_registration_events(self, messages: list[tuple[str, bytes]]) -> None:
        """(type name, data) messages applied in one transaction, as the stream consumer applies a batch."""
        async def applying(work: Work) -> None:
            for type_name, data in messages:
                await read_model_cases.apply_registration_event(work, type_name, data)
            await read_model_cases.settle_applied_events(work)
        await self.uow.run(applying)

    async def rebuild(self, stream: StreamReplay, consumer: str) -> int:
        return await read_model_cases.rebuild(self.uow, stream, consumer)
