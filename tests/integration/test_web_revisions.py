"""Web forms carry the revision they were shown with: a save after someone else's is not made, the page says so in
the reader's language and shows the form again as it was typed, with the newest revision to save over."""
import html
import re
import uuid

from tests.integration.test_contributions import copied
from tests.integration.test_web_pages import ORGANIZER, create_event, event_form
from tests.web import csrf_of, signed_in_client

REVISION = re.compile(r'name="revision" value="(\d+)"')
CONFLICT = "Someone else saved changes here while you were editing, so yours were not saved."


async def shown(client, path: str) -> tuple[str, str]:
    """The page's CSRF token and the revision its form carries (the first one on the page)."""
    page = await client.get(path)
    assert page.status_code == 200, page.text[-500:]
    return csrf_of(page.text), REVISION.search(page.text).group(1)


async def co_organized(gateway, **event):
    ada_name, bashir_name = f"Ada {uuid.uuid4().hex[:6]}", f"Bashir {uuid.uuid4().hex[:6]}"
    ada = await signed_in_client(gateway.url, ada_name, ORGANIZER)
    bashir = await signed_in_client(gateway.url, bashir_name, ORGANIZER)
    event_id = await create_event(ada, **event)
    token, revision = await shown(ada, f"/event/{event_id}/organizers")
    added = await ada.post(f"/event/{event_id}/organizers", data={"token": token, "revision": revision,
                                                                   "usernames": f"{ada_name}\n{bashir_name}"})
    assert added.status_code == 303, added.text[-500:]
    return ada, bashir, event_id


async def rest_event(client, event_id: int) -> dict:
    return (await client.get(f"/campaignevents/v0/event_registration/{event_id}")).json()


async def test_a_stale_event_form_is_shown_again_as_typed_and_the_passcode_stays(gateway):
    ada, bashir, event_id = await co_organized(gateway)
    edit = f"/event/{event_id}/edit"
    ada_token, revision = await shown(ada, edit)
    bashir_token, same = await shown(bashir, edit)
    assert same == revision
    saved = await ada.post(edit, data=event_form(ada_token, revision=revision, passcode="opensesame",
                                                 description="Ada's plan"))
    assert saved.status_code == 303, saved.text[-1000:]
    late = await bashir.post(edit, data=event_form(bashir_token, revision=revision, passcode="",
                                                   description="Bashir's words"), headers={"accept-language": "fr"})
    assert late.status_code == 409
    assert "Quelqu’un d’autre a enregistré des modifications ici" in html.unescape(late.text)
    assert "Bashir's words</textarea>" in html.unescape(late.text)  # what he typed, not what is stored
    assert REVISION.search(late.text).group(1) == str(int(revision) + 1)
    stored = await rest_event(ada, event_id)
    assert (stored["passcode"], stored["description"]) == ("opensesame", "Ada's plan")
    again = await bashir.post(edit, data=event_form(csrf_of(late.text), revision=str(int(revision) + 1),
                                                    passcode="opensesame", description="Bashir's words"))
    assert again.status_code == 303  # having seen the conflict, he saves over it on purpose
    assert (await rest_event(ada, event_id))["description"] == "Bashir's words"


async def test_an_event_form_without_a_passcode_field_keeps_the_passcode(gateway):
    ada, _, event_id = await co_organized(gateway)
    edit = f"/event/{event_id}/edit"
    token, revision = await shown(ada, edit)
    assert (await ada.post(edit, data=event_form(token, revision=revision, passcode="opensesame"))).status_code == 303
    token, revision = await shown(ada, edit)
    fields = {k: v for k, v in event_form(token, revision=revision, description="Edited").items() if k != "passcode"}
    assert (await ada.post(edit, data=fields)).status_code == 303
    stored = await rest_event(ada, event_id)
    assert (stored["passcode"], stored["description"]) == ("opensesame", "Edited")


