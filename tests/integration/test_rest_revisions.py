"""REST: a GET answers an ETag, a PUT with a stale If-Match is 412 and changes nothing, a PUT without If-Match (as
CampaignEvents tools send it) still works, and what a PUT leaves out (the passcode) is never put back as it was."""
import asyncio
import uuid

import pytest

from eventcenter.services.gateway.rest import revisions
from tests.integration.test_contributions import copied
from tests.integration.test_rest_events import event_body, sign_in

API = "/campaignevents/v0"


async def co_organized(http) -> tuple[dict, dict, int]:
    ada = await sign_in(http, groups=["event-organizer"])
    bashir_name = f"Rest {uuid.uuid4().hex[:10]}"
    bashir = await sign_in(http, bashir_name, groups=["event-organizer"])
    body = event_body(passcode="opensesame")
    event_id = (await http.post(f"{API}/event_registration", json=body, headers=ada["headers"])).json()["id"]
    seen = await http.get(f"{API}/event_registration/{event_id}/organizers", headers=ada["headers"])
    names = [o["user_name"] for o in seen.json()] + [bashir_name]
    added = await http.put(f"{API}/event_registration/{event_id}/organizers", json={"organizer_usernames": names},
                           headers=ada["headers"])
    assert added.status_code == 204, added.text
    return ada, bashir, event_id


def put_body(seen: dict, **changes) -> dict:
    """What a CampaignEvents tool sends back: the fields of GET, changed where it edits (no passcode)."""
    keep = ("event_page", "timezone", "start_time", "end_time", "types", "wikis", "topics", "online_meeting",
            "inperson_meeting", "meeting_url", "tracks_contributions", "status")
    return {**{k: seen[k] for k in keep}, **changes}


async def read(http, who, event_id) -> tuple[dict, str]:
    answer = await http.get(f"{API}/event_registration/{event_id}", headers=who["headers"])
    assert answer.status_code == 200
    return answer.json(), answer.headers["etag"]


async def test_get_answers_an_etag_that_a_change_moves_on(http):
    ada, _, event_id = await co_organized(http)
    seen, tag = await read(http, ada, event_id)
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    changed = await http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, topics=[]),
                             headers={**ada["headers"], "if-match": tag})
    assert changed.status_code == 204, changed.text
    assert (await read(http, ada, event_id))[1] == revisions.etag(int(tag.strip('"')) + 1)


async def test_two_saves_with_one_etag_let_exactly_one_win_and_the_other_is_412(http):
    ada, bashir, event_id = await co_organized(http)
    seen, tag = await read(http, ada, event_id)
    urls = ("https://meet.example.org/ada", "https://meet.example.org/bashir")
    saves = [http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, meeting_url=url),
                      headers={**who["headers"], "if-match": tag, "accept-language": "fr"})
             for who, url in zip((ada, bashir), urls, strict=False)]
    answers = await asyncio.gather(*saves)
    assert sorted(a.status_code for a in answers) == [204, 412], [a.text for a in answers]
    lost = next(a for a in answers if a.status_code == 412).json()
    assert (lost["httpCode"], lost["httpReason"], lost["errorKey"]) == (412, "Precondition Failed",
                                                                        "eventcenter-revision-changed")
    assert "Nothing was saved" in lost["messageTranslations"]["en"]
    assert "Rien n’a été enregistré" in lost["messageTranslations"]["fr"]
    won = [url for answer, url in zip(answers, urls, strict=False) if answer.status_code == 204]
    assert (await read(http, ada, event_id))[0]["meeting_url"] == won[0]


async def test_a_stale_if_match_changes_nothing(http):
    ada, bashir, event_id = await co_organized(http)
    seen, stale = await read(http, ada, event_id)
    assert (await http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, topics=["science"]),
                           headers=bashir["headers"])).status_code == 204
    before = await read(http, ada, event_id)
    refused = await http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, status="closed", passcode=""),
                             headers={**ada["headers"], "if-match": stale})
    assert refused.status_code == 412 and refused.json()["errorKey"] == "eventcenter-revision-changed"
    assert await read(http, ada, event_id) == before
    assert before[0]["status"] == "open" and before[0]["passcode"] == "opensesame"


@pytest.mark.parametrize("if_match", [None, "*", '"1", "{current}"'])
async def test_no_if_match_a_star_or_a_list_holding_the_current_etag_is_accepted(http, if_match):
    ada, _, event_id = await co_organized(http)
    seen, tag = await read(http, ada, event_id)
    headers = dict(ada["headers"])
    if if_match is not None:
        headers["if-match"] = if_match.replace('"{current}"', tag)
    answer = await http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, status="closed"),
                            headers=headers)
    assert answer.status_code == 204, answer.text
    assert (await read(http, ada, event_id))[0]["status"] == "closed"


@pytest.mark.parametrize("if_match", ['W/"{n}"', "something", '"abc"'])
async def test_an_if_match_that_names_no_revision_is_412(http, if_match):
    ada, _, event_id = await co_organized(http)
    seen, tag = await read(http, ada, event_id)
    answer = await http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, status="closed"),
                            headers={**ada["headers"], "if-match": if_match.replace("{n}", tag.strip('"'))})
    assert answer.status_code == 412 and answer.json()["errorKey"] == "gateway-error-if-match-unusable"
    assert (await read(http, ada, event_id))[0]["status"] == "open"


