"""Bad input at the gateway: oversized and chunked bodies, deep JSON, invalid UTF-8, huge numbers and page sizes,
forged page tokens and identities, SQL and HTML in text fields. Clear refusals in the REST error shape, and
nothing a caller wrote rendered unescaped on the pages."""
import uuid

import pytest
from markupsafe import escape

from eventcenter.services.registration.domain.wiki_names import page_title
from tests.integration.test_rest_events import event_body, sign_in

API = "/campaignevents/v0"
ERROR_KEYS = {"httpCode", "httpReason", "errorKey", "messageTranslations"}
SQL = "x'); DROP TABLE registration.events; --"
MARKUP = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def refused(answer, status: int | None = None) -> dict:
    assert 400 <= answer.status_code < 500 and (status is None or answer.status_code == status), answer.text[:300]
    body = answer.json()
    assert set(body) >= ERROR_KEYS and body["httpCode"] == answer.status_code, body
    return body


@pytest.fixture(scope="module")
async def ada(http):
    return await sign_in(http, groups=["event-organizer"])


async def test_a_body_over_the_limit_is_413(http, ada):
    big = b'{"x": "' + b"a" * (300 * 1024) + b'"}'  # the limit is 256 KiB
    answer = await http.post(f"{API}/event_registration", content=big,
                             headers={**ada["headers"], "content-type": "application/json"})
    refused(answer, 413)


async def test_a_chunked_body_without_length_is_refused_before_it_is_read(http, ada):
    async def chunks():
        for _ in range(400):
            yield b"a" * 1024

    answer = await http.post(f"{API}/event_registration", content=chunks(),
                             headers={**ada["headers"], "content-type": "application/json"})
    assert refused(answer, 411)["errorKey"] == "gateway-error-length-required"


@pytest.mark.parametrize("content", [b"[" * 50_000 + b"]" * 50_000, b'{"a":' * 5000 + b"1" + b"}" * 5000,
                                     b'{"event_page": "\xff\xfe\xfd"}', b"not json at all", b"\x00\x01"],
                         ids=["deep array", "deep object", "invalid utf-8", "not json", "binary"])
async def test_malformed_json_is_a_clear_400(http, ada, content):
    answer = await http.post(f"{API}/event_registration", content=content,
                             headers={**ada["headers"], "content-type": "application/json"})
    refused(answer, 400)


@pytest.mark.parametrize("url", [
    f"{API}/event_registration/{10**30}", f"{API}/event/{2**64}/metrics",
    f"{API}/organizer/{2**63}/event_registrations", f"{API}/participant/{2**63}/event_registrations",
    f"{API}/event_registration/1/participants?include_private=false&last_participant_id={10**30}",
    f"{API}/invitation_lists/{2**70}", f"{API}/campaigns/{2**70}", f"{API}/programs/{2**70}/metrics",
])
async def test_ids_too_large_for_64_bits_are_400_not_500(http, ada, url):
    assert refused(await http.get(url, headers=ada["headers"]), 400)["errorKey"] == "gateway-error-out-of-range"


async def test_an_id_too_large_on_a_page_is_an_error_page_not_500(http):
    answer = await http.get(f"/event/{10**30}")
    assert answer.status_code == 400 and "<html" in answer.text.lower()


@pytest.mark.parametrize("url", [
    f"{API}/events?limit=1000000", f"{API}/events?limit=0", f"{API}/campaigns?page_size=99999999999",
    f"{API}/invitation_lists?limit=100000", f"{API}/event/1/contributions?limit=100000",
    f"{API}/communities?wiki=enwiki&limit=5000",
])
async def test_huge_page_sizes_are_refused(http, ada, url):
    refused(await http.get(url, headers=ada["headers"]), 400)


@pytest.mark.parametrize("url", [
    f"{API}/events?page_token=forged", f"{API}/events?page_token=" + "A" * 1999,
    f"{API}/campaigns?page_token=forged", f"{API}/invitation_lists?page_token=forged",
    f"{API}/event/1/contributions?page_token=Zm9yZ2Vk",
])
async def test_forged_page_tokens_are_400(http, ada, url):
    refused(await http.get(url, headers=ada["headers"]), 400)


async def test_forged_page_tokens_on_a_campaign_and_program_are_400(http, ada):
    plan = {"name": f"Tokens {uuid.uuid4().hex[:6]}", "start_date": "2035-01-01", "end_date": "2035-12-31"}
    campaign = (await http.post(f"{API}/campaigns", json=plan, headers=ada["headers"])).json()["id"]
    program = (await http.post(f"{API}/campaigns/{campaign}/programs", json=plan, headers=ada["headers"])).json()["id"]
    for url in (f"{API}/campaigns/{campaign}?page_token=forged", f"{API}/programs/{program}?page_token=forged"):
        refused(await http.get(url, headers=ada["headers"]), 400)


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer forged",
        "Bearer " + "a" * 5000,
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
        # Signed with another secret: valid shape, wrong signature.
        "Bearer eyJhbGciOiJIUzI1NiJ9."
        "eyJzdWIiOiIxIiwibmFtZSI6IkV2ZSIsImF1ZCI6ImV2ZW50Y2VudGVyLWdhdGV3YXkiLCJleHAiOjk5OTk5OTk5OTl9."
        "c2lnbmF0dXJl",
    ],
)
async def test_forged_identity_tokens_are_401(http, authorization):
    body = refused(await http.get(f"{API}/invitation_lists", headers={"authorization": authorization}), 401)
    assert body["errorKey"] == "gateway-error-invalid-token"


