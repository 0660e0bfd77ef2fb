"""WikiProjects of a wiki, read from (a local stand-in for) Wikidata over real HTTP: pages, caching, retries."""
import grpc
import pytest

from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.services.collaboration.adapters.wikidata import WikidataClient
from eventcenter.services.collaboration.service_layer.community_cases import CommunityLookup
from eventcenter.services.kernel.errors import InvalidArgument, Unavailable
from tests.wikidata_server import LocalWikidata

ITEMS = {f"Q{1000 + n}": {"sites": {"enwiki": f"Wikipedia:WikiProject Topic {n}"} | (
    {"frwiki": f"Projet:Sujet {n}"} if n % 2 else {}),
    "label": {"en": f"WikiProject Topic {n}", "fr": f"Projet Sujet {n}"},
    "description": {"en": f"Editors of topic {n}", "fr": f"Contributeurs du sujet {n}"}} for n in range(45)}
AGENT = "EventCenterTests/1.0 (tests@example.org)"


@pytest.fixture
async def wikidata():
    server = LocalWikidata(ITEMS)
    url = await server.start()
    client = WikidataClient(f"{url}/sparql", f"{url}/w/api.php", AGENT, backoff_seconds=0.01)
    yield server, CommunityLookup(client, b"k" * 32)
    await client.close()
    await server.stop()


async def test_pages_of_twenty_with_labels_links_and_a_polite_user_agent(wikidata):
    server, communities = wikidata
    first = await communities.list_communities("enwiki")
    assert first.total == 45 and len(first.communities) == 20 and first.next_page_token
    one = first.communities[0]
    assert (one.id, one.label, one.title) == ("Q1000", "WikiProject Topic 0", "Wikipedia:WikiProject Topic 0")
    assert one.url == "https://en.wikipedia.org/wiki/Wikipedia:WikiProject_Topic_0"
    seen = [c.id for c in first.communities]
    token = first.next_page_token
    while token:
        page = await communities.list_communities("enwiki", page_token=token)
        seen += [c.id for c in page.communities]
        token = page.next_page_token
    assert seen == list(ITEMS)
    assert all(headers["user-agent"] == AGENT for _, _, headers in server.requests)
    french = await communities.list_communities("frwiki", page_size=50)
    assert french.total == 22 and french.communities[0].label == "Projet Sujet 1"


async def test_ids_and_entities_come_from_the_cache_the_second_time(wikidata):
    server, communities = wikidata
    await communities.list_communities("enwiki")
    calls = len(server.requests)
    await communities.list_communities("enwiki")
    assert len(server.requests) == calls


async def test_busy_answers_are_retried_and_lasting_failure_is_unavailable(wikidata):
    server, communities = wikidata
    server.failures = [503, 429]
    found = await communities.list_communities("enwiki", page_size=5)
    assert len(found.communities) == 5
    server.failures = [503] * 10
    with pytest.raises(Unavailable):
        await communities.list_communities("frwiki")


async def test_bad_wiki_page_size_or_token_is_invalid(wikidata):
    _, communities = wikidata
    for request in (dict(wiki="not a wiki"), dict(wiki="enwiki", page_size=51),
                    dict(wiki="enwiki", page_token="forged")):
        with pytest.raises(InvalidArgument):
            await communities.list_communities(**request)


async def test_the_service_answers_unavailable_when_wikidata_cannot_be_reached(collaboration_stub):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await collaboration_stub.ListCommunities(api.ListCommunitiesRequest(wiki="enwiki"), timeout=60)
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
