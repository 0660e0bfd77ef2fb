"""The local MediaWiki is real (Debian's 1.39 under PHP's server) and holds what its seed description says."""
import datetime as dt

import httpx
import pytest

from eventcenter.services.devstack import mediawiki as mw

THREE_YEARS = dt.timedelta(days=3 * 365)


def api(wiki, **params) -> dict:
    answer = httpx.get(wiki.api_url, params={"format": "json", "formatversion": "2", **params}, timeout=30)
    answer.raise_for_status()
    data = answer.json()
    assert "error" not in data, data
    return data


def all_revisions(wiki, title: str, limit: str = "max", **extra) -> tuple[list[dict], int]:
    """Every revision of a page, oldest first, following query continuation; also the number of requests."""
    params = {"action": "query", "prop": "revisions", "titles": title, "rvlimit": limit, "rvdir": "newer",
              "rvprop": "ids|timestamp|user|userid|size|sha1|tags|flags|comment", **extra}
    revisions, requests, follow = [], 0, {}
    while True:
        data = api(wiki, **params, **follow)
        requests += 1
        revisions += data["query"]["pages"][0].get("revisions", [])
        if "continue" not in data:
            return revisions, requests
        follow = data["continue"]


def stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_siteinfo_answers_from_a_real_mediawiki(mediawiki):
    general = api(mediawiki, action="query", meta="siteinfo")["query"]["general"]

    assert general["generator"].startswith("MediaWiki 1.39")
    assert general["sitename"] == "Test Wiki"
    assert general["server"] == mediawiki.server
    assert general["dbtype"] == "sqlite"
    assert mediawiki.api_url.startswith("http://127.0.0.1:")


def test_every_seeded_page_has_the_seeded_revisions(mediawiki):
    for page in mediawiki.pages.values():
        revisions, _ = all_revisions(mediawiki, page.title)

        assert len(revisions) == len(page.revisions), page.title
        sizes = {revision["revid"]: revision["size"] for revision in revisions}
        for got, seeded in zip(revisions, page.revisions, strict=False):
            assert got["revid"] == seeded.revid and got["parentid"] == seeded.parentid
            assert got["timestamp"] == stamp(seeded.timestamp)
            assert got["size"] == seeded.size
            assert sizes.get(got["parentid"], 0) == seeded.parent_size
            assert sorted(got["tags"]) == list(seeded.tags), (page.title, got)
            assert got["minor"] == seeded.minor
            if seeded.user_hidden:
                assert got["userhidden"] is True and "user" not in got
            else:
                assert got["user"] == seeded.user
                assert got.get("anon", False) == seeded.anonymous


def test_histories_span_four_years_with_old_and_recent_edits(mediawiki):
    ages = [mediawiki.now - revision.timestamp for _, revision in mediawiki.revisions()]

    assert max(ages) > THREE_YEARS and max(ages) < dt.timedelta(days=4 * 365 + 1)
    assert any(age < dt.timedelta(days=30) for age in ages)
    thames = mediawiki.pages["River Thames"]
    assert all(mediawiki.now - revision.timestamp > THREE_YEARS for revision in thames.revisions)
    assert {page.ns for page in mediawiki.pages.values()} == {0, 1, 2, 3}
    assert len(mediawiki.pages["Solar System"].revisions) > 25