async def test_a_stale_if_match_from_someone_who_may_not_edit_is_403_not_412(http):
    ada, _, event_id = await co_organized(http)
    seen, _ = await read(http, ada, event_id)
    stranger = await sign_in(http, groups=["event-organizer"])
    answer = await http.put(f"{API}/event_registration/{event_id}", json=put_body(seen),
                            headers={**stranger["headers"], "if-match": '"1"'})
    assert answer.status_code == 403


async def test_the_passcode_survives_an_edit_that_leaves_it_out(http):
    ada, _, event_id = await co_organized(http)
    seen, _ = await read(http, ada, event_id)
    edited = await http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, topics=["science"]),
                            headers=ada["headers"])
    assert edited.status_code == 204
    after, _ = await read(http, ada, event_id)
    assert after["passcode"] == "opensesame" and after["topics"] == ["science"]


async def test_concurrent_saves_without_if_match_keep_what_each_left_out(http):
    """One organizer sets the passcode and another the description at once, each leaving out what the other sets
    (as a CampaignEvents body leaves out both): both changes stay, in every trial."""
    ada, bashir, event_id = await co_organized(http)
    seen, _ = await read(http, ada, event_id)
    for trial in range(8):
        await asyncio.gather(
            http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, passcode=f"passcode{trial}"),
                     headers=ada["headers"]),
            http.put(f"{API}/event_registration/{event_id}", json=put_body(seen, description=f"Described {trial}"),
                     headers=bashir["headers"]))
        after, _ = await read(http, ada, event_id)
        assert (after["passcode"], after["description"]) == (f"passcode{trial}", f"Described {trial}"), trial


async def test_organizers_answer_the_events_etag_and_refuse_a_stale_if_match(http):
    ada, bashir, event_id = await co_organized(http)
    _, tag = await read(http, ada, event_id)
    listed = await http.get(f"{API}/event_registration/{event_id}/organizers")
    assert listed.headers["etag"] == tag
    names = [o["user_name"] for o in listed.json()]
    ada_alone = [o["user_name"] for o in listed.json() if o["user_id"] == ada["user_id"]]
    alone = await http.put(f"{API}/event_registration/{event_id}/organizers", json={"organizer_usernames": ada_alone},
                           headers={**ada["headers"], "if-match": tag})
    assert alone.status_code == 204, alone.text
    stale = await http.put(f"{API}/event_registration/{event_id}/organizers", json={"organizer_usernames": names},
                           headers={**ada["headers"], "if-match": tag})
    assert stale.status_code == 412 and stale.json()["errorKey"] == "eventcenter-revision-changed"
    after = await http.get(f"{API}/event_registration/{event_id}/organizers")
    assert [o["user_name"] for o in after.json()] == ada_alone and after.headers["etag"] != tag


async def test_campaigns_and_programs_answer_an_etag_and_refuse_a_stale_if_match(http):
    ada = await sign_in(http, groups=["event-organizer"])
    plan = {"name": "Revisions", "start_date": "2030-03-01", "end_date": "2030-03-31"}
    campaign_id = (await http.post(f"{API}/campaigns", json=plan, headers=ada["headers"])).json()["id"]
    program_id = (await http.post(f"{API}/campaigns/{campaign_id}/programs", json=plan,
                                  headers=ada["headers"])).json()["id"]
    for path in (f"/campaigns/{campaign_id}", f"/programs/{program_id}"):
        tag = (await http.get(API + path)).headers["etag"]
        assert tag == '"1"'
        assert (await http.put(API + path, json={**plan, "name": "Renamed"},
                               headers={**ada["headers"], "if-match": tag})).status_code == 204
        stale = await http.put(API + path, json={**plan, "name": "Stale"}, headers={**ada["headers"], "if-match": tag})
        assert stale.status_code == 412
        after = await http.get(API + path)
        assert (after.json()["name"], after.headers["etag"]) == ("Renamed", '"2"')
        assert (await http.put(API + path, json={**plan, "name": "Unchecked"},
                               headers=ada["headers"])).status_code == 204


async def test_worklist_and_goal_name_their_revision(http, contributions_stub):
    ada = await sign_in(http, groups=["event-organizer"])
    body = event_body(tracks_contributions=True)
    event_id = (await http.post(f"{API}/event_registration", json=body, headers=ada["headers"])).json()["id"]
    await copied(contributions_stub, event_id, participants=0)
    worklist = f"{API}/event/{event_id}/worklist"
    assert (await http.get(worklist)).headers["etag"] == '"0"'
    first = await http.put(worklist, json={"articles": [], "gather": False},
                           headers={**ada["headers"], "if-match": '"0"'})
    assert first.status_code == 200 and first.headers["etag"] == '"1"'
    stale = await http.put(worklist, json={"articles": []}, headers={**ada["headers"], "if-match": '"0"'})
    assert stale.status_code == 412 and (await http.get(worklist)).headers["etag"] == '"1"'
    goal = f"{API}/event/{event_id}/goal"
    set_first = await http.put(goal, json={"metric": "edits", "target": 5},
                               headers={**ada["headers"], "if-match": '"0"'})
    assert set_first.status_code == 200 and set_first.headers["etag"] == '"1"' and set_first.json()["revision"] == 1
    refused = await http.put(goal, json={"metric": "edits", "target": 9}, headers={**ada["headers"], "if-match": '"0"'})
    assert refused.status_code == 412
    metrics = (await http.get(f"{API}/event/{event_id}/metrics")).json()
    assert (metrics["goal"]["target"], metrics["goal"]["revision"]) == (5, 1)
    again = await http.put(goal, json={"metric": "edits", "target": 9}, headers=ada["headers"])
    assert again.status_code == 200 and again.json()["revision"] == 2
