"""REST: POST /event_registration/{id}/email as CampaignEvents tools send it."""
import uuid

from tests.integration.test_rest_events import sign_in
from tests.integration.test_rest_participants import API, _event

TEXT = "See you on Saturday at the library."


async def sign_in_with_email(http) -> dict:
    """Dev sign-in with an email it records as confirmed, so organizers' mail reaches the person."""
    name = f"Rest {uuid.uuid4().hex[:10]}"
    answer = await http.post("/dev/token", json={"username": name, "email": f"{uuid.uuid4().hex[:12]}@mail.test"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return {"headers": {"authorization": f"Bearer {body['access_token']}"}, "user_id": body["user_id"]}


async def _register(http, event_id: int, count: int) -> list[dict]:
    people = [await sign_in_with_email(http) for _ in range(count)]
    for someone in people:
        answer = await http.put(f"{API}/event_registration/{event_id}/participants/self",
                                json={"is_private": False}, headers=someone["headers"])
        assert answer.status_code == 200, answer.text
    return people


async def test_everyone_named_or_inverted_answers_202_with_the_count(http):
    ada, event_id = await _event(http)
    people = await _register(http, event_id, 3)
    url = f"{API}/event_registration/{event_id}/email"
    everyone = await http.post(url, json={"subject": "Hello", "message": TEXT}, headers=ada["headers"])
    assert everyone.status_code == 202 and everyone.json() == {"sent": 3}
    named = await http.post(url, json={"subject": "Hello", "message": TEXT, "user_ids": [people[0]["user_id"]]},
                            headers=ada["headers"])
    assert named.json() == {"sent": 1}
    inverted = await http.post(url, json={"subject": "Hello", "message": TEXT, "invert_users": True,
                                          "user_ids": [people[0]["user_id"]], "ccme": True}, headers=ada["headers"])
    assert inverted.status_code == 202 and inverted.json() == {"sent": 2}


async def test_no_match_answers_200_with_zero(http):
    ada, event_id = await _event(http)
    answer = await http.post(f"{API}/event_registration/{event_id}/email", json={"subject": "Hi", "message": TEXT},
                             headers=ada["headers"])
    assert answer.status_code == 200 and answer.json() == {"sent": 0}


async def test_refusals_anonymous_csrf_non_organizer_bad_message_missing_event(http):
    ada, event_id = await _event(http)
    url = f"{API}/event_registration/{event_id}/email"
    body = {"subject": "Hi", "message": TEXT}
    anonymous = await http.post(url, json=body)
    assert anonymous.status_code == 403 and anonymous.json()["errorKey"] == "rest-badtoken"
    stranger = await sign_in(http, groups=["event-organizer"])
    denied = await http.post(url, json=body, headers=stranger["headers"])
    assert denied.status_code == 403
    short = await http.post(url, json={"subject": "Hi", "message": "short"}, headers=ada["headers"])
    assert short.status_code == 400 and short.json()["fieldViolations"][0]["field"] == "message"
    missing = await http.post(f"{API}/event_registration/987654321/email", json=body, headers=ada["headers"])
    assert missing.status_code == 404 and missing.json()["errorKey"] == "campaignevents-rest-event-not-found"
    no_subject = await http.post(url, json={"message": TEXT}, headers=ada["headers"])
    assert no_subject.status_code == 400 and no_subject.json()["errorKey"] == "rest-bad-json-body"


async def test_the_sixth_message_in_a_day_is_throttled_as_campaignevents_does(http):
    ada, event_id = await _event(http)
    await _register(http, event_id, 1)
    url = f"{API}/event_registration/{event_id}/email"
    for _ in range(5):
        assert (
            await http.post(url, json={"subject": "Hi", "message": TEXT}, headers=ada["headers"])
        ).status_code == 202
    throttled = await http.post(url, json={"subject": "Hi", "message": TEXT}, headers=ada["headers"])
    assert throttled.status_code == 400 and throttled.json()["errorKey"] == "actionthrottledtext"


async def test_a_subject_with_a_line_break_is_400_in_the_mediawiki_shape_and_counts_nothing(http):
    ada, event_id = await _event(http)
    await _register(http, event_id, 1)
    url = f"{API}/event_registration/{event_id}/email"
    for _ in range(6):
        refused = await http.post(url, params={"uselang": "ar"}, headers=ada["headers"],
                                  json={"subject": "Hi\r\nBcc: all@example.org", "message": TEXT})
        assert refused.status_code == 400, refused.text
        body = refused.json()
        assert body["httpCode"] == 400 and body["errorKey"] == "eventcenter-invalid-argument"
        assert [v["field"] for v in body["fieldViolations"]] == ["subject"] and "ar" in body["messageTranslations"]
    for _ in range(5):  # the day's five are all still there
        assert (
            await http.post(url, json={"subject": "Hi", "message": TEXT}, headers=ada["headers"])
        ).status_code == 202
