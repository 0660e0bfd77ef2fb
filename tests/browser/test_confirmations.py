"""Destructive buttons ask first: declining leaves everything as it was, agreeing acts."""
import uuid

from playwright.async_api import expect

from tests.browser.test_event_pages import enable_registration, sign_in


def answer_dialogs(page, accept: bool, asked: list[str]) -> None:
    async def answer(dialog):
        asked.append(dialog.message)
        await (dialog.accept() if accept else dialog.dismiss())
    page.once("dialog", answer)


async def test_cancelling_a_registration_and_removing_participants_ask_first(new_page):
    organizer = await new_page()
    await sign_in(organizer, f"Ada {uuid.uuid4().hex[:6]}", organizer=True)
    event_url = await enable_registration(organizer, f"Careful {uuid.uuid4().hex[:6]}")
    name = f"Ines {uuid.uuid4().hex[:6]}"
    participant = await new_page()
    await sign_in(participant, name)
    await participant.goto(event_url)
    await participant.get_by_role("button", name="Register").click()
    await expect(participant.get_by_role("status")).to_have_text("You are registered.")

    asked: list[str] = []
    answer_dialogs(participant, False, asked)
    await participant.get_by_role("button", name="Cancel registration").click()
    assert asked == ["Cancel your registration for this event?"]
    await participant.reload()
    await expect(participant.locator("#registration-state")).to_contain_text("You are registered")

    await organizer.goto(event_url + "/participants")
    await organizer.get_by_role("checkbox", name=f"Select {name}").check()
    answer_dialogs(organizer, False, asked)
    await organizer.get_by_role("button", name="Remove selected participants").click()
    assert asked[-1] == "Remove the selected participants from this event?"
    await organizer.reload()
    await expect(organizer.get_by_role("cell", name=name, exact=True)).to_be_visible()
    answer_dialogs(organizer, True, asked)
    await organizer.get_by_role("button", name="Remove everyone").click()
    assert asked[-1] == "Remove every participant from this event?"
    await expect(organizer.get_by_role("status")).to_have_text("Participants removed: 1.")
