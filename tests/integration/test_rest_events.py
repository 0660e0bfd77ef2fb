"""REST: event registrations as CampaignEvents tools call them, against the real services."""
import uuid

import pytest


async def sign_in(http, username: str | None = None, groups=(), blocked=False) -> dict:
    answer = await http.post("/dev/token", json={"username": username or f"Rest {uuid.uuid4().hex[:10]}",
                                                 "groups": list(groups), "blocked": blocked})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return {"headers": {"authorization": f"Bearer {body['access_token']}"}, "user_id": body["user_id"]}


def event_body(**overrides) -> dict:
    body = {"event_page": f"Event:Rest {uuid.uuid4().hex[:10]}", "timezone": "Europe/Paris",
            "start_time": "20300220200220", "end_time": "20300221200220", "types": ["editing-event"],
            "wikis": ["enwiki"], "topics": ["art"], "online_meeting": True, "inperson_meeting": False,
            "meeting_url": "https://meet.example.org/r", "tracks_contributions": False}
    body.update(overrides)
    return body


async def test_enable_registration_answers_201_with_id_and_location(http):
    ada = await sign_in(http, groups=["event-organizer"])
    created = await http.post("/campaignevents/v0/event_registration", json=event_body(), headers=ada["headers"])
    assert created.status_code == 201, created.text
    event_id = created.json()["id"]
    assert created.headers["location"].endswith(f"/campaignevents/v0/event_registration/{event_id}")
    seen = await http.get(f"/campaignevents/v0/event_registration/{event_id}", headers=ada["headers"])
    body = seen.json()
    assert body["start_time"] == "20300220200220" and body["timezone"] == "Europe/Paris"
    assert body["online_meeting"] is True and body["meeting_url"] == "https://meet.example.org/r"
    assert body["questions"] == [1, 2, 3, 4, 5] and body["status"] == "open" and body["chat_url"] is None


async def test_links_are_left_out_for_people_who_do_not_take_part(http):
    ada = await sign_in(http, groups=["event-organizer"])
    event_id = (await http.post("/campaignevents/v0/event_registration", json=event_body(),
                                headers=ada["headers"])).json()["id"]
    anonymous = (await http.get(f"/campaignevents/v0/event_registration/{event_id}")).json()
    assert "meeting_url" not in anonymous and anonymous["chat_url"] is None


async def test_missing_event_is_404_in_the_mediawiki_error_shape(http):
    answer = await http.get("/campaignevents/v0/event_registration/987654321", headers={"accept-language": "fr"})
    assert answer.status_code == 404
    body = answer.json()
    assert body["httpCode"] == 404 and body["httpReason"] == "Not Found"
    assert body["errorKey"] == "campaignevents-rest-event-not-found"
    assert (
        body["messageTranslations"]["en"] == "There is no event with this ID." and "fr" in body["messageTranslations"]
    )
    arabic = (await http.get("/campaignevents/v0/event_registration/987654321", params={"uselang": "ar"})).json()
    assert arabic["messageTranslations"]["ar"] == "لا توجد فعالية بهذا المعرّف."  # the service's own Arabic


async def test_update_needs_status_then_answers_204(http):
    ada = await sign_in(http, groups=["event-organizer"])
    event_id = (await http.post("/campaignevents/v0/event_registration", json=event_body(),
                                headers=ada["headers"])).json()["id"]
    missing = await http.put(f"/campaignevents/v0/event_registration/{event_id}", json=event_body(),
                             headers=ada["headers"])
    assert missing.status_code == 400
    closed = await http.put(f"/campaignevents/v0/event_registration/{event_id}",
                            json=event_body(status="closed", event_page=(await http.get(
                                f"/campaignevents/v0/event_registration/{event_id}")).json()["event_page"]),
                            headers=ada["headers"])
    assert closed.status_code == 204, closed.text
    assert (await http.get(f"/campaignevents/v0/event_registration/{event_id}")).json()["status"] == "closed"


