"""The MediaWiki client against a real local MediaWiki: pages, revisions with continuation, parent sizes, users in
batches, retries when the wiki asks to wait, and clear errors."""
import datetime
import http.server
import json
import threading

import httpx
import pytest

from eventcenter.services.wiki.client import MediaWikiClient, WikiError

LONG_AGO = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
async def client(mediawiki):
    wiki = MediaWikiClient(mediawiki.api_url, "EventCenter-tests/0.1 (tests)", concurrency=2)
    yield wiki
    await wiki.close()


def _articles(mediawiki):
    return [page for page in mediawiki.pages.values() if page.ns == 0]


async def test_every_revision_of_a_page_is_read_through_continuation(mediawiki, client):
    page = max(_articles(mediawiki), key=lambda p: len(p.revisions))
    read = await client.revisions(page.title, LONG_AGO)
    assert [r.rev_id for r in read] == [r.revid for r in reversed(page.revisions)]  # newest first
    by_id = {r.revid: r for r in page.revisions}
    for revision in read:
        seeded = by_id[revision.rev_id]
        assert (revision.size, revision.parent_id, revision.anonymous) == (seeded.size, seeded.parentid,
                                                                           seeded.anonymous)
        assert revision.tags == frozenset(seeded.tags) and revision.hidden == seeded.deleted
        assert revision.timestamp == seeded.timestamp
        if not seeded.user_hidden:
            assert revision.user == seeded.user


async def test_small_pages_of_answers_still_give_every_revision(mediawiki):
    page = max(_articles(mediawiki), key=lambda p: len(p.revisions))
    async with httpx.AsyncClient() as http:
        small = MediaWikiClient(mediawiki.api_url, "EventCenter-tests/0.1", http=http)
        pages = [part async for part in small.query(prop="revisions", titles=page.title, rvlimit=5,
                                                    rvprop="ids")]
    assert len(pages) > 1 and sum(len(p["pages"][0]["revisions"]) for p in pages) == len(page.revisions)


async def test_revisions_stop_at_the_window_and_the_limit(mediawiki, client):
    page = max(_articles(mediawiki), key=lambda p: len(p.revisions))
    middle = page.revisions[len(page.revisions) // 2].timestamp
    recent = await client.revisions(page.title, middle)
    assert recent and all(r.timestamp >= middle for r in recent)
    assert len(await client.revisions(page.title, LONG_AGO, limit=3)) == 3


async def test_parent_sizes_of_revisions_not_read_come_by_id(mediawiki, client):
    page = max(_articles(mediawiki), key=lambda p: len(p.revisions))
    wanted = [r for r in page.revisions[1:4]]
    sizes = await client.revision_sizes(r.revid for r in wanted)
    assert sizes == {r.revid: r.size for r in wanted}


async def test_pages_say_which_titles_exist_and_where(mediawiki, client):
    article = _articles(mediawiki)[0].title
    talk = next(p.title for p in mediawiki.pages.values() if p.ns == 1)
    found = await client.pages([article[0].lower() + article[1:], "No such page 1234", talk,
                                "Bad[title"])
    assert (found[0].title, found[0].namespace, found[0].exists) == (article, 0, True)
    assert (found[1].exists, found[2].namespace, found[3].namespace) == (False, 1, None)


async def test_users_come_with_edit_counts_groups_and_blocks(mediawiki, client):
    names = list(mediawiki.users)
    found = {u.name: u for u in await client.users(names + ["Nobody at all 1234"])}
    for name, seeded in mediawiki.users.items():
        assert found[name].edit_count == seeded.editcount
        assert ("bot" in found[name].groups) == seeded.bot
        assert found[name].blocked_indefinitely == seeded.indefinitely_blocked
    assert found["Nobody at all 1234"].missing


async def test_a_missing_page_is_a_clear_error(client):
    with pytest.raises(WikiError, match="missing page"):
        await client.revisions("No such page 1234", LONG_AGO)


class _Overloaded(http.server.BaseHTTPRequestHandler):
    """Answers as a busy Wikimedia wiki does: 503, then the maxlag error, then 429, then a siteinfo answer (or
    429 for ever when `replies` runs out); remembers what it was sent."""
    replies: list = []
    seen: list = []

    def do_GET(self):
        type(self).seen.append((self.path, self.headers.get("User-Agent")))
        status = type(self).replies.pop(0) if type(self).replies else 429
        answers = {"maxlag": {"error": {"code": "maxlag", "info": "Waiting for 10.0.0.1: 7 seconds lagged"}},
                   200: {"query": {"general": {"sitename": "Busy wiki"}}}}
        body = json.dumps(answers[status]).encode() if status in answers else b""
        self.send_response(200 if status == "maxlag" else status)
        self.send_header("Retry-After", "0")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def busy_wiki():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Overloaded)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Overloaded.seen = []
    yield f"http://127.0.0.1:{server.server_port}/w/api.php"
    server.shutdown()


async def test_overload_and_lag_are_waited_out(busy_wiki):
    _Overloaded.replies = [503, "maxlag", 429, 200]
    client = MediaWikiClient(busy_wiki, "EventCenter/0.1 (ops@example.org)")
    try:
        assert (await client.site())["sitename"] == "Busy wiki"
    finally:
        await client.close()
    assert len(_Overloaded.seen) == 4
    assert all("maxlag=5" in path and agent == "EventCenter/0.1 (ops@example.org)" for path, agent in _Overloaded.seen)


async def test_a_wiki_that_keeps_refusing_is_given_up_with_a_clear_error(busy_wiki):
    _Overloaded.replies = []
    client = MediaWikiClient(busy_wiki, "EventCenter/0.1", attempts=3)
    try:
        with pytest.raises(WikiError, match="did not answer"):
            await client.site()
    finally:
        await client.close()
    assert len(_Overloaded.seen) == 3
