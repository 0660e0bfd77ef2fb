"""Invitation lists in a real browser, without a line of script of ours: an organizer follows the header link,
generates a list from the form with articles of the seeded wiki, and watches the page refresh itself until the
editors appear in their groups, each linked to their user page."""
import uuid

from playwright.async_api import expect

from tests.browser.test_event_pages import sign_in


async def test_an_organizer_generates_a_list_and_sees_it_become_ready(new_page, mediawiki):
    titles = [page.title for page in mediawiki.pages.values() if page.ns == 0]
    organizer = await new_page()
    await sign_in(organizer, f"Ada {uuid.uuid4().hex[:6]}", organizer=True)

    await organizer.get_by_role("link", name="Invitation lists").click()
    await expect(organizer.get_by_role("heading", level=1)).to_have_text("Invitation lists")
    await expect(organizer.get_by_text("You have no invitation lists yet.")).to_be_visible()
    await organizer.get_by_role("link", name="Generate an invitation list").click()
    await organizer.get_by_label("Name", exact=True).fill("Astronomy edit-a-thon")
    await organizer.get_by_label("Articles", exact=True).fill("\n".join(titles))
    await organizer.get_by_role("button", name="Generate the list").click()

    await expect(organizer.get_by_role("heading", level=1)).to_have_text("Astronomy edit-a-thon")
    # Pending, the page says how far it got and reloads itself every 3 seconds until the list is ready.
    await expect(organizer.locator("#list-status")).to_have_text("Ready", timeout=90_000)
    editors = organizer.locator(".invited-editor")
    assert await editors.count() > 0
    groups = organizer.get_by_role("heading", level=2)
    await expect(groups.filter(has_text="Highly recommended")).to_be_visible()
    await expect(groups.filter(has_text="Recommended").filter(has_not_text="Highly")).to_be_visible()
    first = editors.first.get_by_role("link")
    assert (await first.get_attribute("href")).startswith(mediawiki.server)
    assert "User:" in await first.get_attribute("href")
    assert int(await editors.first.locator(".score").inner_text()) >= 5

    await organizer.get_by_role("link", name="All my invitation lists").click()
    row = organizer.get_by_role("row", name="Astronomy edit-a-thon")
    await expect(row).to_contain_text("Ready")
    await expect(row).to_contain_text(f"{len(titles)} of {len(titles)} articles read")
