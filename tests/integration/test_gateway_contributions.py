"""Contributions through the gateway, against the real services and the local wiki: REST associate, list, metrics
and goal; the CSV downloads (parsed back with csv); a private participant's edit listed to them and the organizer
only (test_gateway_contributions_privacy.py: on every surface); the event's contributions page."""
import asyncio
import csv
import io
import uuid

from markupsafe import escape

from eventcenter.services.gateway.sign_in.dev import dev_identity
from tests import builders
from tests.integration.test_contributions import (
    FIRST,
    SECOND,
    copied,
    edit,
    new_wiki_account,
    ongoing_event,
    wiki_participant,
)
from tests.integration.test_rest_events import sign_in
from tests.people import md
from tests.waiting import eventually
from tests.web import anonymous_client, csrf_of, signed_in_client

API = "/campaignevents/v0"


def parsed(answer) -> list[list[str]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert not answer.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8"), newline="")))


async def test_rest_associate_list_metrics_goal_and_csv_downloads(
        http, stub, clock, contributions, contributions_stub, mediawiki):
    olga_name = f"Olga {uuid.uuid4().hex[:8]}"
    olga = dev_identity(olga_name, ["event-organizer"], False)
    olga_rest = await sign_in(http, olga_name, groups=["event-organizer"])
    public_name, public_password = await new_wiki_account(mediawiki)
    private_name, private_password = await new_wiki_account(mediawiki)
    public_rest, private_rest = await sign_in(http, public_name), await sign_in(http, private_name)
    event = await ongoing_event(stub, clock, olga)
    await builders.register(stub, md(dev_identity(public_name, [], False)), event.id)
    await builders.register(stub, md(dev_identity(private_name, [], False)), event.id, private=True)
    await copied(contributions_stub, event.id, participants=2)

    title = f'Comma, "quoted" Ünïcödé 東京 {uuid.uuid4().hex[:6]}'
    public_rev = await asyncio.to_thread(edit, mediawiki.api_url, public_name, public_password, title, FIRST)
    private_rev = await asyncio.to_thread(edit, mediawiki.api_url, private_name, private_password,
                                          f"Private article {uuid.uuid4().hex[:8]}", SECOND)

    base = f"{API}/event/{event.id}"
    no_token = await http.post(f"{base}/contributions", json={"wiki": "testwiki", "rev_id": public_rev})
    assert no_token.status_code == 403 and no_token.json()["errorKey"] == "rest-badtoken"
    mine = await http.post(f"{base}/contributions", json={"wiki": "testwiki", "rev_id": public_rev},
                           headers=public_rest["headers"])
    assert mine.status_code == 201, mine.text
    body = mine.json()
    assert (body["rev_id"], body["page_title"], body["user_name"], body["private"]) == (
        public_rev, title, public_name, False)
    assert (body["page_created"], body["bytes_delta"], body["links_added"]) == (True, len(FIRST), 3)
    again = await http.post(f"{base}/contributions", json={"wiki": "testwiki", "rev_id": public_rev},
                            headers=public_rest["headers"])
    assert again.status_code == 400
    hidden = await http.post(f"{base}/contributions", json={"wiki": "testwiki", "rev_id": private_rev},
                             headers=private_rest["headers"])
    assert hidden.status_code == 201 and hidden.json()["user_name"] == private_name  # their own name, to them

    listed = (await http.get(f"{base}/contributions", headers=olga_rest["headers"])).json()
    assert [(c["rev_id"], c["user_name"], c["private"]) for c in listed["contributions"]] == [
        (private_rev, private_name, True), (public_rev, public_name, False)]  # the organizer: every edit
    anyone = (await http.get(f"{base}/contributions")).json()  # anyone else: not the private one, only its count
    assert ([c["rev_id"] for c in anyone["contributions"]], anyone["hidden_private"]) == ([public_rev], 1)
    paged = (await http.get(f"{base}/contributions", params={"limit": 1}, headers=olga_rest["headers"])).json()
    assert len(paged["contributions"]) == 1 and paged["next_page_token"]
    rest = (await http.get(f"{base}/contributions", params={"limit": 1, "page_token": paged["next_page_token"]},
                           headers=olga_rest["headers"])).json()
    assert [c["rev_id"] for c in rest["contributions"]] == [public_rev] and rest["next_page_token"] is None
    own = (await http.get(f"{base}/contributions", headers=private_rest["headers"])).json()["contributions"]
    assert own[0]["user_name"] == private_name

    metrics = (await http.get(f"{base}/metrics")).json()
    assert (metrics["participants"], metrics["editors"], metrics["edits"], metrics["articles_created"]) == (
        2, 2, 2, 2)
    assert metrics["bytes_added"] == len(FIRST) + len(SECOND) and metrics["goal"] is None

    refused = await http.put(f"{base}/goal", json={"metric": "edits", "target": 4}, headers=public_rest["headers"])
    assert refused.status_code == 403
    bad = await http.put(f"{base}/goal", json={"metric": "kittens", "target": 4}, headers=olga_rest["headers"])
    assert bad.status_code == 400
    assert (await http.put(f"{base}/goal", json={"metric": "edits", "target": 0},
                           headers=olga_rest["headers"])).status_code == 400
    goal = await http.put(f"{base}/goal", json={"metric": "edits", "target": 4}, headers=olga_rest["headers"])
    assert goal.status_code == 200, goal.text
    assert goal.json() == {"metric": "edits", "target": 4, "actual": 2, "completion": 0.5, "revision": 1}
    assert (await http.get(f"{base}/metrics")).json()["goal"]["completion"] == 0.5
    assert (await http.get(f"{API}/event/987654321/metrics")).status_code == 404

    rows = parsed(await http.get(f"/event/{event.id}/contributions.csv", headers=olga_rest["headers"]))
    assert rows[0] == ["wiki", "revision", "page", "user", "time", "bytes delta", "page created", "links added",
                       "links removed", "words added", "gathered", "deleted", "private"]
    assert [(r[1], r[2], r[3], r[12]) for r in rows[1:]] == [
        (str(private_rev), rows[1][2], private_name, "yes"), (str(public_rev), title, public_name, "no")]
    assert rows[2][5:] == [str(len(FIRST)), "yes", "3", "0", str(round(len(FIRST) / 5.175)), "no", "no", "no"]
    raw = (await http.get(f"/event/{event.id}/contributions.csv")).text
    assert f'"{title.replace(chr(34), chr(34) * 2)}"' in raw and private_name not in raw
    assert str(private_rev) not in [row[1] for row in parsed(await http.get(f"/event/{event.id}/contributions.csv"))]
    assert (await http.get(f"/event/{event.id}/contributions.csv", headers=private_rest["headers"])
            ).text.count(private_name) == 1

    metric_rows = parsed(await http.get(f"/event/{event.id}/metrics.csv"))
    assert metric_rows[0] == ["metric", "value"]
    assert dict(metric_rows[1:])["edits"] == "2" and dict(metric_rows[1:])["participants"] == "2"

    people = parsed(await http.get(f"/event/{event.id}/participants.csv", headers=olga_rest["headers"]))
    assert people[0] == ["username", "registered time"]
    assert [row[0] for row in people[1:]] == [public_name]
    assert (await http.get("/event/987654321/contributions.csv")).status_code == 404


async def test_participants_csv_pages_through_every_public_participant(http, stub):
    olga = dev_identity(f"Olga {uuid.uuid4().hex[:8]}", ["event-organizer"], False)
    event = await builders.create(stub, md(olga))
    names = [f"Csv person {index:02d} {uuid.uuid4().hex[:6]}" for index in range(23)]
    for index, name in enumerate(names):
        await builders.register(stub, md(dev_identity(name, [], False)), event.id, private=index % 10 == 0)
    rows = parsed(await http.get(f"/event/{event.id}/participants.csv"))
    assert sorted(row[0] for row in rows[1:]) == sorted(n for i, n in enumerate(names) if i % 10 != 0)
    assert all(row[1].endswith("Z") for row in rows[1:])


async def test_the_contributions_page_shows_metrics_goal_chart_and_takes_an_edit(
        gateway, stub, clock, contributions, contributions_stub, mediawiki):
    olga_name = f"Olga {uuid.uuid4().hex[:8]}"
    participant, password, event = await wiki_participant(
        stub, clock, contributions_stub, mediawiki, dev_identity(olga_name, ["event-organizer"], False),
        identity=lambda name: dev_identity(name, [], False))
    name = participant.name
    title = f'Page "quoted" & co {uuid.uuid4().hex[:6]}'
    rev_id = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, FIRST)
    olga = await signed_in_client(gateway.url, olga_name, groups=["event-organizer"])
    editor = await signed_in_client(gateway.url, name)
    anyone = await anonymous_client(gateway.url)
    try:
        assert f'href="/event/{event.id}/contributions"' in (await anyone.get(f"/event/{event.id}")).text
        empty = await editor.get(f"/event/{event.id}/contributions")
        assert empty.status_code == 200 and "<svg" in empty.text and 'class="edits"' in empty.text
        assert "/contributions/goal" not in empty.text  # participants do not set the goal
        refused = await editor.post(f"/event/{event.id}/contributions/associate",
                                    data={"token": csrf_of(empty.text), "wiki": "testwiki", "rev_id": "abc"})
        assert refused.status_code == 400 and 'role="alert"' in refused.text
        sent = await editor.post(f"/event/{event.id}/contributions/associate",
                                 data={"token": csrf_of(empty.text), "wiki": "testwiki", "rev_id": str(rev_id)})
        assert sent.status_code == 303
        shown = (await anyone.get(f"/event/{event.id}/contributions")).text
        assert str(escape(title)) in shown and title not in shown and name in shown
        assert "/contributions/associate" not in shown  # neither a participant nor an organizer
        form = await olga.get(f"/event/{event.id}/contributions")
        assert "/contributions/goal" in form.text
        goal = await olga.post(f"/event/{event.id}/contributions/goal",
                               data={"token": csrf_of(form.text), "metric": "edits", "target": "2"})
        assert goal.status_code == 303
        assert "50%" in (await olga.get(f"/event/{event.id}/contributions")).text
        assert (await anyone.get("/event/987654321/contributions")).status_code == 404
    finally:
        for client in (olga, editor, anyone):
            await client.aclose()


