"""Opting out of invitation lists through the use cases, with in-memory fakes wired by the real bootstrap:
anyone signed in may opt out and back in, and whoever opted out is never ranked on a list."""
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.invitations.service_layer import list_cases, opt_out_cases
from eventcenter.services.invitations.service_layer.list_cases import NewList
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity
from eventcenter.services.wiki.worklist import Article
from tests.service_layer.fakes_invitations import FakeWiki, editor, revision, wired_invitations

ADA = Identity(1, "Ada", frozenset({RIGHT_ORGANIZER}))
WEN = Identity(7, "Wen")  # no rights needed to opt out


async def test_anyone_signed_in_opts_out_and_back_in():
    wired = wired_invitations()
    deps = wired.service.deps
    assert not await opt_out_cases.is_opted_out(deps, WEN)
    assert await opt_out_cases.set_opt_out(deps, WEN, True)
    assert await opt_out_cases.set_opt_out(deps, WEN, True)  # again: still opted out, once
    assert await opt_out_cases.is_opted_out(deps, WEN) and wired.tables.opt_outs == {WEN.user_id: "Wen"}
    assert not await opt_out_cases.set_opt_out(deps, WEN, False)
    assert not await opt_out_cases.is_opted_out(deps, WEN) and not wired.tables.opt_outs


def moon() -> FakeWiki:
    return FakeWiki(pages={"Moon": 0}, revisions={"Moon": [revision(2, "Wen", 6000, 1, parent_id=1),
                                                           revision(1, "Lu", 3000, 5)]},
                    users_by_name={"Wen": editor("Wen", 4000), "Lu": editor("Lu", 4000)})


async def test_who_opted_out_is_left_off_the_lists_ranked_after():
    wired = wired_invitations(enwiki=moon())
    deps = wired.service.deps
    await opt_out_cases.set_opt_out(deps, WEN, True)
    created = await list_cases.create_invitation_list(deps, ADA, NewList("Moon", [Article("enwiki", "Moon")]))
    assert await wired.service.worker.run_once()
    assert [e.user_name for e in wired.tables.editors[created.id]] == ["Lu"]


async def test_who_opted_out_is_left_off_an_activity_ranking_too():
    wiki = moon()
    wiki.last_edits = {"Wen": wiki.revisions["Moon"][0].timestamp, "Lu": wiki.revisions["Moon"][1].timestamp}
    wired = wired_invitations(enwiki=wiki)
    deps = wired.service.deps
    wired.registration.add_event(pb.Event(id=3, ended=True, all_wikis=True), {ADA.user_id}, {"Wen", "Lu"})
    await opt_out_cases.set_opt_out(deps, WEN, True)
    created = await list_cases.create_invitation_list(deps, ADA, NewList("Again", [], from_past_participants=True))
    assert await wired.service.worker.run_once()
    assert [e.user_name for e in wired.tables.editors[created.id]] == ["Lu"]
