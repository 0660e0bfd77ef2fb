"""A program's and a campaign's metrics over REST, as CSV and on their pages, from the real services: the events
under them counted together, one person contributing to two events (in two programs) counted once."""
import asyncio
import csv
import io
import uuid

from eventcenter.registration.v1 import registration_service_pb2 as api
from tests.integration.test_campaigns import new_program, program
from tests.integration.test_contributions import FIRST, associate, copied, edit
from tests.integration.test_contributions_rollup import two_events_sharing_an_editor
from tests.people import md, organizer

BASE = "/campaignevents/v0"


def table(answer) -> list[list[str]]:
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8", answer.text
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8"), newline="")))


def rows(text: str) -> dict[str, str]:
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["metric", "value"]
    return dict(lines[1:])


async def test_program_and_campaign_metrics_count_each_person_once(
        gateway, http, stub, clock, contributions, contributions_stub, mediawiki):
    ada, olga = organizer(), organizer()
    made, first_program = await new_program(stub, ada)
    second_program = await stub.CreateProgram(api.CreateProgramRequest(campaign_id=made.id, program=program()),
                                              metadata=md(ada))
    editor, name, password, first, second = await two_events_sharing_an_editor(stub, clock, mediawiki, olga)
    for event_id, program_id in ((first.id, first_program.id), (second.id, second_program.id)):
        await stub.SetEventProgram(api.SetEventProgramRequest(event_id=event_id, program_id=program_id),
                                   metadata=md(ada))
    await copied(contributions_stub, first.id, participants=1)
    await copied(contributions_stub, second.id, participants=2)
    revisions = {}
    for event_id in (first.id, second.id):
        rev_id = await asyncio.to_thread(edit, mediawiki.api_url, name, password,
                                         f"Rollup page {uuid.uuid4().hex[:8]}", FIRST)
        await associate(contributions_stub, editor, event_id, rev_id)
        revisions[event_id] = rev_id

    program_metrics = await http.get(f"{BASE}/programs/{first_program.id}/metrics")
    assert program_metrics.status_code == 200, program_metrics.text
    body = program_metrics.json()
    assert body["program_id"] == first_program.id
    assert (body["participants"], body["editors"], body["edits"], body["articles_created"]) == (1, 1, 1, 1)
    campaign_metrics = (await http.get(f"{BASE}/campaigns/{made.id}/metrics")).json()
    assert campaign_metrics["campaign_id"] == made.id
    assert (campaign_metrics["participants"], campaign_metrics["editors"], campaign_metrics["new_editors"]) == (2, 1, 1)
    assert (campaign_metrics["edits"], campaign_metrics["articles_created"]) == (2, 2)
    assert campaign_metrics["bytes_added"] == 2 * len(FIRST)

    download = await http.get(f"/campaigns/{made.id}/metrics.csv")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert f"campaign-{made.id}-metrics.csv" in download.headers["content-disposition"]
    assert rows(download.text) == {name: str(value) for name, value in campaign_metrics.items()
                                   if name != "campaign_id"}
    assert rows((await http.get(f"/programs/{second_program.id}/metrics.csv")).text)["participants"] == "2"

    edits = table(await http.get(f"/campaigns/{made.id}/contributions.csv"))
    assert edits[0][:4] == ["event", "wiki", "revision", "page"] and edits[0][-3:] == ["gathered", "deleted", "private"]
    assert sorted((int(row[0]), int(row[2]), row[4]) for row in edits[1:]) == [
        (first.id, revisions[first.id], name), (second.id, revisions[second.id], name)]
    assert [row[:3] for row in table(await http.get(f"/programs/{second_program.id}/contributions.csv"))[1:]] == [
        [str(second.id), "testwiki", str(revisions[second.id])]]
    people = table(await http.get(f"/campaigns/{made.id}/participants.csv"))
    assert people[0] == ["event", "username", "registered time"]
    assert sorted(int(row[0]) for row in people[1:]) == sorted([first.id, second.id, second.id])
    assert {(int(row[0]), row[1]) for row in people[1:]} >= {(first.id, name), (second.id, name)}
    assert [row[:2] for row in table(await http.get(f"/programs/{first_program.id}/participants.csv"))[1:]] == [
        [str(first.id), name]]

    program_page = await http.get(f"/programs/{first_program.id}")
    assert program_page.status_code == 200 and 'id="rollup-metrics"' in program_page.text
    for download in ("metrics", "contributions", "participants"):
        assert f'href="/programs/{first_program.id}/{download}.csv"' in program_page.text
    campaign_page = await http.get(f"/campaigns/{made.id}")
    assert (
        'id="rollup-metrics"' in campaign_page.text and "each participant, editor and new editor" in campaign_page.text
    )

    for path in (f"{BASE}/programs/999999999/metrics", f"{BASE}/campaigns/999999999/metrics",
                 "/programs/999999999/metrics.csv", "/campaigns/999999999/metrics.csv",
                 "/programs/999999999/contributions.csv", "/campaigns/999999999/participants.csv"):
        assert (await http.get(path)).status_code == 404, path


async def test_an_empty_program_counts_nothing(gateway, http, stub):
    made, empty = await new_program(stub, organizer())
    found = (await http.get(f"{BASE}/programs/{empty.id}/metrics")).json()
    assert found["participants"] == 0 and found["edits"] == 0
    assert (await http.get(f"{BASE}/campaigns/{made.id}/metrics")).json()["editors"] == 0