def test_revisions_continue_when_limited(mediawiki):
    page = mediawiki.pages["Solar System"]
    everything, _ = all_revisions(mediawiki, page.title)

    in_fives, requests = all_revisions(mediawiki, page.title, limit="5")

    assert in_fives == everything
    assert requests == -(-len(page.revisions) // 5)
    first = api(mediawiki, action="query", prop="revisions", titles=page.title, rvlimit=5, rvprop="ids")
    assert len(first["query"]["pages"][0]["revisions"]) == 5
    assert "rvcontinue" in first["continue"]


def test_reverts_are_tagged_by_mediawiki_itself(mediawiki):
    solar = [revision["tags"] for revision in all_revisions(mediawiki, "Solar System")[0]]
    lighthouse = [revision["tags"] for revision in all_revisions(mediawiki, "Lighthouse")[0]]
    krakow = [revision["tags"] for revision in all_revisions(mediawiki, "Kraków Old Town")[0]]

    # Rollback of two vandal edits, undo of an IP's edit, a manual revert of two edits.
    assert solar[-3:] == [["mw-reverted"], ["mw-reverted"], ["mw-rollback"]]
    assert lighthouse[-2:] == [["mw-reverted"], ["mw-undo"]]
    assert krakow[-3:] == [["mw-reverted"], ["mw-reverted"], ["mw-manual-revert"]]
    seeded = mediawiki.pages["Solar System"].revisions
    assert [revision.user for revision in seeded[-3:]] == [mw.VANDAL, mw.VANDAL, mw.ADMIN]
    # The reverted edits keep their (imported) age; only the reverting edits are new.
    assert seeded[-2].timestamp < mediawiki.now and not seeded[-2].via_api and seeded[-1].via_api
    krakow_seeded = mediawiki.pages["Kraków Old Town"].revisions
    assert krakow_seeded[-1].text == krakow_seeded[-4].text  # the manual revert restored that text exactly


def test_users_show_groups_blocks_and_edit_counts(mediawiki):
    names = "|".join(mediawiki.users)
    users = {user["name"]: user for user in api(
        mediawiki, action="query", list="users", ususers=names,
        usprop="editcount|groups|blockinfo|registration")["query"]["users"]}

    for name, seeded in mediawiki.users.items():
        assert users[name]["userid"] == seeded.userid
        if seeded.registration:
            assert users[name]["registration"] == stamp(seeded.registration)
            first_edit = min(r.timestamp for _, r in mediawiki.revisions() if r.user == name)
            assert seeded.registration < first_edit
        assert users[name]["editcount"] == seeded.editcount, name
        assert set(seeded.groups) <= set(users[name]["groups"])
        assert ("blockid" in users[name]) == seeded.blocked, name
    assert "bot" in users[mw.BOT]["groups"] and mediawiki.users[mw.BOT].bot
    assert "bot" not in users[mw.ALICE]["groups"]
    assert users[mw.VANDAL]["blockexpiry"] == "infinite" and mediawiki.users[mw.VANDAL].indefinitely_blocked
    expiry = users[mw.COOLING]["blockexpiry"]
    assert expiry == stamp(mediawiki.users[mw.COOLING].block_expiry)
    assert mediawiki.now + dt.timedelta(days=13) < mediawiki.users[mw.COOLING].block_expiry
    assert mediawiki.users[mw.ALICE].editcount > 20 and mediawiki.users[mw.CAROL].editcount > 0


def test_edit_counts_are_the_live_revisions_of_each_account(mediawiki):
    for name, seeded in mediawiki.users.items():
        contributions, follow = 0, {}
        while True:
            data = api(mediawiki, action="query", list="usercontribs", ucuser=name, uclimit="max", **follow)
            contributions += len(data["query"]["usercontribs"])
            if "continue" not in data:
                break
            follow = data["continue"]
        hidden = sum(1 for _, revision in mediawiki.revisions() if revision.user == name and revision.user_hidden)
        # A revision whose user is hidden drops out of public contributions but still counts as an edit.
        assert contributions + hidden == seeded.editcount, name


def test_seeded_accounts_can_sign_in(mediawiki):
    session = mediawiki.session(mw.DAVE)
    try:
        assert session.get(action="query", meta="userinfo")["query"]["userinfo"]["name"] == mw.DAVE
    finally:
        session.close()


def test_ip_edits_are_anonymous(mediawiki):
    assert set(mediawiki.ips) == {mw.IP4_A, mw.IP4_B, mw.IP6}
    contributions = api(mediawiki, action="query", list="usercontribs", ucuser=mw.IP4_A, uclimit="max")
    seeded = [revision for _, revision in mediawiki.revisions() if revision.user == mw.IP4_A]

    assert len(contributions["query"]["usercontribs"]) == len(seeded)
    assert all(contribution["userid"] == 0 for contribution in contributions["query"]["usercontribs"])


def test_a_deleted_revision_hides_its_user_and_text(mediawiki):
    page = mediawiki.pages["Photosynthesis"]
    deleted = [revision for revision in page.revisions if revision.deleted]
    assert len(deleted) == 1 and deleted[0].user == mw.COOLING

    data = api(mediawiki, action="query", prop="revisions", revids=deleted[0].revid,
               rvprop="ids|user|size|sha1|content|timestamp", rvslots="main")
    revision = data["query"]["pages"][0]["revisions"][0]

    assert revision["userhidden"] is True and "user" not in revision
    assert revision["sha1hidden"] is True and "sha1" not in revision
    assert revision["slots"]["main"]["texthidden"] is True and "content" not in revision["slots"]["main"]
    assert revision["size"] == deleted[0].size  # the size stays public
    # (Other tests delete revisions of pages of their own: only this page's log is the seed's.)
    log = api(mediawiki, action="query", list="logevents", leaction="delete/revision", letitle="Photosynthesis")
    assert [event["title"] for event in log["query"]["logevents"]] == ["Photosynthesis"]


def test_recent_changes_hold_the_recent_history(mediawiki):
    data = api(mediawiki, action="query", list="recentchanges", rclimit="max", rcprop="ids|user|tags|flags|timestamp",
               rctype="edit|new")
    changes = {change["revid"]: change for change in data["query"]["recentchanges"]}
    recent = [revision for _, revision in mediawiki.revisions()
              if mediawiki.now - revision.timestamp < dt.timedelta(days=89) and not revision.user_hidden]

    assert {revision.revid for revision in recent} <= set(changes)
    for revision in recent:
        assert changes[revision.revid]["bot"] == (revision.user == mw.BOT), revision
    rollback = mediawiki.pages["Solar System"].latest
    assert changes[rollback.revid]["tags"] == ["mw-rollback"]


def test_a_large_wiki_imports_from_one_dump():
    with mw.large_wiki(articles=4, revisions=90, accounts=12) as wiki:
        statistics = api(wiki, action="query", meta="siteinfo", siprop="statistics")["query"]["statistics"]
        revisions, _ = all_revisions(wiki, wiki.titles[0])
        accounts = [name for name in wiki.editcounts if name in wiki.users]
        users = api(wiki, action="query", list="users", ususers="|".join(accounts), usprop="editcount")

        assert statistics["edits"] == 90 + 1  # and the installer's Main Page
        assert statistics["articles"] == 4 + 1
        assert len(revisions) == wiki.revisions_per_title[wiki.titles[0]] == 23
        assert {user["name"]: user["editcount"] for user in users["query"]["users"]} == {
            name: wiki.editcounts[name] for name in accounts}
        ages = [wiki.now - dt.datetime.strptime(r["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
                for r in revisions]
        assert max(ages) < dt.timedelta(days=4 * 365 + 1)
    with pytest.raises(httpx.HTTPError):
        httpx.get(wiki.api_url, timeout=2)
    assert not wiki.wiki.folder.exists()
