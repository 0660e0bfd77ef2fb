"""The main journeys in a real browser: enable registration, register privately with answers, who sees
what, the waiting list, keyboard use and right-to-left layout."""
import datetime
import uuid

from playwright.async_api import expect


async def sign_in(page, username: str, organizer: bool = False) -> None:
    await page.goto("/")
    await page.get_by_role("link", name="Sign in").first.click()
    await page.get_by_label("Username").fill(username)
    if organizer:
        await page.get_by_label("Event organizer").check()
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("status")).to_contain_text(f"signed in as {username}")


async def enable_registration(page, name: str, limit: str = "") -> str:
    start = datetime.datetime.now() + datetime.timedelta(days=5)
    await page.goto("/organize/new")
    await page.get_by_label("Event page").fill(f"Event:{name}")
    await page.get_by_label("Timezone").fill("Europe/Paris")
    await page.get_by_label("Start (local time)").fill(start.strftime("%Y-%m-%dT%H:%M"))
    await page.get_by_label("End (local time)").fill((start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    await page.get_by_label("Workshop").check()
    await page.get_by_label("Online", exact=True).check()
    await page.get_by_label("Wikis", exact=True).fill("enwiki")
    await page.get_by_label("How confident are you contributing").check()
    await page.get_by_label("Gender").check()
    await page.get_by_label("I agree to handle participant information with care.").check()
    if limit:
        await page.get_by_label("Participant limit").fill(limit)
    await page.get_by_role("button", name="Enable registration").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(name)
    return page.url


async def test_organizer_participant_and_visitor(new_page):
    name = f"Browser Edit-a-thon {uuid.uuid4().hex[:6]}"
    organizer = await new_page()
    await sign_in(organizer, f"Ada {uuid.uuid4().hex[:6]}", organizer=True)
    event_url = await enable_registration(organizer, name)

    participant_name = f"Ines {uuid.uuid4().hex[:6]}"
    participant = await new_page()
    await sign_in(participant, participant_name)
    await participant.goto(event_url)
    await expect(participant.locator(".zone")).to_have_text("(Europe/Paris)")  # online: the reader's zone
    await participant.get_by_label("Private: only organizers can see that I take part").check()
    await participant.get_by_role("group", name="How confident are you contributing").get_by_label(
        "Some experience, confident", exact=True).check()
    await expect(participant.get_by_text("kept until the event ends or for 90 days")).to_be_visible()
    await participant.get_by_role("button", name="Register").click()
    await expect(participant.get_by_role("status")).to_have_text("You are registered.")
    await expect(participant.locator("#registration-state")).to_contain_text("registered privately")

    await organizer.goto(event_url + "/participants")
    await expect(organizer.get_by_role("cell", name=participant_name, exact=True)).to_be_visible()
    await expect(organizer.get_by_role("checkbox", name=f"Select {participant_name}")).to_be_visible()
    await expect(organizer.locator("#private-count")).to_have_text("1 registered privately")

    visitor = await new_page()
    await visitor.goto(event_url)
    await expect(visitor.locator("#private-count")).to_have_text("1 registered privately")
    await expect(visitor.get_by_text(participant_name)).to_have_count(0)
    await expect(visitor.get_by_role("link", name="Sign in to register")).to_be_visible()


async def test_a_full_event_puts_the_next_person_on_the_waiting_list(new_page):
    organizer = await new_page()
    await sign_in(organizer, f"Ada {uuid.uuid4().hex[:6]}", organizer=True)
    event_url = await enable_registration(organizer, f"Small Workshop {uuid.uuid4().hex[:6]}", limit="1")
    first = await new_page()
    await sign_in(first, f"First {uuid.uuid4().hex[:6]}")
    await first.goto(event_url)
    await first.get_by_role("button", name="Register").click()
    await expect(first.get_by_role("status")).to_have_text("You are registered.")
    second = await new_page()
    await sign_in(second, f"Second {uuid.uuid4().hex[:6]}")
    await second.goto(event_url)
    await expect(second.get_by_text("This event is full.")).to_be_visible()
    await second.get_by_role("button", name="Join the waiting list").click()
    await expect(second.locator("#registration-state")).to_contain_text("number 1 on the waiting list")


async def test_keyboard_users_can_skip_to_the_content(new_page):
    page = await new_page()
    await page.goto("/")
    await page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    await expect(skip).to_be_focused()
    await page.keyboard.press("Enter")
    assert page.url.endswith("#content")


async def test_arabic_pages_are_laid_out_right_to_left(new_page):
    page = await new_page(locale="ar")
    await page.goto("/")
    assert await page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert await page.get_attribute("html", "lang") == "ar"


async def test_a_first_visit_shows_an_online_event_in_the_readers_zone(new_page):
    """The server learns the zone from the page's script: a reader who follows a shared link sees their own
    time at once, not UTC."""
    organizer = await new_page()
    await sign_in(organizer, f"Ada {uuid.uuid4().hex[:6]}", organizer=True)
    event_url = await enable_registration(organizer, f"Shared link {uuid.uuid4().hex[:6]}")
    newcomer = await new_page(timezone="Asia/Tokyo")
    await newcomer.goto(event_url)
    await expect(newcomer.locator(".zone")).to_have_text("(Asia/Tokyo)")
    await newcomer.goto(event_url)  # and after, at once: the zone is told
    assert await newcomer.locator(".zone").text_content() == "(Asia/Tokyo)"