async def test_a_forged_session_cookie_is_nobody(http):
    answer = await http.get(f"{API}/invitation_lists", headers={"cookie": "eventcenter_session=forged.cookie.value"})
    assert refused(answer, 403)["errorKey"] == "rest-permission-denied-anon"


@pytest.mark.parametrize("text", [SQL, MARKUP], ids=["sql", "html"])
async def test_sql_and_html_in_event_fields_are_refused_or_kept_as_text(http, ada, text):
    """Each text field of an event, one at a time: a 4xx in the error shape, or stored exactly as sent (the page
    title as the wiki writes it)."""
    fields = {"event_page": f"Event:{text}", "timezone": text, "start_time": text, "end_time": text,
              "meeting_url": text, "chat_url": text, "passcode": text, "description": text}
    for name, value in fields.items():
        answer = await http.post(f"{API}/event_registration", json=event_body(**{name: value}), headers=ada["headers"])
        if answer.status_code >= 400:
            refused(answer)
            continue
        stored = (await http.get(f"{API}/event_registration/{answer.json()['id']}", headers=ada["headers"])).json()
        assert stored[name] == (page_title(value) if name == "event_page" else value), (name, stored[name])
    for name in ("types", "wikis", "topics"):
        refused(await http.post(f"{API}/event_registration", json=event_body(**{name: [text]}), headers=ada["headers"]))
    in_person = event_body(online_meeting=False, inperson_meeting=True, meeting_url=None, meeting_country_code=text)
    refused(await http.post(f"{API}/event_registration", json=in_person, headers=ada["headers"]))


async def test_html_in_an_event_is_escaped_on_its_page(http, ada):
    address = f"{MARKUP} {SQL}"
    body = event_body(online_meeting=True, inperson_meeting=True, meeting_country_code="FR", meeting_address=address,
                      description=f"About {MARKUP}")
    event_id = (await http.post(f"{API}/event_registration", json=body, headers=ada["headers"])).json()["id"]
    page = (await http.get(f"/event/{event_id}", headers=ada["headers"])).text
    assert MARKUP not in page and "<script>alert" not in page
    assert str(escape(MARKUP)) in page  # as Jinja2 escapes it


async def test_html_in_registration_answers_is_kept_as_text_and_never_on_pages(http, ada):
    event_id = (await http.post(f"{API}/event_registration", json=event_body(), headers=ada["headers"])).json()["id"]
    bea = await sign_in(http)
    answers = {"affiliate": {"value": 1, "other": f"{MARKUP}{SQL}"}, "gender": {"value": 2}}
    put = await http.put(f"{API}/event_registration/{event_id}/participants/self",
                         json={"is_private": False, "answers": answers}, headers=bea["headers"])
    assert put.status_code == 200, put.text
    own = (await http.get(f"{API}/event_registration/{event_id}/participants/self", headers=bea["headers"])).json()
    assert own["answers"]["affiliate"]["other"] == f"{MARKUP}{SQL}"
    bad = {"affiliate": {"value": MARKUP}}
    refused(await http.put(f"{API}/event_registration/{event_id}/participants/self",
                           json={"is_private": False, "answers": bad}, headers=bea["headers"]), 400)
    for path in (f"/event/{event_id}", f"/event/{event_id}/participants"):
        assert "<script>alert" not in (await http.get(path, headers=ada["headers"])).text


async def test_html_in_campaign_and_program_names_is_escaped_on_their_pages(http, ada):
    plan = {"name": f"Camp {MARKUP}", "description": f"{MARKUP} {SQL}", "start_date": "2035-01-01",
            "end_date": "2035-12-31"}
    campaign = await http.post(f"{API}/campaigns", json=plan, headers=ada["headers"])
    assert campaign.status_code == 201, campaign.text
    campaign_id = campaign.json()["id"]
    program = await http.post(f"{API}/campaigns/{campaign_id}/programs", json={**plan, "name": f"Prog {MARKUP}"},
                              headers=ada["headers"])
    assert program.status_code == 201, program.text
    assert (await http.get(f"{API}/campaigns/{campaign_id}")).json()["name"] == f"Camp {MARKUP}"
    for path in ("/campaigns", f"/campaigns/{campaign_id}", f"/programs/{program.json()['id']}"):
        page = (await http.get(path)).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
    assert str(escape(f"Camp {MARKUP}")) in (await http.get(f"/campaigns/{campaign_id}")).text


@pytest.mark.parametrize("ids", ["¹", "1|²|3", "٣"])
async def test_question_ids_that_only_look_like_digits_are_ignored_not_500(http, ids):
    """Found by schemathesis: "¹".isdigit() is true but int("¹") fails; Arabic-Indic digits are real numbers."""
    answer = await http.get(f"{API}/participant_questions", params={"question_ids": ids})
    assert answer.status_code == 200, answer.text


async def test_web_forms_take_superscript_digits_as_bad_numbers_not_as_crashes(gateway):
    """"¹" is a digit to str.isdigit but not a number to int(): forms must refuse it, not fail with a 500."""
    from tests.web import csrf_of, signed_in_client

    client = await signed_in_client(gateway.url, f"Digits {uuid.uuid4().hex[:8]}", groups=["event-organizer"])
    try:
        form = await client.get("/invitation_lists/new")
        answer = await client.post("/invitation_lists/new", data={
            "token": csrf_of(form.text), "name": "Digits", "event_id": "¹", "articles": "Fern", "wiki": "testwiki"})
        assert answer.status_code < 500
        inbox = await client.get("/inbox")
        marked = await client.post("/inbox/read", data={"token": csrf_of(inbox.text), "ids": "¹"})
        assert marked.status_code < 500
    finally:
        await client.aclose()