async def test_closing_while_someone_edits_keeps_their_saved_change(gateway):
    ada, bashir, event_id = await co_organized(gateway)
    edit, page = f"/event/{event_id}/edit", f"/event/{event_id}"
    token, revision = await shown(bashir, edit)
    assert (await bashir.post(edit, data=event_form(token, revision=revision, description="Kept"))).status_code == 303
    close_token = csrf_of((await ada.get(page)).text)
    assert (await ada.post(f"{page}/close", data={"token": close_token})).status_code == 303
    stored = await rest_event(ada, event_id)
    assert (stored["status"], stored["description"]) == ("closed", "Kept")


async def test_a_stale_organizers_form_is_shown_again_as_typed(gateway):
    ada, bashir, event_id = await co_organized(gateway)
    carol_name = f"Carol {uuid.uuid4().hex[:6]}"
    await signed_in_client(gateway.url, carol_name, ORGANIZER)
    path = f"/event/{event_id}/organizers"
    ada_token, revision = await shown(ada, path)
    bashir_token, _ = await shown(bashir, path)
    names = [o["user_name"] for o in (await ada.get(f"/campaignevents/v0/event_registration/{event_id}/organizers"))
             .json()]
    saved = await ada.post(path, data={"token": ada_token, "revision": revision,
                                       "usernames": "\n".join([*names, carol_name])})
    assert saved.status_code == 303
    typed = "\n".join(names)
    late = await bashir.post(path, data={"token": bashir_token, "revision": revision, "usernames": typed})
    assert late.status_code == 409 and CONFLICT in html.unescape(late.text)
    assert f">{typed}</textarea>" in html.unescape(late.text) and carol_name in late.text
    assert REVISION.search(late.text).group(1) == str(int(revision) + 1)
    after = await ada.get(f"/campaignevents/v0/event_registration/{event_id}/organizers")
    assert carol_name in [o["user_name"] for o in after.json()]


async def test_stale_goal_and_worklist_forms_are_shown_again_as_typed(gateway, contributions_stub):
    ada, bashir, event_id = await co_organized(gateway, tracks_contributions="1")
    await copied(contributions_stub, event_id, participants=0)
    page = f"/event/{event_id}/contributions"
    ada_page, bashir_page = (await ada.get(page)).text, (await bashir.get(page)).text
    ada_token, bashir_token = csrf_of(ada_page), csrf_of(bashir_page)
    assert REVISION.findall(bashir_page) == ["0", "0"]  # no goal, no worklist yet
    assert (await ada.post(f"{page}/goal", data={"token": ada_token, "revision": "0", "metric": "edits",
                                                 "target": "5"})).status_code == 303
    late = await bashir.post(f"{page}/goal", data={"token": bashir_token, "revision": "0", "metric": "bytes_added",
                                                   "target": "700"}, headers={"accept-language": "ar"})
    assert late.status_code == 409 and "حفظ شخص آخر تغييرات هنا أثناء تعديلك" in html.unescape(late.text)
    assert 'value="700"' in late.text and re.search(r'<option value="bytes_added"\s+selected', late.text)
    assert REVISION.findall(late.text) == ["1", "0"]
    goal = (await ada.get(f"/campaignevents/v0/event/{event_id}/metrics")).json()["goal"]
    assert (goal["metric"], goal["target"]) == ("edits", 5)

    assert (await ada.post(f"{page}/worklist", data={"token": ada_token, "revision": "0",
                                                     "articles": ""})).status_code == 303
    late = await bashir.post(f"{page}/worklist", data={"token": bashir_token, "revision": "0",
                                                       "articles": "Some Article", "gather": "1"})
    assert late.status_code == 409 and CONFLICT in html.unescape(late.text)
    assert ">Some Article</textarea>" in late.text and REVISION.findall(late.text) == ["1", "1"]
    worklist = (await ada.get(f"/campaignevents/v0/event/{event_id}/worklist")).json()
    assert (worklist["articles"], worklist["gather"]) == ([], False)
