"""Campaigns and programs over REST and as pages: public reads, coordinators' writes, forms without JavaScript."""
import uuid

from tests.integration.test_rest_events import event_body, sign_in
from tests.web import anonymous_client, csrf_of, signed_in_client

BASE = "/campaignevents/v0"
ORGANIZER = ["event-organizer"]


def plan_body(**overrides) -> dict:
    body = {"name": f"Campaign {uuid.uuid4().hex[:8]}", "description": "Closing gaps.",
            "start_date": "2030-03-01", "end_date": "2030-03-31"}
    body.update(overrides)
    return body


async def test_rest_campaign_program_and_event_round_trip_readable_without_sign_in(http):
    ada = await sign_in(http, groups=ORGANIZER)
    created = await http.post(f"{BASE}/campaigns", json=plan_body(name="Art+Feminism"), headers=ada["headers"])
    assert created.status_code == 201, created.text
    campaign_id = created.json()["id"]
    assert created.headers["location"].endswith(f"{BASE}/campaigns/{campaign_id}")
    program = await http.post(f"{BASE}/campaigns/{campaign_id}/programs", json=plan_body(name="Edit-a-thons"),
                              headers=ada["headers"])
    assert program.status_code == 201, program.text
    program_id = program.json()["id"]
    event_id = (await http.post(f"{BASE}/event_registration", json=event_body(), headers=ada["headers"])).json()["id"]
    attached = await http.put(f"{BASE}/event/{event_id}/program", json={"program_id": program_id},
                              headers=ada["headers"])
    assert attached.status_code == 204, attached.text
    campaign = (await http.get(f"{BASE}/campaigns/{campaign_id}")).json()
    assert campaign["name"] == "Art+Feminism" and campaign["coordinators"][0]["user_id"] == ada["user_id"]
    assert [p["id"] for p in campaign["programs"]] == [program_id]
    read = (await http.get(f"{BASE}/programs/{program_id}")).json()
    assert read["campaign_id"] == campaign_id and [e["event_id"] for e in read["events"]] == [event_id]
    listed = (await http.get(f"{BASE}/campaigns", params={"page_size": 50})).json()
    assert campaign_id in [c["id"] for c in listed["campaigns"]]


async def test_rest_updates_by_coordinators_and_refusals_for_others(http):
    ada, other = await sign_in(http, groups=ORGANIZER), await sign_in(http, groups=ORGANIZER)
    campaign_id = (await http.post(f"{BASE}/campaigns", json=plan_body(), headers=ada["headers"])).json()["id"]
    program_id = (await http.post(f"{BASE}/campaigns/{campaign_id}/programs", json=plan_body(),
                                  headers=ada["headers"])).json()["id"]
    renamed = await http.put(f"{BASE}/campaigns/{campaign_id}", json=plan_body(name="Renamed"), headers=ada["headers"])
    assert renamed.status_code == 204, renamed.text
    assert (await http.get(f"{BASE}/campaigns/{campaign_id}")).json()["name"] == "Renamed"
    assert (
        await http.put(f"{BASE}/programs/{program_id}", json=plan_body(name="P"), headers=ada["headers"])
    ).status_code == 204
    refused = await http.put(f"{BASE}/programs/{program_id}", json=plan_body(), headers=other["headers"])
    assert refused.status_code == 403
    assert (
        await http.put(f"{BASE}/campaigns/{campaign_id}", json=plan_body(), headers=other["headers"])
    ).status_code == 403
    plain = await sign_in(http)
    assert (await http.post(f"{BASE}/campaigns", json=plan_body(), headers=plain["headers"])).status_code == 403
    assert (await http.post(f"{BASE}/campaigns", json=plan_body())).status_code == 403  # no CSRF token, no session


