"""The Collaboration list through the gateway: REST JSON, the /events page, calendar feeds."""
import asyncio
import uuid

from icalendar import Calendar

from tests.integration.test_rest_events import event_body, sign_in

API = "/campaignevents/v0"


async def _listed(http, tag: str, expected: int, **params) -> dict:
    for _ in range(200):
        body = (await http.get(f"{API}/events", params={"name": tag, **params})).json()
        if len(body["events"]) >= expected:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"{tag} never listed")


async def _events(http, tag: str, count: int, **overrides) -> list[int]:
    ada = await sign_in(http, groups=["event-organizer"])
    ids = []
    for index in range(count):
        body = event_body(event_page=f"Event:Listed {index} {tag}", **overrides)
        ids.append((await http.post(f"{API}/event_registration", json=body, headers=ada["headers"])).json()["id"])
    return ids


async def test_rest_list_with_filters_and_page_tokens(http):
    tag = uuid.uuid4().hex[:10]
    ids = await _events(http, tag, 3, types=["contest"])
    await _listed(http, tag, 3)
    first = (await http.get(f"{API}/events", params={"name": tag, "limit": 2})).json()
    assert [e["event_id"] for e in first["events"]] == ids[:2] and first["next_page_token"]
    row = first["events"][0]
    assert row["types"] == ["contest"] and row["participation"] == "online" and row["start_time"] == "20300220190220"
    rest = (await http.get(f"{API}/events", params={"name": tag, "limit": 2,
                                                     "page_token": first["next_page_token"]})).json()
    assert [e["event_id"] for e in rest["events"]] == ids[2:] and rest["next_page_token"] is None
    piped = (await http.get(f"{API}/events", params={"name": tag, "types": "meetup|contest"})).json()
    assert len(piped["events"]) == 3
    none = (await http.get(f"{API}/events", params={"name": tag, "types": "meetup"})).json()
    assert none["events"] == []


async def test_rest_list_bad_input_is_400_in_the_error_shape(http):
    for params in ({"types": "dance-off"}, {"start_date": "tomorrow"}, {"section": "past"},
                   {"page_token": "forged"}, {"wikis": "|".join(f"w{n}" for n in range(11))}, {"limit": 500}):
        answer = await http.get(f"{API}/events", params=params)
        assert answer.status_code == 400 and "errorKey" in answer.json(), params


async def test_communities_unreachable_is_503_with_a_message(http):
    answer = await http.get(f"{API}/communities", params={"wiki": "enwiki"})
    assert answer.status_code == 503 and answer.json()["messageTranslations"]["en"]
    assert (await http.get(f"{API}/communities", params={"wiki": "no such wiki"})).status_code == 400


async def test_the_events_page_filters_without_javascript_and_groups_by_month(http):
    tag = uuid.uuid4().hex[:10]
    await _events(http, tag, 2)
    await _listed(http, tag, 2)
    page = await http.get("/events", params={"name": tag})
    assert page.status_code == 200 and f"Listed 0 {tag}" in page.text and f"Listed 1 {tag}" in page.text
    assert '<h3 class="month">February 2030</h3>' in page.text
    assert f"/events.ics?name={tag}" in page.text
    bad = await http.get("/events", params={"start_date": "someday"})
    assert bad.status_code == 400 and "is not a date" in bad.text
    french = await http.get("/events", params={"name": tag, "uselang": "fr"})
    assert "février 2030" in french.text
    assert "Organisateurs\u00a0: " in french.text and "Organizers: " in page.text  # French puts a space before


async def test_calendar_feeds_for_the_list_and_one_event(http):
    tag = uuid.uuid4().hex[:10]
    ids = await _events(http, tag, 2)
    await _listed(http, tag, 2)
    feed = await http.get("/events.ics", params={"name": tag})
    assert feed.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == [f"Listed 0 {tag}", f"Listed 1 {tag}"]
    one = Calendar.from_ical((await http.get(f"/event/{ids[0]}.ics")).content)
    [event] = one.walk("VEVENT")
    assert str(event["uid"]).startswith(f"event-{ids[0]}@") and str(event["url"]).endswith(f"/event/{ids[0]}")