@pytest.mark.parametrize("who", ["anonymous", "plain", "blocked"])
async def test_enable_registration_permission_errors(http, who):
    headers = {}
    if who != "anonymous":
        headers = (await sign_in(http, groups=["event-organizer"] if who == "blocked" else [],
                                 blocked=who == "blocked"))["headers"]
    answer = await http.post("/campaignevents/v0/event_registration", json=event_body(), headers=headers)
    assert answer.status_code == 403
    if who == "anonymous":
        assert answer.json()["errorKey"] == "rest-badtoken"


async def test_validation_errors_are_400_with_field_violations(http):
    ada = await sign_in(http, groups=["event-organizer"])
    bad = await http.post("/campaignevents/v0/event_registration",
                          json=event_body(timezone="Mars/Olympus", types=["other", "contest"]), headers=ada["headers"])
    assert bad.status_code == 400
    assert {v["field"] for v in bad.json()["fieldViolations"]} >= {"event.timezone", "event.types"}
    bad_time = await http.post("/campaignevents/v0/event_registration", json=event_body(start_time="soon"),
                               headers=ada["headers"])
    assert bad_time.status_code == 400 and bad_time.json()["errorKey"] == "campaignevents-error-invalid-start"
    not_json = await http.post("/campaignevents/v0/event_registration", content=b"{",
                               headers={**ada["headers"], "content-type": "application/json"})
    assert not_json.status_code == 400 and "errorKey" in not_json.json()


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", None])
async def test_a_body_that_is_not_json_is_415(http, content_type):
    ada = await sign_in(http, groups=["event-organizer"])
    headers = {**ada["headers"], **({"content-type": content_type} if content_type else {})}
    answer = await http.post("/campaignevents/v0/event_registration", content=b"is_private=1", headers=headers)
    assert answer.status_code == 415 and answer.json()["errorKey"] == "rest-unsupported-content-type"


@pytest.mark.parametrize(("path", "name", "code"), [
    ("/event_registration/abc", "id", "badinteger"),
    ("/event_registration/1/participants", "include_private", "missingparam"),
    ("/event_registration/1/participants?include_private=maybe", "include_private", "badbool"),
    ("/event_registration/1/participants?include_private=true&last_participant_id=x", "last_participant_id",
     "badinteger"),
])
async def test_a_bad_path_or_query_parameter_is_named_as_mediawiki_does(http, path, name, code):
    answer = await http.get(f"/campaignevents/v0{path}")
    body = answer.json()
    assert answer.status_code == 400 and body["error"] == "parameter-validation-failed", body
    assert (body["name"], body["failureCode"], body["errorKey"]) == (name, code, code)
    assert name in body["messageTranslations"]["en"]


@pytest.mark.parametrize("overrides, key", [
    ({"timezone": "Mars/Olympus"}, "campaignevents-error-invalid-timezone"),
    ({"start_time": "20300222200220"}, "campaignevents-error-start-after-end"),
    ({"meeting_url": "ftp://x"}, "campaignevents-error-invalid-meeting-url"),
    ({"online_meeting": False, "inperson_meeting": False}, "campaignevents-error-no-participation-options"),
    ({"inperson_meeting": True, "meeting_country_code": "XX"}, "campaignevents-error-invalid-country-code"),
    ({"types": ["party"]}, "campaignevents-error-invalid-types"),
    ({"types": ["other", "contest"]}, "campaignevents-error-invalid-other-selection"),
    ({"types": []}, "campaignevents-error-no-types"),
])
async def test_a_refused_field_has_the_campaignevents_key_and_the_first_problem_only(http, overrides, key):
    ada = await sign_in(http, groups=["event-organizer"])
    bad = await http.post("/campaignevents/v0/event_registration", json=event_body(**overrides),
                          headers={**ada["headers"], "accept-language": "fr"})
    body = bad.json()
    assert bad.status_code == 400 and body["errorKey"] == key, body
    english, french = body["messageTranslations"]["en"], body["messageTranslations"]["fr"]
    assert english and french and english != french and ";" not in english
    assert body["fieldViolations"][0]["description"] == french  # every problem, in the caller's language


