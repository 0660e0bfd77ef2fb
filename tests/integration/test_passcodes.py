"""Passcodes (issue 21, item 7): at least 6 characters when set; at most 10 wrong tries per person and event in 10
minutes, counted in registration's database so that every replica sees them, then RESOURCE_EXHAUSTED with the
wait (REST 429 with Retry-After; the page says it in the reader's language). Events whose shorter passcode was set
before keep it."""
import asyncio
import datetime

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy import update

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.services.registration.adapters.tables import events
from eventcenter.services.registration.bootstrap import RegistrationService
from eventcenter.services.registration.domain import passcodes
from tests import builders
from tests.integration.test_events_api import reason, violations
from tests.people import md, organizer, person

PASSCODE = "owl-42"


def retry_delay(error: grpc.aio.AioRpcError) -> datetime.timedelta | None:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            detail.Unpack(retry)
            return retry.retry_delay.ToTimedelta()
    return None


def localized(error: grpc.aio.AioRpcError) -> tuple[str, str]:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
            message = error_details_pb2.LocalizedMessage()
            detail.Unpack(message)
            return message.locale, message.message
    return "", ""


async def _try(stub, someone, event_id: int, passcode: str, language: str = "en") -> grpc.aio.AioRpcError | None:
    try:
        await builders.register(stub, (*md(someone), ("accept-language", language)), event_id, passcode=passcode)
    except grpc.aio.AioRpcError as error:
        return error
    return None


async def test_a_passcode_shorter_than_six_characters_is_refused_on_create_and_edit(stub):
    ada = organizer()
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.create(stub, (*md(ada), ("accept-language", "fr")), passcode="owl42")
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert list(violations(caught.value)) == ["event.passcode"]
    event = await builders.create(stub, md(ada), passcode=PASSCODE)
    event.passcode = "owl4"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))
    assert violations(caught.value) == {"event.passcode": "A passcode must be at least 6 characters long."}


async def test_an_event_whose_shorter_passcode_was_set_before_keeps_it_and_people_register_with_it(stub, registration):
    ada = organizer()
    event = await builders.create(stub, md(ada), passcode=PASSCODE)
    async with registration.sessions() as session, session.begin():  # as it was stored before the rule
        await session.execute(update(events).where(events.c.id == event.id).values(passcode="owl"))
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    seen.description = "Bring a laptop."  # an edit that leaves the passcode as it is
    assert (await stub.UpdateEvent(api.UpdateEventRequest(event=seen), metadata=md(ada))).passcode == "owl"
    assert (await builders.register(stub, md(person()), event.id, passcode="owl")).modified


async def test_ten_wrong_tries_then_even_the_right_passcode_waits_until_the_window_moves(stub, clock):
    ada, lior = organizer(), person()
    event = await builders.create(stub, md(ada), passcode=PASSCODE)
    other = await builders.create(stub, md(ada), passcode=PASSCODE)
    for number in range(passcodes.MAX_WRONG_TRIES):
        error = await _try(stub, lior, event.id, f"guess-{number}")
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED and reason(error) == "INCORRECT_PASSCODE"
        clock.advance(seconds=30)  # the tenth comes 4.5 minutes after the first
    limited = await _try(stub, lior, event.id, PASSCODE, language="fr")
    assert limited.code() == grpc.StatusCode.RESOURCE_EXHAUSTED and reason(limited) == "PASSCODE_TRIES_EXCEEDED"
    # The first wrong try was 5 minutes ago (as the service's clock goes): it leaves the window in 5.
    assert datetime.timedelta(minutes=4, seconds=30) < retry_delay(limited) <= datetime.timedelta(minutes=5)
    assert limited.details() == "Too many wrong passcodes. Try again in 5 minutes."
    assert localized(limited) == ("fr", "Trop de codes d’accès erronés. Réessayez dans 5 minutes.")
    assert await _try(stub, person(), event.id, PASSCODE) is None  # someone else is not held back
    assert await _try(stub, lior, other.id, PASSCODE) is None  # nor is the same person at another event
    clock.advance(seconds=retry_delay(limited).total_seconds() - 1)
    assert (await _try(stub, lior, event.id, PASSCODE)).code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    clock.advance(seconds=1)
    assert await _try(stub, lior, event.id, PASSCODE) is None


async def test_concurrent_wrong_tries_are_counted_one_at_a_time(stub):
    event = await builders.create(stub, md(organizer()), passcode=PASSCODE)
    lior = person()
    await builders.register(stub, md(lior), (await builders.create(stub, md(organizer()))).id)  # known here
    errors = await asyncio.gather(*(_try(stub, lior, event.id, f"guess-{n}") for n in range(25)))
    codes = [e.code() for e in errors]
    assert codes.count(grpc.StatusCode.PERMISSION_DENIED) == passcodes.MAX_WRONG_TRIES
    assert codes.count(grpc.StatusCode.RESOURCE_EXHAUSTED) == 25 - passcodes.MAX_WRONG_TRIES


@pytest.fixture
async def second_replica(registration_settings, registration):
    """Another registration service on the same database, its clock where the first one's is."""
    service = RegistrationService(registration_settings, run_timers=False)
    service.clock.offset = registration.clock.offset
    port = await service.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield registration_service_pb2_grpc.RegistrationServiceStub(channel)
    await service.stop()


async def test_every_replica_sees_the_same_count(stub, second_replica):
    event = await builders.create(stub, md(organizer()), passcode=PASSCODE)
    lior = person()
    for number in range(passcodes.MAX_WRONG_TRIES):
        replica = (stub, second_replica)[number % 2]
        assert (await _try(replica, lior, event.id, f"guess-{number}")).code() == grpc.StatusCode.PERMISSION_DENIED
    for replica in (stub, second_replica):
        assert (await _try(replica, lior, event.id, PASSCODE)).code() == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_rest_answers_429_in_the_mediawiki_shape_with_retry_after(http):
    from tests.integration.test_rest_events import event_body, sign_in

    ada, lior = await sign_in(http, groups=["event-organizer"]), await sign_in(http)
    event_id = (await http.post("/campaignevents/v0/event_registration", json=event_body(passcode=PASSCODE),
                                headers=ada["headers"])).json()["id"]
    url = f"/campaignevents/v0/event_registration/{event_id}/participants/self"
    for number in range(passcodes.MAX_WRONG_TRIES):
        wrong = await http.put(url, json={"is_private": False, "passcode": f"guess-{number}"}, headers=lior["headers"])
        assert wrong.status_code == 403, wrong.text
    limited = await http.put(url, params={"uselang": "ar"}, json={"is_private": False, "passcode": PASSCODE},
                             headers=lior["headers"])
    assert limited.status_code == 429, limited.text
    body = limited.json()
    assert body["httpCode"] == 429 and body["httpReason"] == "Too Many Requests"
    assert body["errorKey"] == "eventcenter-passcode-tries-exceeded"
    assert "10 minutes" in body["messageTranslations"]["en"] and "دقائق" in body["messageTranslations"]["ar"]
    assert 540 < int(limited.headers["retry-after"]) <= 600
    short = await http.post("/campaignevents/v0/event_registration", json=event_body(passcode="owl"),
                            headers=ada["headers"])
    assert short.status_code == 400 and short.json()["fieldViolations"][0]["field"] == "event.passcode"
