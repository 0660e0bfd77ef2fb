"""The gRPC servicer wired by the real bootstrap around in-memory fakes: requests become use cases and results
become replies (states, editors in recommendation groups, the translated failure), and anonymous callers are
refused before any use case runs."""
import pytest

from eventcenter.invitations.v1 import invitations_service_pb2 as api
from eventcenter.services.invitations.domain.scoring import recommendation
from eventcenter.services.kernel.errors import PermissionDenied
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity, current_identity
from tests.service_layer.fakes_invitations import START, FakeWiki, editor, revision, wired_invitations

ADA = Identity(1, "Ada", frozenset({RIGHT_ORGANIZER}))
GROUPS = {"highly_recommended": api.RECOMMENDATION_HIGHLY_RECOMMENDED,
          "recommended": api.RECOMMENDATION_RECOMMENDED, "other": api.RECOMMENDATION_OTHER}


@pytest.fixture
def as_ada():
    token = current_identity.set(ADA)
    yield ADA
    current_identity.reset(token)


def moon() -> FakeWiki:
    return FakeWiki(pages={"Moon": 0}, revisions={"Moon": [revision(2, "Wen", 9000, 1, parent_id=1),
                                                           revision(1, "Lu", 400, 900)]},
                    users_by_name={"Wen": editor("Wen", 9000), "Lu": editor("Lu", 20)})


async def test_a_list_is_created_and_read_back_as_the_apis_messages(as_ada):
    wired = wired_invitations(enwiki=moon())
    servicer = wired.service.servicer
    created = await servicer.CreateInvitationList(api.CreateInvitationListRequest(
        name="Moon", articles=[api.WorklistArticle(wiki="enwiki", title="moon")], request_id="r"), None)
    assert created.state == api.INVITATION_LIST_STATE_PENDING and created.owner_user_id == ADA.user_id
    assert [(a.wiki, a.title) for a in created.articles] == [("enwiki", "Moon")] and created.articles_total == 1
    assert created.create_time.ToDatetime().replace(tzinfo=START.tzinfo) == START
    assert await wired.service.worker.run_once()
    ready = await servicer.GetInvitationList(api.GetInvitationListRequest(list_id=created.id), None)
    assert ready.state == api.INVITATION_LIST_STATE_READY and ready.articles_read == 1
    assert [e.user_name for e in ready.editors] == [e.user_name for e in wired.tables.editors[created.id]]
    assert [e.recommendation for e in ready.editors] == [GROUPS[recommendation(e.score)] for e in ready.editors]
    page = await servicer.ListInvitationLists(api.ListInvitationListsRequest(page_size=10), None)
    assert [listed.id for listed in page.lists] == [created.id] and not page.next_page_token
    assert not page.lists[0].editors  # a page names the lists, not their editors


async def test_a_failed_list_says_why_in_the_callers_words(as_ada):
    wiki = moon()
    wired = wired_invitations(enwiki=wiki)
    created = await wired.service.servicer.CreateInvitationList(api.CreateInvitationListRequest(
        name="Moon", articles=[api.WorklistArticle(wiki="enwiki", title="Moon")]), None)
    wiki.broken = True
    for _ in range(3):
        wired.uow.clock.advance(hours=1)
        assert await wired.service.worker.run_once()
    failed = await wired.service.servicer.GetInvitationList(api.GetInvitationListRequest(list_id=created.id), None)
    assert failed.state == api.INVITATION_LIST_STATE_FAILED
    assert "HTTP 503 from the fake wiki" in failed.failure and failed.failure != "HTTP 503 from the fake wiki"


async def test_opting_out_answers_with_the_state_asked_for(as_ada):
    servicer = wired_invitations().service.servicer
    assert (await servicer.SetInvitationOptOut(api.SetInvitationOptOutRequest(opted_out=True), None)).opted_out
    assert (await servicer.GetInvitationOptOut(api.GetInvitationOptOutRequest(), None)).opted_out


@pytest.mark.parametrize("call, asked", [
    ("CreateInvitationList", api.CreateInvitationListRequest(name="Moon")),
    ("GetInvitationList", api.GetInvitationListRequest(list_id=1)),
    ("ListInvitationLists", api.ListInvitationListsRequest()),
    ("GetInvitationOptOut", api.GetInvitationOptOutRequest()),
    ("SetInvitationOptOut", api.SetInvitationOptOutRequest(opted_out=True)),
])
async def test_every_call_needs_a_signed_in_caller(call, asked):
    wired = wired_invitations()
    with pytest.raises(PermissionDenied) as refused:
        await getattr(wired.service.servicer, call)(asked, None)
    assert refused.value.reason == "SIGN_IN_REQUIRED"
    assert wired.uow.commits == 0
