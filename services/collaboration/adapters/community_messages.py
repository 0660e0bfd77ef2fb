"""ListCommunities in protobuf: a page of communities as the reply carries it."""
from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.services.collaboration.domain.communities import CommunityPage


def communities_reply(page: CommunityPage) -> api.ListCommunitiesResponse:
    return api.ListCommunitiesResponse(
        communities=[api.Community(id=c.id, label=c.label, description=c.description, title=c.title, url=c.url)
                     for c in page.communities],
        next_page_token=page.next_page_token, total=page.total)
