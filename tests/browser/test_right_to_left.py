"""Latin text people typed, on an Arabic page: it reads in its own order, not reordered right to left."""
import uuid

from tests.integration.test_web_pages import ORGANIZER, create_event
from tests.web import signed_in_client

# Whether the address's "1" is drawn to the left of its "rue", as in "1 rue de Rivoli, Paris".
NUMBER_FIRST = """(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !node.data.includes("1 rue")) { node = walker.nextNode(); }
  const start = node.data.indexOf("1 rue");
  const left = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                        return r.getBoundingClientRect().left; };
  return left(start) < left(start + 2);
}"""


async def test_an_address_reads_in_its_own_order_on_an_arabic_page(gateway, new_page):
    ada = await signed_in_client(gateway.url, f"Ada {uuid.uuid4().hex[:6]}", ORGANIZER)
    event_id = await create_event(ada, online="", meeting_url="", in_person="1", country="FR",
                                  address="1 rue de Rivoli, Paris")
    page = await new_page(locale="ar")
    await page.goto(f"/event/{event_id}")
    assert await page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert await page.locator("dd", has_text="rue de Rivoli").evaluate(NUMBER_FIRST)
