"""Web pages over plain HTTP, as a browser without JavaScript uses them: forms, sessions, CSRF, languages."""
import asyncio
import datetime
import re
import uuid

from tests.conftest import gateway_settings, start_gateway
from tests.web import anonymous_client, csrf_of, signed_in_client

ORGANIZER = ["event-organizer"]


def _local(days: float) -> str:
    return (datetime.datetime.now() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def event_form(token: str, **overrides) -> dict:
    values = {"token": token, "event_page": f"Event:Web {uuid.uuid4().hex[:10]}", "timezone": "Europe/Paris",
              "start": _local(3), "end": _local(4), "types": ["workshop"], "online": "1", "wikis": "enwiki",
              "meeting_url": "https://meet.example.org/w", "questions": ["1", "4"], "accept_policy": "1"}
    values.update(overrides)
    return values


async def create_event(client, **overrides) -> int:
    form = await client.get("/organize/new")
    answer = await client.post("/organize/new", data=event_form(csrf_of(form.text), **overrides))
    assert answer.status_code == 303, answer.text[-2000:]
    return int(answer.headers["location"].rsplit("/", 1)[1])


async def post_form(client, page: str, action: str, **fields):
    form = await client.get(page)
    return await client.post(action, data={"token": csrf_of(form.text), **fields})


async def test_dev_login_sets_an_httponly_samesite_session_cookie(gateway):
    client = await anonymous_client(gateway.url)
    form = await client.get("/dev/login")
    answer = await client.post("/dev/login", data={"username": "Cookie Person", "token": csrf_of(form.text)})
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"].lower()
    assert "eventcenter_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    home = await client.get("/")
    assert "Cookie Person" in home.text


async def test_login_and_logout_need_the_csrf_token(gateway):
    client = await anonymous_client(gateway.url)
    await client.get("/dev/login")
    forged = await client.post("/dev/login", data={"username": "Forged"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    ada = await signed_in_client(gateway.url, f"Out {uuid.uuid4().hex[:6]}")
    assert (await ada.post("/auth/logout", data={})).status_code == 403
    assert (await post_form(ada, "/", "/auth/logout")).status_code == 303
    assert "/auth/login" in (await ada.get("/")).text


async def test_cookie_session_rest_writes_need_the_token_field(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    ines = await signed_in_client(gateway.url, f"Ines {uuid.uuid4().hex[:6]}")
    url = f"/campaignevents/v0/event_registration/{event_id}/participants/self"
    refused = await ines.put(url, json={"is_private": False})
    assert refused.status_code == 403 and refused.json()["errorKey"] == "rest-badtoken"
    session = (await ines.get("/auth/session")).json()
    assert session["signed_in"] is True
    accepted = await ines.put(url, json={"is_private": False, "token": session["csrf_token"]})
    assert accepted.status_code == 200 and accepted.json()["modified"] is True


async def test_register_privately_with_answers_and_who_sees_what(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    ines_name = f"Ines {uuid.uuid4().hex[:6]}"
    ines = await signed_in_client(gateway.url, ines_name)
    page = await ines.get(f"/event/{event_id}")
    assert "90 days" in page.text and 'name="q1"' in page.text and 'name="q4"' in page.text
    registered = await post_form(ines, f"/event/{event_id}", f"/event/{event_id}/register",
                                 visibility="private", q1="2", q4="3")
    assert registered.status_code == 303
    own = await ines.get(f"/event/{event_id}")
    assert "registered privately" in own.text and "You are registered." in own.text
    assert 'value="3" checked' in own.text  # the saved answer is shown again
    anonymous = await (await anonymous_client(gateway.url)).get(f"/event/{event_id}")
    assert ines_name not in anonymous.text and "1 registered privately" in anonymous.text
    assert "https://meet.example.org/w" not in anonymous.text
    organizer_view = await ada.get(f"/event/{event_id}/participants")
    assert ines_name in organizer_view.text and "Private" in organizer_view.text
    cancelled = await post_form(ines, f"/event/{event_id}", f"/event/{event_id}/cancel")
    assert cancelled.status_code == 303
    assert "cancelled" in (await ines.get(f"/event/{event_id}")).text


async def test_a_full_event_puts_the_next_person_on_the_waiting_list(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada, participant_limit="1")
    first = await signed_in_client(gateway.url, f"First {uuid.uuid4().hex[:6]}")
    await post_form(first, f"/event/{event_id}", f"/event/{event_id}/register", visibility="public")
    second = await signed_in_client(gateway.url, f"Second {uuid.uuid4().hex[:6]}")
    page = await second.get(f"/event/{event_id}")
    assert "Join the waiting list" in page.text
    await post_form(second, f"/event/{event_id}", f"/event/{event_id}/register", visibility="public")
    assert "number 1 on the waiting list" in (await second.get(f"/event/{event_id}")).text


async def test_a_passcode_event_asks_for_it_and_refuses_a_wrong_one(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada, passcode="owl-42")
    ines = await signed_in_client(gateway.url, f"Ines {uuid.uuid4().hex[:6]}")
    page = f"/event/{event_id}"
    assert 'name="passcode"' in (await ines.get(page)).text
    wrong = await post_form(ines, page, f"{page}/register", visibility="public", passcode="owl-41")
    assert wrong.status_code == 403 and "passcode is not correct" in wrong.text
    right = await post_form(ines, page, f"{page}/register", visibility="public", passcode="owl-42")
    assert right.status_code == 303 and "You are registered." in (await ines.get(page)).text


async def test_after_ten_wrong_passcodes_the_page_says_how_long_to_wait_in_the_readers_language(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada, passcode="owl-42")
    ines = await signed_in_client(gateway.url, f"Ines {uuid.uuid4().hex[:6]}")
    page = f"/event/{event_id}"
    for number in range(10):
        wrong = await post_form(ines, page, f"{page}/register", visibility="public", passcode=f"owl-{number}")
        assert wrong.status_code == 403
    ines.cookies.set("eventcenter_language", "fr")
    limited = await post_form(ines, page, f"{page}/register", visibility="public", passcode="owl-42")
    assert limited.status_code == 429 and "Réessayez dans 10 minutes." in limited.text
    assert 'name="passcode"' in limited.text  # the form is there again, for later
    short = await post_form(ada, "/organize/new", "/organize/new", **{
        k: v for k, v in event_form("", passcode="owl").items() if k != "token"})
    assert short.status_code == 400 and 'id="event.passcode-problem"' in short.text


async def test_organizers_email_the_participants_they_chose(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    people = [await signed_in_client(gateway.url, f"P{n} {uuid.uuid4().hex[:6]}",
                                     email=f"p{n}-{uuid.uuid4().hex[:8]}@mail.test") for n in range(3)]
    for person in people:
        await post_form(person, f"/event/{event_id}", f"/event/{event_id}/register", visibility="public")
    chosen = (await people[0].get("/auth/session")).json()["user_id"]
    form = await ada.get(f"/event/{event_id}/email", params={"user_ids": [str(chosen)]})
    assert "To the participants you chose (1)." in form.text and f'value="{chosen}"' in form.text
    sent = await ada.post(f"/event/{event_id}/email", data={"token": csrf_of(form.text), "user_ids": [str(chosen)],
                                                            "subject": "Hi", "message": "Just for you, thanks!"})
    assert sent.status_code == 303 and "reaches by email: 1." in (await ada.get(f"/event/{event_id}")).text


async def test_an_email_subject_with_a_line_break_is_shown_beside_the_field_in_the_readers_language(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    page = f"/event/{event_id}/email"
    refused = await post_form(ada, page, page, subject="Hi\r\nBcc: all@example.org", message="See you there soon!")
    assert refused.status_code == 400
    assert re.search(r'<p class="problem" id="subject-problem">The subject must be a single line[^<]*U\+000D, U\+000A',
                     refused.text)
    assert 'aria-describedby="subject-problem"' in refused.text and "See you there soon!" in refused.text
    ada.cookies.set("eventcenter_language", "fr")
    french = await post_form(ada, page, page, subject="Salut\nà tous", message="À bientôt, merci !")
    assert french.status_code == 400 and "L’objet doit tenir sur une seule ligne" in french.text


async def test_bad_event_form_is_shown_again_with_the_problem_beside_the_field(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    form = await ada.get("/organize/new")
    answer = await ada.post("/organize/new", data=event_form(csrf_of(form.text), start=_local(5), end=_local(4)))
    assert answer.status_code == 400
    assert "cannot end before it starts" in answer.text and 'aria-invalid="true"' in answer.text
    assert 'value="Europe/Paris"' in answer.text  # what was typed is kept
    # A plain summary, each problem once, and no service field names.
    assert "Please correct the problems shown below." in answer.text
    assert answer.text.count("cannot end before it starts") == 2  # in the list above and beside the field
    assert "event.end_local_time:" not in answer.text


async def test_every_refused_organizer_is_named_not_only_the_last(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    page = f"/event/{event_id}"
    names = [f"Nobody {n} {uuid.uuid4().hex[:6]}" for n in range(3)]
    answer = await post_form(ada, f"{page}/organizers", f"{page}/organizers", usernames="\n".join(names))
    assert answer.status_code == 400
    assert all(f"There is no known user named {name}." in answer.text for name in names)
    assert "organizer_usernames:" not in answer.text


async def test_organizer_pages_close_reopen_organizers_email_statistics_delete(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    page = f"/event/{event_id}"
    assert (await post_form(ada, page, f"{page}/close")).status_code == 303
    assert "Registration closed" in (await ada.get(page)).text
    assert (await post_form(ada, page, f"{page}/reopen")).status_code == 303
    unknown = await post_form(ada, f"{page}/organizers", f"{page}/organizers", usernames="Nobody At All 999")
    assert unknown.status_code == 400 and "Nobody At All 999" in unknown.text
    sent = await post_form(ada, f"{page}/email", f"{page}/email", subject="Hello", message="See you there soon!")
    assert sent.status_code == 303 and "reaches by email: 0." in (await ada.get(page)).text
    short = await post_form(ada, f"{page}/email", f"{page}/email", subject="Hello", message="short")
    assert short.status_code == 400 and "between 10 and 2000" in short.text
    assert "after the event has ended" in (await ada.get(f"{page}/statistics")).text
    assert (await post_form(ada, f"{page}/delete", f"{page}/delete")).status_code == 303
    assert (await ada.get(page)).status_code == 404


async def test_people_who_do_not_organize_cannot_open_organizer_pages(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    other = await signed_in_client(gateway.url, f"Other {uuid.uuid4().hex[:6]}", ORGANIZER)
    for suffix in ("edit", "organizers", "email", "statistics", "delete"):
        answer = await other.get(f"/event/{event_id}/{suffix}")
        assert answer.status_code == 403 and "<html" in answer.text, suffix
    anonymous = await anonymous_client(gateway.url)
    assert (await anonymous.get("/my/events")).headers["location"].startswith("/auth/login")
    for suffix in ("edit", "organizers", "email", "statistics", "delete"):  # signed out: sign in, then back here
        answer = await anonymous.get(f"/event/{event_id}/{suffix}")
        assert answer.status_code == 303, suffix
        assert answer.headers["location"] == f"/auth/login?returnto=%2Fevent%2F{event_id}%2F{suffix}"


async def test_my_events_lists_organizing_and_registered(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    name = f"Mine {uuid.uuid4().hex[:6]}"
    event_id = await create_event(ada, event_page=f"Event:{name}")
    await post_form(ada, f"/event/{event_id}", f"/event/{event_id}/register", visibility="public")
    mine = await ada.get("/my/events")
    assert mine.text.count(name) == 2


async def test_languages_french_and_arabic_right_to_left(gateway):
    client = await anonymous_client(gateway.url)
    french = await client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert '<html lang="fr" dir="ltr"' in french.text and "Se connecter" in french.text
    chosen = await client.get("/language", params={"code": "ar", "returnto": "/"})
    assert chosen.status_code == 303
    arabic = await client.get("/")
    assert '<html lang="ar" dir="rtl"' in arabic.text
    assert (await client.get("/language", params={"code": "en", "returnto": "https://evil.example"})) \
        .headers["location"] == "/"


async def test_unknown_paths_answer_json_on_the_api_and_pages_elsewhere(gateway):
    client = await anonymous_client(gateway.url)
    api = await client.get("/campaignevents/v0/nothing/here")
    assert api.status_code == 404 and api.json()["errorKey"] == "rest-no-match"
    page = await client.get("/no/such/page")
    assert page.status_code == 404 and "<html" in page.text
    missing = await client.get("/event/987654321")
    assert missing.status_code == 404 and "There is no event with this ID" in missing.text


async def test_writes_beyond_the_limit_get_429_with_retry_after(registration):
    server = await start_gateway(gateway_settings(registration, user_writes_per_minute=2))
    try:
        client = await anonymous_client(server.url)
        token = (await client.post("/dev/token", json={"username": f"Busy {uuid.uuid4().hex[:6]}"})).json()
        headers = {"authorization": f"Bearer {token['access_token']}"}
        statuses = [(await client.put("/campaignevents/v0/event_registration/987654321/participants/self",
                                      json={"is_private": False}, headers=headers)).status_code for _ in range(3)]
        assert statuses[:2] == [404, 404] and statuses[2] == 429
        limited = await client.put("/campaignevents/v0/event_registration/987654321/participants/self",
                                   json={"is_private": False}, headers=headers)
        assert int(limited.headers["retry-after"]) >= 1 and limited.json()["errorKey"] == "gateway-error-rate-limited"
        assert (await client.get("/campaignevents/v0/participant_questions")).status_code == 200  # reads go on
    finally:
        await server.stop()


async def test_the_site_has_an_icon(gateway):
    visitor = await anonymous_client(gateway.url)
    asked = await visitor.get("/favicon.ico")
    assert asked.status_code == 301 and asked.headers["location"] == "/static/favicon.svg"
    icon = await visitor.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert '<link rel="icon" href="/static/favicon.svg"' in (await visitor.get("/")).text


async def test_only_a_plain_first_visit_is_marked_to_be_shown_again_in_the_readers_zone(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    first = await anonymous_client(gateway.url)
    page = (await first.get(f"/event/{event_id}")).text
    assert "data-zone-unknown" in page and "data-viewer-zone" in page  # online: shown in the reader's zone
    told = await anonymous_client(gateway.url)
    told.cookies.set("eventcenter_tz", "Asia%2FTokyo")
    page = (await told.get(f"/event/{event_id}")).text
    assert "data-zone-unknown" not in page and "(Asia/Tokyo)" in page
    in_person = await create_event(ada, online="", in_person="1", country="FR", address="1 rue de Paris",
                                   meeting_url="")
    assert "data-viewer-zone" not in (await first.get(f"/event/{in_person}")).text  # the event's own zone
    refused = await post_form(ada, "/organize/new", "/organize/new", event_page="")  # a page after a post
    assert refused.status_code == 400 and "data-zone-unknown" not in refused.text


async def test_a_refused_registration_shows_every_answer_again_as_posted(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada, passcode="owl-42", questions=["1", "4", "5"])
    ines = await signed_in_client(gateway.url, f"Ines {uuid.uuid4().hex[:6]}")
    page = f"/event/{event_id}"
    wrong = await post_form(ines, page, f"{page}/register", visibility="private", passcode="owl-41",
                            q1="2", q4="3", q5="1", **{"q5-text": "Wikimédia France"})
    assert wrong.status_code == 403 and "passcode is not correct" in wrong.text
    assert 'name="q1" value="2" checked' in wrong.text and 'name="q4" value="3" checked' in wrong.text
    assert '<option value="1" selected>' in wrong.text and 'value="Wikimédia France"' in wrong.text
    assert 'value="private" checked' in wrong.text


async def test_a_radio_question_can_be_left_or_set_back_to_no_answer(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)  # gender (its own option 0, "Prefer not to say") and confidence
    ines = await signed_in_client(gateway.url, f"Ines {uuid.uuid4().hex[:6]}")
    page = f"/event/{event_id}"
    fresh = (await ines.get(page)).text
    assert 'name="q4" value="0" checked> No answer' in fresh
    assert fresh.count('name="q1" value="0"') == 1 and "Prefer not to say" in fresh  # one way to not answer
    await post_form(ines, page, f"{page}/register", visibility="public", q4="3")
    assert 'name="q4" value="3" checked' in (await ines.get(page)).text
    withdrawn = await post_form(ines, page, f"{page}/register", visibility="public", q4="0")
    assert withdrawn.status_code == 303
    assert 'name="q4" value="0" checked' in (await ines.get(page)).text


async def test_more_registered_than_a_lowered_limit_reads_as_full(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada, participant_limit="2")
    page = f"/event/{event_id}"
    for n in range(2):
        person = await signed_in_client(gateway.url, f"P{n} {uuid.uuid4().hex[:6]}")
        await post_form(person, page, f"{page}/register", visibility="public")
    edit = await ada.get(f"{page}/edit")
    lowered = await ada.post(f"{page}/edit", data=event_form(csrf_of(edit.text), participant_limit="1"))
    assert lowered.status_code == 303, lowered.text[-2000:]
    shown = (await ada.get(page)).text
    assert "Full: 2 registered for 1 places" in shown and "2 of 1 places taken" not in shown


async def _listed(client, name: str) -> str:
    """The Collaboration list once it shows the event (it learns of events from the stream)."""
    for _ in range(200):
        listed = (await client.get("/events", params={"name": name})).text
        if 'class="card listed-event"' in listed:
            return listed
        await asyncio.sleep(0.05)
    raise AssertionError(f"the Collaboration list never showed {name}")


async def test_an_event_without_wikis_shows_no_wikis_row(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    name = f"No wikis {uuid.uuid4().hex[:6]}"
    event_id = await create_event(ada, event_page=f"Event:{name}", wikis="")
    assert "<dt>Wikis</dt>" not in (await ada.get(f"/event/{event_id}")).text
    assert "Wikis:" not in await _listed(ada, name)
    with_wiki = await create_event(ada, event_page=f"Event:{name} two")
    assert "<dt>Wikis</dt>" in (await ada.get(f"/event/{with_wiki}")).text


async def test_an_over_long_address_is_refused_beside_the_field_in_the_readers_language(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    form = await ada.get("/organize/new")
    assert re.search(r'<textarea id="address"[^>]* maxlength="8192"', form.text)
    assert re.search(r'<input type="text" id="timezone"[^>]* maxlength="64"', form.text)
    long_fields = {"online": "", "meeting_url": "", "in_person": "1", "country": "FR", "address": "a" * 9001,
                   "description": "d" * 20_001}
    answer = await ada.post("/organize/new", data=event_form(csrf_of(form.text), **long_fields))
    assert answer.status_code == 400
    assert "Please correct the problems shown below." in answer.text and "request body is not valid" not in answer.text
    assert '<p class="problem" id="event.address-problem">The address is longer than 8192 bytes.</p>' in answer.text
    assert '<p class="problem" id="event.description-problem">This is longer than 20000 characters.</p>' in answer.text
    assert "String should have" not in answer.text
    french = await ada.post("/organize/new", data=event_form(csrf_of(form.text), **long_fields),
                            headers={"accept-language": "fr"})
    assert "L’adresse dépasse 8192 octets." in french.text


async def test_the_communities_tab_says_its_service_is_unavailable_in_the_readers_language(gateway):
    reader = await anonymous_client(gateway.url)  # the tests' Wikidata cannot be reached
    for language, said in (("fr", "Le service n’est pas disponible"), ("ar", "الخدمة غير متاحة حاليًا")):
        answer = await reader.get("/events/communities", headers={"accept-language": language})
        assert answer.status_code == 503 and said in answer.text, language
        assert "The service is not available" not in answer.text


async def test_what_people_typed_keeps_its_own_direction_on_arabic_pages(gateway):
    ada_name = f"Ada {uuid.uuid4().hex[:6]}"
    ada = await signed_in_client(gateway.url, ada_name, ORGANIZER)
    name = f"Rivoli {uuid.uuid4().hex[:6]}"
    event_id = await create_event(ada, event_page=f"Event:{name}", online="", meeting_url="", in_person="1",
                                  country="FR", address="1 rue de Rivoli, Paris", description="Bring a laptop.")
    await ada.get("/language", params={"code": "ar", "returnto": "/"})
    page = (await ada.get(f"/event/{event_id}")).text
    assert '<html lang="ar" dir="rtl"' in page
    assert f"<h1><bdi>{name}</bdi></h1>" in page and "<bdi>1 rue de Rivoli, Paris</bdi>" in page
    assert f"<bdi>{ada_name}</bdi>" in page and '<p class="description" dir="auto">Bring a laptop.</p>' in page
    assert f"<title>\u2068{name}\u2069 ·" in page
    assert f"<bdi>{name}</bdi></a>" in (await ada.get("/my/events")).text


async def test_a_forged_answer_option_is_refused_on_the_page_not_a_server_error(gateway):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada)
    ines = await signed_in_client(gateway.url, f"Ines {uuid.uuid4().hex[:6]}")
    refused = await post_form(ines, f"/event/{event_id}", f"/event/{event_id}/register", visibility="public",
                              q1="99999999999999999999")
    assert refused.status_code == 400 and "<html" in refused.text