async def test_rest_coordinator_cannot_put_back_an_event_its_organizers_took_out(http):
    ada, eve = await sign_in(http, groups=ORGANIZER), await sign_in(http, groups=ORGANIZER)
    campaign_id = (await http.post(f"{BASE}/campaigns", json=plan_body(), headers=ada["headers"])).json()["id"]
    program_id = (await http.post(f"{BASE}/campaigns/{campaign_id}/programs", json=plan_body(),
                                  headers=ada["headers"])).json()["id"]
    event_id = (await http.post(f"{BASE}/event_registration", json=event_body(), headers=eve["headers"])).json()["id"]
    path = f"{BASE}/event/{event_id}/program"
    assert (await http.put(path, json={"program_id": program_id}, headers=ada["headers"])).status_code == 204
    assert (await http.put(path, json={"program_id": 0}, headers=eve["headers"])).status_code == 204
    refused = await http.put(path, json={"program_id": program_id}, headers={**ada["headers"], "accept-language": "fr"})
    assert refused.status_code == 403
    body = refused.json()
    assert (body["httpCode"], body["httpReason"], body["errorKey"]) == (403, "Forbidden",
                                                                        "eventcenter-withdrawn-by-organizers")
    assert body["messageTranslations"]["en"] == (
        f"The organizers of this event took it out of program {program_id}: only they can put it back.")
    assert "eux seuls peuvent l’y remettre" in body["messageTranslations"]["fr"]
    assert [e["event_id"] for e in (await http.get(f"{BASE}/programs/{program_id}")).json()["events"]] == []
    assert (await http.put(path, json={"program_id": program_id}, headers=eve["headers"])).status_code == 204


async def test_rest_bad_campaign_is_400_with_field_violations(http):
    ada = await sign_in(http, groups=ORGANIZER)
    bad = await http.post(f"{BASE}/campaigns", json=plan_body(name="", start_date="2030-04-01", end_date="2030-03-01"),
                          headers=ada["headers"])
    assert bad.status_code == 400
    assert {v["field"] for v in bad.json()["fieldViolations"]} == {"campaign.name", "campaign.end_date"}
    assert (await http.get(f"{BASE}/campaigns/999999999999")).status_code == 404
    assert (await http.get(f"{BASE}/programs/999999999999")).status_code == 404


async def test_pages_browse_campaigns_and_coordinators_create_them_with_forms(gateway):
    ada = await signed_in_client(gateway.url, f"Coord {uuid.uuid4().hex[:6]}", ORGANIZER)
    form = await ada.get("/campaigns/new")
    assert form.status_code == 200
    name = f"Wiki Loves {uuid.uuid4().hex[:6]}"
    made = await ada.post("/campaigns/new", data={"token": csrf_of(form.text), "name": name, "description": "",
                                                   "start_date": "2030-05-01", "end_date": "2030-05-31"})
    assert made.status_code == 303, made.text[-2000:]
    campaign_path = made.headers["location"]
    program_form = await ada.get(f"{campaign_path}/programs/new")
    made_program = await ada.post(
        f"{campaign_path}/programs/new",
        data={
            "token": csrf_of(program_form.text),
            "name": "Photo walks",
            "start_date": "2030-05-02",
            "end_date": "2030-05-03",
        },
    )
    assert made_program.status_code == 303, made_program.text[-2000:]
    reader = await anonymous_client(gateway.url)
    listing = await reader.get("/campaigns")
    assert listing.status_code == 200 and name in listing.text
    campaign = await reader.get(campaign_path)
    assert "Photo walks" in campaign.text and "programs/new" not in campaign.text
    program = await reader.get(made_program.headers["location"])
    assert program.status_code == 200 and name in program.text


async def test_bad_campaign_form_is_shown_again_with_the_problem_beside_the_field(gateway):
    ada = await signed_in_client(gateway.url, f"Coord {uuid.uuid4().hex[:6]}", ORGANIZER)
    form = await ada.get("/campaigns/new")
    again = await ada.post("/campaigns/new", data={"token": csrf_of(form.text), "name": "Kept name",
                                                    "start_date": "2030-05-31", "end_date": "2030-05-01"})
    assert again.status_code == 400
    assert 'id="end_date-problem"' in again.text and "Kept name" in again.text


async def test_campaign_pages_in_french_and_arabic(gateway):
    reader = await anonymous_client(gateway.url)
    for code, word in (("fr", "Campagnes"), ("ar", "الحملات")):
        await reader.get("/language", params={"code": code, "returnto": "/"})
        assert word in (await reader.get("/campaigns")).text