async def test_a_status_other_than_open_or_closed_is_named_as_sent(http):
    ada = await sign_in(http, groups=["event-organizer"])
    event_id = (await http.post("/campaignevents/v0/event_registration", json=event_body(),
                                headers=ada["headers"])).json()["id"]
    bogus = await http.put(f"/campaignevents/v0/event_registration/{event_id}", json=event_body(status="bogus"),
                           headers=ada["headers"])
    assert bogus.status_code == 400 and bogus.json()["errorKey"] == "paramvalidator-badvalue-enumnotmulti"
    assert (
        '"status"' in bogus.json()["messageTranslations"]["en"]
        and '"bogus"' in bogus.json()["messageTranslations"]["en"]
    )


async def test_an_in_person_address_given_empty_is_refused_and_null_is_none(http):
    ada = await sign_in(http, groups=["event-organizer"])
    in_person = {"inperson_meeting": True, "meeting_country_code": "FR", "meeting_url": None}
    blank = await http.post("/campaignevents/v0/event_registration",
                            json=event_body(**in_person, meeting_address="  "), headers=ada["headers"])
    assert blank.status_code == 400 and blank.json()["errorKey"] == "campaignevents-error-invalid-address"
    none = await http.post("/campaignevents/v0/event_registration",
                           json=event_body(**in_person, meeting_address=None), headers=ada["headers"])
    assert none.status_code == 201, none.text


async def test_delete_then_get_is_404_and_lists_by_user(http):
    ada = await sign_in(http, groups=["event-organizer"])
    body = event_body()
    event_id = (await http.post("/campaignevents/v0/event_registration", json=body,
                                headers=ada["headers"])).json()["id"]
    listed = await http.get(f"/campaignevents/v0/organizer/{ada['user_id']}/event_registrations")
    assert [e["event_id"] for e in listed.json()] == [event_id]
    url = f"/campaignevents/v0/event_registration/{event_id}"
    deleted = await http.request("DELETE", url, headers=ada["headers"])
    assert deleted.status_code == 204
    # What CampaignEvents answers about a deleted event, route by route.
    answers = [await http.get(url), await http.request("DELETE", url, headers=ada["headers"]),
               await http.put(url, json={**body, "status": "open"}, headers=ada["headers"]),
               await http.post("/campaignevents/v0/event_registration", json=body, headers=ada["headers"]),
               await http.request("DELETE", f"{url}/participants", json=None, headers=ada["headers"]),
               await http.put(f"{url}/participants/self", json={"is_private": False}, headers=ada["headers"]),
               await http.request("DELETE", f"{url}/participants/self", headers=ada["headers"]),
               await http.put(f"{url}/organizers", json={"organizer_usernames": ["Somebody"]}, headers=ada["headers"])]
    assert [(a.status_code, a.json()["errorKey"]) for a in answers] == [
        (404, "campaignevents-rest-get-registration-deleted"), (404, "campaignevents-rest-delete-already-deleted"),
        (400, "campaignevents-edit-registration-deleted"),
        (400, "campaignevents-error-page-already-registered-deleted"),
        (400, "campaignevents-unregister-participants-registration-deleted"),
        (400, "campaignevents-register-registration-deleted"), (400, "campaignevents-unregister-registration-deleted"),
        (400, "campaignevents-edit-registration-deleted")]
    assert all(a.json()["messageTranslations"]["en"] for a in answers)
    # The by-user lists keep it, marked, as CampaignEvents lists deleted events.
    listed = await http.get(f"/campaignevents/v0/organizer/{ada['user_id']}/event_registrations")
    assert [(e["event_id"], e.get("event_deleted")) for e in listed.json()] == [(event_id, True)]
    unknown = await http.get("/campaignevents/v0/organizer/999999999999/event_registrations")
    assert unknown.status_code == 404 and unknown.json()["errorKey"] == "campaignevents-rest-user-not-found"


