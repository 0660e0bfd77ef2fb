"""The Collaboration list in a real browser: filter with the form (no script needed) and open an event."""
import uuid

from playwright.async_api import expect

from tests.browser.test_event_pages import enable_registration, sign_in


async def test_a_visitor_finds_an_event_with_the_filter_form(new_page):
    name = f"Findable Workshop {uuid.uuid4().hex[:6]}"
    organizer = await new_page()
    await sign_in(organizer, f"Ada {uuid.uuid4().hex[:6]}", organizer=True)
    await enable_registration(organizer, name)

    visitor = await new_page()
    await visitor.goto("/")
    await visitor.get_by_role("link", name="Browse all events").click()
    await visitor.get_by_label("Name contains").fill(name)
    for _ in range(50):  # the list is built from the event stream: a moment after the event is saved
        await visitor.get_by_role("button", name="Find", exact=True).click()
        if await visitor.get_by_role("link", name=name).count():
            break
    await expect(visitor.get_by_role("heading", name="Upcoming events")).to_be_visible()
    await expect(visitor.locator("h3.month")).to_have_count(1)
    await visitor.get_by_role("link", name=name).click()
    await expect(visitor.get_by_role("heading", level=1)).to_have_text(name)
