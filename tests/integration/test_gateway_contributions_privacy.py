"""A private participant's edit on every surface of the gateway, against the real services and the local wiki: an
outsider (anonymous, another user, a public participant, an organizer of other events) finds its revision and
page in none of the REST list, the contributions page (nor its chart), the event's, program's and campaign's CSVs,
the program's and campaign's pages or the Prometheus metrics, and its author's name nowhere; it counts in every
total. The participant, the event's organizer and an admin are shown it (a blocked organizer or admin is not:
test_contributions_privacy.py). An organizer who tries to attach it is told, in MediaWiki's error
shape, that it is the participant's to associate."""
import asyncio
import re
import uuid

import prometheus_client
from prometheus_client.parser import text_string_to_metric_families

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.sign_in.dev import dev_identity
from tests.integration.test_campaigns import new_program
from tests.integration.test_contributions import FIRST, edit
from tests.integration.test_contributions_privacy import private_and_public_edits
from tests.integration.test_gateway_contributions import parsed
from tests.integration.test_rest_events import sign_in
from tests.people import md
from tests.permissions_table import SECRETS

API = "/campaignevents/v0"
# Who may see the edit: as docs/permissions.md says (its actors: the participant, the event's organizers, admins).
SEEN_BY = next(s.seen_by for s in SECRETS if s.name.startswith("private participant's edits"))
# One bar of the chart a day: "<title>2026-05-01: Edits 2, Bytes added 300</title>".
CHART_DAY = re.compile(r"<title>[0-9-]+: Edits (\d+), Bytes added (\d+)</title>")


def label_values() -> set[str]:
    text = prometheus_client.generate_latest().decode()
    return {value for family in text_string_to_metric_families(text) for sample in family.samples
            for value in sample.labels.values()}


async def test_no_surface_shows_a_private_participants_edit_to_outsiders(
        gateway, http, stub, clock, contributions, contributions_stub, mediawiki):
    olga = dev_identity(f"Olga privacy {uuid.uuid4().hex[:8]}", ["event-organizer"], False)
    made = await private_and_public_edits(stub, clock, contributions_stub, mediawiki, olga, private_edits=1,
                                          public_edits=1, identity=lambda name: dev_identity(name, [], False))
    campaign, program = await new_program(stub, olga)
    await stub.SetEventProgram(api.SetEventProgramRequest(event_id=made.event.id, program_id=program.id),
                               metadata=md(olga))
    event_id, private_rev, public_rev = made.event.id, made.private_revs[0], made.public_revs[0]
    secrets = (made.titles[private_rev], made.pia.name)
    people = {  # by the permission matrix's actors
        "anonymous": {}, "user": (await sign_in(http))["headers"],
        "public": (await sign_in(http, made.paul.name))["headers"],
        "organizer": (await sign_in(http, groups=["event-organizer"]))["headers"],
        "private": (await sign_in(http, made.pia.name))["headers"],
        "creator": (await sign_in(http, olga.name, groups=["event-organizer"]))["headers"],
        "admin": (await sign_in(http, groups=["sysop"]))["headers"],
    }
    assert {"private", "creator", "admin"} <= set(SEEN_BY) and not {"anonymous", "user", "public"} & set(SEEN_BY)

    for who, headers in people.items():
        outsider = who not in SEEN_BY
        shown_revs = [public_rev] if outsider else [private_rev, public_rev]
        texts = []

        listed = await http.get(f"{API}/event/{event_id}/contributions", headers=headers)
        assert [c["rev_id"] for c in listed.json()["contributions"]] == shown_revs, who
        assert listed.json()["hidden_private"] == (1 if outsider else 0), who
        texts.append(listed.text)

        for path, column in ((f"/event/{event_id}/contributions.csv", 1),
                             (f"/programs/{program.id}/contributions.csv", 2),
                             (f"/campaigns/{campaign.id}/contributions.csv", 2)):
            answer = await http.get(path, headers=headers)
            assert [int(row[column]) for row in parsed(answer)[1:]] == shown_revs, (who, path)
            texts.append(answer.text)

        page = await http.get(f"/event/{event_id}/contributions", headers=headers)
        assert page.status_code == 200, page.text
        assert (f"testwiki: {made.titles[private_rev]} ({private_rev})" in page.text) is not outsider, who
        assert f"testwiki: {made.titles[public_rev]} ({public_rev})" in page.text, who
        assert ('id="hidden-private"' in page.text) is outsider, who
        assert [sum(int(day[0]) for day in CHART_DAY.findall(page.text)),
                sum(int(day[1]) for day in CHART_DAY.findall(page.text))] == [
            len(shown_revs), len(shown_revs) * len(FIRST)], who  # the chart draws what the reader is shown
        texts.append(page.text)

        for path in (f"{API}/event/{event_id}/metrics", f"{API}/programs/{program.id}/metrics",
                     f"{API}/campaigns/{campaign.id}/metrics"):
            answer = await http.get(path, headers=headers)
            assert (answer.json()["edits"], answer.json()["participants"]) == (2, 2), (who, path)
            texts.append(answer.text)
        for path in (f"/event/{event_id}/metrics.csv", f"/programs/{program.id}", f"/campaigns/{campaign.id}"):
            answer = await http.get(path, headers=headers)
            assert answer.status_code == 200, (who, path)
            texts.append(answer.text)

        if outsider:
            assert 'id="hidden-private"' in page.text and "1 edit by a private participant" in page.text
            assert not [s for s in secrets for text in texts if s in text], who

    labels = label_values()
    assert not {value for value in labels if any(s in value for s in secrets)} and str(private_rev) not in labels


async def test_an_organizer_attaching_a_private_participants_edit_is_refused_in_mediawikis_shape(
        http, stub, clock, contributions, contributions_stub, mediawiki):
    olga = dev_identity(f"Olga privacy {uuid.uuid4().hex[:8]}", ["event-organizer"], False)
    olga_rest = await sign_in(http, olga.name, groups=["event-organizer"])
    made = await private_and_public_edits(stub, clock, contributions_stub, mediawiki, olga, private_edits=0,
                                          public_edits=0, identity=lambda name: dev_identity(name, [], False))
    rev_id = await asyncio.to_thread(edit, mediawiki.api_url, made.pia.name, made.pia_password,
                                     f"Privacy page {made.event.id}", FIRST)
    for language, words in (("en", "takes part in event"), ("fr", "en privé"), ("ar", "بشكل خاص")):
        answer = await http.post(f"{API}/event/{made.event.id}/contributions", json={"wiki": "testwiki",
                                 "rev_id": rev_id}, headers={**olga_rest["headers"], "accept-language": language})
        body = answer.json()
        assert (answer.status_code, body["errorKey"], body["httpReason"]) == (
            403, "eventcenter-private-participant-edit", "Forbidden"), body
        assert words in body["messageTranslations"][language], body
    mine = await http.post(f"{API}/event/{made.event.id}/contributions", json={"wiki": "testwiki", "rev_id": rev_id},
                           headers=(await sign_in(http, made.pia.name))["headers"])
    assert mine.status_code == 201 and mine.json()["private"] is True