async def test_health_readiness_and_security_headers(http):
    assert (await http.get("/healthz")).json() == {"status": "ok"}
    ready = await http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["registration"] is True
    assert ready.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in ready.headers["content-security-policy"]
    assert "access-control-allow-origin" not in ready.headers


async def test_openapi_documents_every_rest_route(http):
    paths = (await http.get("/openapi.json")).json()["paths"]
    base = "/campaignevents/v0"
    expected = {
        "/event_registration": {"post"},
        "/event_registration/{event_id}": {"get", "put", "delete"},
        "/event_registration/{event_id}/participants/self": {"get", "put", "delete"},
        "/event_registration/{event_id}/participants": {"get", "delete"},
        "/event_registration/{event_id}/organizers": {"get", "put"},
        "/event_registration/{event_id}/email": {"post"},
        "/organizer/{user_id}/event_registrations": {"get"},
        "/participant/{user_id}/event_registrations": {"get"},
        "/participant_questions": {"get"},
        "/formatted_time/{language_code}/{start}/{end}": {"get"},
        "/invitation_lists": {"get", "post"},
        "/invitation_lists/{list_id}": {"get"},
        "/campaigns": {"get", "post"},
        "/campaigns/{campaign_id}": {"get", "put"},
        "/campaigns/{campaign_id}/programs": {"post"},
        "/campaigns/{campaign_id}/metrics": {"get"},
        "/programs/{program_id}/metrics": {"get"},
        "/programs/{program_id}": {"get", "put"},
        "/event/{event_id}/program": {"put"},
        "/event/{event_id}/contributions": {"get", "post"},
        "/event/{event_id}/metrics": {"get"},
        "/event/{event_id}/goal": {"put"},
    }
    for path, methods in expected.items():
        assert set(paths[base + path]) == methods, path
    assert "/auth/session" in paths and not any(p.startswith("/event/") for p in paths)  # pages stay out


async def test_organizers_are_named_as_the_wiki_writes_names_and_the_creator_may_leave_them(http):
    """CampaignEvents takes user names as MediaWiki does (underscores, a lower-case first letter); once the creator
    removed themselves, the others change the list freely."""
    suffix = uuid.uuid4().hex[:8]
    ada = await sign_in(http, f"Ada {suffix}", groups=["event-organizer"])
    await sign_in(http, f"Bea {suffix}", groups=["event-organizer"])
    await sign_in(http, f"Cy {suffix}", groups=["event-organizer"])
    created = await http.post("/campaignevents/v0/event_registration", json=event_body(), headers=ada["headers"])
    organizers = f"/campaignevents/v0/event_registration/{created.json()['id']}/organizers"
    named = await http.put(organizers, headers=ada["headers"], json={"organizer_usernames": [
        f"Ada {suffix}", f"bea_{suffix}", f"Cy_{suffix}"]})
    assert named.status_code == 204, named.text
    assert (await http.put(organizers, headers=ada["headers"], json={"organizer_usernames": [
        f"Bea {suffix}", f"Cy {suffix}"]})).status_code == 204  # the creator leaves
    bea = await sign_in(http, f"Bea {suffix}", groups=["event-organizer"])
    assert (await http.put(organizers, headers=bea["headers"], json={"organizer_usernames": [
        f"Bea {suffix}"]})).status_code == 204, "the others may change the list once the creator left"
    listed = (await http.get(organizers)).json()
    assert [o["user_name"] for o in listed] == [f"Bea {suffix}"]
    nobody = await http.put(organizers, headers=bea["headers"], json={"organizer_usernames": ["  "]})
    assert nobody.json()["errorKey"] == "campaignevents-edit-no-organizers"
    admin = await sign_in(http, groups=["sysop"])  # no event-organizer right: refused as editing the event is
    refused = await http.put(organizers, headers=admin["headers"], json={"organizer_usernames": [f"Bea {suffix}"]})
    assert (refused.status_code, refused.json()["errorKey"]) == (403, "campaignevents-edit-not-allowed-registration")
