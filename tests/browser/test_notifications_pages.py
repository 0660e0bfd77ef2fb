"""Notifications in a real browser: a newcomer signs in with an email, registers, and finds the confirmation in
the inbox the header points to."""
import uuid

from playwright.async_api import expect

from eventcenter.services.gateway.access import dev_user_id
from eventcenter.services.kernel.identity import Identity
from tests.browser.test_event_pages import enable_registration, sign_in
from tests.notifications_helpers import inbox_of


async def sign_in_with_email(page, username: str, address: str) -> None:
    await page.goto("/")
    await page.get_by_role("link", name="Sign in").first.click()
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Email address (optional)").fill(address)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("status")).to_contain_text(f"signed in as {username}")


async def test_a_newcomer_sees_the_unread_badge_and_the_confirmation_in_the_inbox(new_page, notifications_stub):
    event_name = f"Inbox Workshop {uuid.uuid4().hex[:6]}"
    organizer = await new_page()
    await sign_in(organizer, f"Ada {uuid.uuid4().hex[:6]}", organizer=True)
    event_url = await enable_registration(organizer, event_name)

    name = f"Newcomer {uuid.uuid4().hex[:6]}"
    newcomer = await new_page()
    await sign_in_with_email(newcomer, name, f"{uuid.uuid4().hex[:10]}@mail.test")
    await newcomer.goto(event_url)
    await newcomer.get_by_role("button", name="Register").click()
    await expect(newcomer.get_by_role("status")).to_have_text("You are registered.")
    assert await inbox_of(notifications_stub, Identity(dev_user_id(name), name)), "no confirmation in the inbox"

    await newcomer.goto("/")
    inbox_link = newcomer.get_by_role("link", name="Inbox, 1 unread")
    await expect(inbox_link).to_be_visible()
    await expect(newcomer.locator("#unread-count")).to_have_text("1")
    await inbox_link.click()
    item = newcomer.locator(".inbox-item")
    await expect(item).to_have_count(1)
    await expect(item.get_by_role("heading", level=2)).to_contain_text(event_name)
    await item.get_by_role("button", name="Mark as read").click()
    await expect(newcomer.locator("#unread-count")).to_have_count(0)
    await expect(newcomer.get_by_role("link", name="Inbox", exact=True)).to_be_visible()
