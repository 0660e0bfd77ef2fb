"""The contributions page in a real browser: a participant associates their edit by revision id, an organizer sets
the goal and sees its completion; the chart is drawn inline; a private participant's edit is listed to them and the
organizer, while others read only how many are left out."""
import asyncio
import uuid

from playwright.async_api import expect

from eventcenter.services.gateway.sign_in.dev import dev_identity
from tests import builders
from tests.browser.test_event_pages import sign_in
from tests.integration.test_contributions import FIRST, copied, edit, new_wiki_account, ongoing_event
from tests.people import md


async def test_participant_associates_an_edit_and_organizer_sets_the_goal(
        new_page, stub, clock, contributions, contributions_stub, mediawiki):
    olga_name = f"Olga {uuid.uuid4().hex[:8]}"
    name, password = await new_wiki_account(mediawiki)
    event = await ongoing_event(stub, clock, dev_identity(olga_name, ["event-organizer"], False))
    await builders.register(stub, md(dev_identity(name, [], False)), event.id)
    await copied(contributions_stub, event.id, participants=1)
    title = f"Browser article {uuid.uuid4().hex[:6]}"
    rev_id = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, FIRST)

    participant = await new_page()
    await sign_in(participant, name)
    await participant.goto(f"/event/{event.id}")
    await participant.get_by_role("link", name="Contributions and statistics").click()
    await expect(participant.get_by_role("heading", level=1)).to_have_text("Contributions")
    await expect(participant.get_by_role("img", name="Edits and bytes added per day")).to_be_visible()
    await participant.get_by_label("Revision id", exact=True).fill(str(rev_id))
    await participant.get_by_role("button", name="Associate").click()
    await expect(participant.get_by_role("status")).to_have_text("The edit is now associated with the event.")
    await expect(participant.get_by_role("cell", name=f"testwiki: {title} ({rev_id})")).to_be_visible()

    organizer = await new_page()
    await sign_in(organizer, olga_name, organizer=True)
    await organizer.goto(f"/event/{event.id}/contributions")
    await organizer.get_by_label("Metric", exact=True).select_option("edits")
    await organizer.get_by_label("Target", exact=True).fill("4")
    await organizer.get_by_role("button", name="Set the goal").click()
    await expect(organizer.get_by_role("status")).to_have_text("The goal is set.")
    await expect(organizer.locator("#goal-progress")).to_have_text("1 of 4 (Edits): 25% reached")


async def test_a_private_participants_edit_is_listed_to_them_and_the_organizer_only(
        new_page, stub, clock, contributions, contributions_stub, mediawiki):
    olga_name = f"Olga {uuid.uuid4().hex[:8]}"
    name, password = await new_wiki_account(mediawiki)
    event = await ongoing_event(stub, clock, dev_identity(olga_name, ["event-organizer"], False))
    await builders.register(stub, md(dev_identity(name, [], False)), event.id, private=True)
    await copied(contributions_stub, event.id, participants=1)
    title = f"Private browser article {uuid.uuid4().hex[:6]}"
    rev_id = await asyncio.to_thread(edit, mediawiki.api_url, name, password, title, FIRST)

    participant = await new_page()
    await sign_in(participant, name)
    await participant.goto(f"/event/{event.id}/contributions")
    await participant.get_by_label("Revision id", exact=True).fill(str(rev_id))
    await participant.get_by_role("button", name="Associate").click()
    await expect(participant.get_by_role("cell", name=f"testwiki: {title} ({rev_id})")).to_be_visible()

    organizer = await new_page()
    await sign_in(organizer, olga_name, organizer=True)
    await organizer.goto(f"/event/{event.id}/contributions")
    await expect(organizer.get_by_role("cell", name=f"{name} private participant")).to_be_visible()

    someone = await new_page()
    await sign_in(someone, f"Someone {uuid.uuid4().hex[:8]}")
    await someone.goto(f"/event/{event.id}/contributions")
    await expect(someone.locator("#hidden-private")).to_have_text(
        "1 edit by a private participant counts in the metrics but is not listed.")
    await expect(someone.get_by_text(title)).to_have_count(0)
    await expect(someone.get_by_text("No edits are associated with this event yet.")).to_have_count(0)