async def test_the_worklist_over_rest_and_on_the_page(gateway, http, stub, clock, contributions, contributions_stub,
                                                      mediawiki):
    olga_name = f"Olga {uuid.uuid4().hex[:8]}"
    olga_rest = await sign_in(http, olga_name, groups=["event-organizer"])
    participant, password, event = await wiki_participant(
        stub, clock, contributions_stub, mediawiki, dev_identity(olga_name, ["event-organizer"], False),
        identity=lambda name: dev_identity(name, [], False))
    name = participant.name
    editor_rest = await sign_in(http, name)
    title = f"Worklist page {uuid.uuid4().hex[:8]}"
    rev_id = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, FIRST)

    url, body = f"{API}/event/{event.id}/worklist", {"articles": [{"wiki": "testwiki", "title": title}],
                                                     "gather": True}
    assert (await http.put(url, json=body)).status_code == 403  # no CSRF token
    assert (await http.put(url, json=body, headers=editor_rest["headers"])).status_code == 403  # not an organizer
    missing = await http.put(url, json={**body, "articles": [{"wiki": "testwiki", "title": "No such page here"}]},
                             headers=olga_rest["headers"])
    assert missing.status_code == 400 and "No such page here" in missing.text
    assert (await http.get(url)).json() == {"event_id": event.id, "articles": [], "gather": False,
                                            "last_gathered": None}
    saved = await http.put(url, json=body, headers=olga_rest["headers"])
    assert saved.status_code == 200, saved.text
    assert saved.json()["articles"] == [{"wiki": "testwiki", "title": title}] and saved.json()["gather"]

    async def gathered():
        listed = (await http.get(f"{API}/event/{event.id}/contributions")).json()["contributions"]
        return [(c["rev_id"], c["gathered"], c["deleted"]) for c in listed] == [(rev_id, True, False)]
    await eventually(gathered)
    assert (await http.get(url)).json()["last_gathered"]

    olga = await signed_in_client(gateway.url, olga_name, groups=["event-organizer"])
    anyone = await anonymous_client(gateway.url)
    try:
        shown = (await anyone.get(f"/event/{event.id}/contributions")).text
        assert 'id="worklist-articles"' in shown and title in shown and "/contributions/worklist" not in shown
        form = await olga.get(f"/event/{event.id}/contributions")
        assert f">{title}</textarea>" in form.text
        refused = await olga.post(
            f"/event/{event.id}/contributions/worklist",
            data={
                "token": csrf_of(form.text),
                "wiki": "testwiki",
                "articles": f"{title}\nNowhere to be found",
                "gather": "1",
            },
        )
        assert refused.status_code == 400 and "Nowhere to be found does not exist on testwiki" in refused.text
        turned_off = await olga.post(f"/event/{event.id}/contributions/worklist", data={
            "token": csrf_of(form.text), "wiki": "testwiki", "articles": f"testwiki:{title}"})
        assert turned_off.status_code == 303
        assert (await http.get(url)).json()["gather"] is False
    finally:
        for client in (olga, anyone):
            await client.aclose()
