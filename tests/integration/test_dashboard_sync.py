"""Sync with a Programs & Events Dashboard course against a local Dashboard (tests/dashboard_server.py) and the real
registration and contributions services: a dry run then the real link, the public participants sent on every
change, unlink and deletion unsync, the Dashboard's error codes in plain words, and a Dashboard that is down never
blocks a registration: the list arrives once it is back."""
import asyncio
import uuid

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.registration.v1 import registration_service_pb2 as rapi
from eventcenter.services.contributions.adapters import links
from eventcenter.services.contributions.domain import dashboard as rules
from eventcenter.services.kernel.i18n import translate
from tests import builders
from tests.people import md, organizer, person
from tests.waiting import eventually

SECRET = "course-secret"


def slug() -> str:
    return f"Test_School/Course_{uuid.uuid4().hex[:8]}"


async def copied_event(contributions_stub, event_id: int, participants: int = 0) -> None:
    """Waits for the contributions service's copy of the event (from the stream) to hold its participants."""
    async def check():
        try:
            found = await contributions_stub.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event_id),
                                                             metadata=md(person()))
            return found.participants == participants
        except grpc.aio.AioRpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:
                raise
            return False
    await eventually(check)


def link(contributions_stub, who, event_id: int, server, course: str, secret: str = SECRET):
    return contributions_stub.LinkDashboardCourse(capi.LinkDashboardCourseRequest(
        event_id=event_id, dashboard_url=server.url, course_slug=course, secret=secret), metadata=md(who))


def get_link(contributions_stub, who, event_id: int):
    return contributions_stub.GetDashboardLink(capi.GetDashboardLinkRequest(event_id=event_id), metadata=md(who))


def error_info(error: grpc.aio.AioRpcError) -> error_details_pb2.ErrorInfo:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info
    raise AssertionError("no ErrorInfo")


def bad_request(error: grpc.aio.AioRpcError) -> error_details_pb2.BadRequest:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            found = error_details_pb2.BadRequest()
            detail.Unpack(found)
            return found
    raise AssertionError("no BadRequest")


async def refused(call) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    return raised.value


async def linked_event(stub, contributions_stub, server, participants=()) -> tuple:
    """An event with (public or private) participants, linked with a new course the organizer facilitates."""
    ada = organizer()
    event = await builders.create(stub, md(ada))
    for who, private in participants:
        await builders.register(stub, md(who), event.id, private=private)
    await copied_event(contributions_stub, event.id, len(participants))
    course = slug()
    server.add_course(course, SECRET, [ada.name])
    await link(contributions_stub, ada, event.id, server, course)
    return ada, event, course


def participants_are(server, course: str, names) -> callable:
    return lambda: server.course(course).participants == sorted(names)


async def test_link_dry_run_then_real_then_public_participants_on_every_change(
        stub, contributions_stub, dashboard, quick_dashboard_retries):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    bea, cy, dee = person(), person(), person()
    await builders.register(stub, md(bea), event.id)
    await builders.register(stub, md(cy), event.id, private=True)
    await copied_event(contributions_stub, event.id, 2)
    course = slug()
    dashboard.add_course(course, SECRET, [ada.name])

    made = await link(contributions_stub, ada, event.id, dashboard, course)

    calls = [(r.action, r.payload.get("dry_run")) for r in dashboard.received(course)]
    assert calls == [("confirm_event_sync", True), ("confirm_event_sync", False),
                     ("update_event_participants", False)]
    confirm = dashboard.received(course, "confirm_event_sync")[0].payload
    assert confirm["event_id"] == event.id and confirm["organizer_usernames"] == [ada.name]
    assert confirm["secret"] == SECRET
    assert dashboard.course(course).participants == [bea.name]  # the private one is not sent
    assert (made.course_slug, made.dashboard_url, made.last_error) == (course, dashboard.url, "")
    assert made.HasField("last_sync_time") and not made.sync_pending
    assert SECRET not in str(made) and "secret" not in capi.DashboardLink.DESCRIPTOR.fields_by_name

    await builders.register(stub, md(dee), event.id)  # a new public participant
    await eventually(participants_are(dashboard, course, [bea.name, dee.name]))
    await builders.register(stub, md(bea), event.id, private=True)  # public -> private
    await eventually(participants_are(dashboard, course, [dee.name]))
    await builders.register(stub, md(cy), event.id, private=False)  # private -> public
    await eventually(participants_are(dashboard, course, [cy.name, dee.name]))
    await stub.CancelRegistration(rapi.CancelRegistrationRequest(event_id=event.id), metadata=md(dee))
    await eventually(participants_are(dashboard, course, [cy.name]))
    await stub.RemoveParticipants(rapi.RemoveParticipantsRequest(event_id=event.id, user_ids=[cy.user_id]),
                                  metadata=md(ada))
    await eventually(participants_are(dashboard, course, []))
    shown = await get_link(contributions_stub, ada, event.id)
    assert shown.last_error == "" and shown.failed_attempts == 0

    # Only organizers see or change the link.
    someone = person()
    assert (await refused(get_link(contributions_stub, someone, event.id))).code() == grpc.StatusCode.PERMISSION_DENIED
    assert (await refused(contributions_stub.UnlinkDashboardCourse(capi.UnlinkDashboardCourseRequest(
        event_id=event.id), metadata=md(someone)))).code() == grpc.StatusCode.PERMISSION_DENIED

    await contributions_stub.UnlinkDashboardCourse(capi.UnlinkDashboardCourseRequest(event_id=event.id),
                                                   metadata=md(ada))
    assert dashboard.course(course).event_id is None
    assert [r.action for r in dashboard.received(course)][-1] == "unsync_event"
    assert (await refused(get_link(contributions_stub, ada, event.id))).code() == grpc.StatusCode.NOT_FOUND


async def test_a_change_is_sent_once_however_many_senders_try_at_once(
        stub, contributions_stub, contributions, dashboard, quick_dashboard_retries):
    ada, event, course = await linked_event(stub, contributions_stub, dashboard)
    sent_before = len(dashboard.received(course, "update_event_participants"))
    async with contributions.sessions() as session, session.begin():
        assert await links.participants_changed(session, event.id)

    # The background loop (every 0.2 s here) and five more calls: one of them claims the link, the rest skip it.
    await asyncio.gather(*(quick_dashboard_retries.sync_event(event.id) for _ in range(5)))
    await eventually(lambda: dashboard.received(course, "update_event_participants")[sent_before:])
    await asyncio.sleep(0.5)  # time for a second send, were there one
    assert len(dashboard.received(course, "update_event_participants")) == sent_before + 1


async def test_deleting_the_event_unsyncs_the_course(stub, contributions_stub, dashboard, quick_dashboard_retries):
    bea = person()
    ada, event, course = await linked_event(stub, contributions_stub, dashboard, [(bea, False)])
    assert dashboard.course(course).event_id == event.id
    await stub.DeleteEvent(rapi.DeleteEventRequest(event_id=event.id), metadata=md(ada))
    await eventually(lambda: dashboard.course(course).event_id is None)
    assert dashboard.received(course)[-1].action == "unsync_event"


async def test_a_second_link_of_the_event_is_refused(stub, contributions_stub, dashboard, quick_dashboard_retries):
    ada, event, course = await linked_event(stub, contributions_stub, dashboard)
    other = slug()
    dashboard.add_course(other, SECRET, [ada.name])
    error = await refused(link(contributions_stub, ada, event.id, dashboard, other))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(error).reason == "DASHBOARD_ALREADY_LINKED"
    assert dashboard.received(other) == []


@pytest.mark.parametrize("code, grpc_code", [
    ("invalid_secret", grpc.StatusCode.INVALID_ARGUMENT),
    ("course_not_found", grpc.StatusCode.INVALID_ARGUMENT),
    ("not_organizer", grpc.StatusCode.FAILED_PRECONDITION),
    ("already_in_use", grpc.StatusCode.FAILED_PRECONDITION),
    ("sync_already_enabled", grpc.StatusCode.FAILED_PRECONDITION),
])
async def test_the_dashboards_refusals_of_a_link_in_plain_words(stub, contributions_stub, dashboard, code, grpc_code):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    await copied_event(contributions_stub, event.id)
    course, secret = slug(), SECRET
    dashboard.add_course(course, SECRET, [ada.name])
    if code == "invalid_secret":
        secret = "not-the-secret"
    elif code == "course_not_found":
        course = slug()
    elif code == "not_organizer":
        dashboard.add_course(course, SECRET, ["Someone Else"])
    elif code == "already_in_use":
        dashboard.course(course).event_id = event.id + 10**9
    elif code == "sync_already_enabled":
        dashboard.course(course).event_id = event.id

    error = await refused(link(contributions_stub, ada, event.id, dashboard, course, secret))

    assert error.code() == grpc_code
    info = error_info(error)
    assert (info.reason, info.metadata["dashboard_code"]) == ("DASHBOARD_" + code.upper(), code)
    assert translate(rules.message_key(code), "en", course_slug=course) in error.details()
    assert [r.payload["dry_run"] for r in dashboard.received(course)] in ([True], [])  # stopped at the dry run
    assert (await refused(get_link(contributions_stub, ada, event.id))).code() == grpc.StatusCode.NOT_FOUND


async def test_a_refusal_during_a_background_sync_is_shown_on_the_link(
        stub, contributions_stub, dashboard, quick_dashboard_retries):
    ada, event, course = await linked_event(stub, contributions_stub, dashboard)
    dashboard.course(course).event_id = None  # the course was unsynced on the Dashboard's side
    await builders.register(stub, md(person()), event.id)

    async def failed():
        shown = await get_link(contributions_stub, ada, event.id)
        return shown if shown.last_error_code else None
    shown = await eventually(failed)
    assert shown.last_error_code == "sync_not_enabled"
    assert shown.last_error == translate("error-dashboard-sync-not-enabled", "en", course_slug=course)
    assert shown.failed_attempts == 1 and not shown.sync_pending  # not retried until the next change
    french = await contributions_stub.GetDashboardLink(capi.GetDashboardLinkRequest(event_id=event.id),
                                                       metadata=(*md(ada), ("accept-language", "fr")))
    assert french.last_error == translate("error-dashboard-sync-not-enabled", "fr", course_slug=course)


@pytest.mark.parametrize("refuse", [True, False], ids=["connection-refused", "503"])
async def test_a_dashboard_that_is_down_blocks_no_registration(
        stub, contributions_stub, dashboard, quick_dashboard_retries, refuse):
    ada, event, course = await linked_event(stub, contributions_stub, dashboard)
    bea = person()
    dashboard.down(refuse=refuse)
    try:
        answer = await builders.register(stub, md(bea), event.id)
        assert answer.modified

        async def failing():
            shown = await get_link(contributions_stub, ada, event.id)
            return shown if shown.last_error_code == "unavailable" and shown.failed_attempts >= 2 else None
        shown = await eventually(failing)
        assert shown.sync_pending
        assert shown.last_error == translate("error-dashboard-unavailable", "en", course_slug=course)
        await copied_event(contributions_stub, event.id, 1)  # the consumer went on
    finally:
        dashboard.up()
    await eventually(participants_are(dashboard, course, [bea.name]))

    async def recovered():
        shown = await get_link(contributions_stub, ada, event.id)
        return shown if not shown.last_error and not shown.sync_pending else None
    assert (await eventually(recovered)).failed_attempts == 0


async def test_linking_while_the_dashboard_is_down_is_unavailable(stub, contributions_stub, dashboard):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    await copied_event(contributions_stub, event.id)
    course = slug()
    dashboard.add_course(course, SECRET, [ada.name])
    dashboard.down()
    error = await refused(link(contributions_stub, ada, event.id, dashboard, course))
    assert error.code() == grpc.StatusCode.UNAVAILABLE
    assert error_info(error).reason == "DASHBOARD_UNAVAILABLE"
    assert (await refused(get_link(contributions_stub, ada, event.id))).code() == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
async def test_a_dashboard_off_the_operators_list_is_refused_and_never_called(
        stub, contributions_stub, contributions, language):
    """Another server answering as a Dashboard would: the course's secret never reaches it, nothing is stored."""
    from tests.dashboard_server import FakeDashboard

    ada = organizer()
    event = await builders.create(stub, md(ada))
    await copied_event(contributions_stub, event.id)
    course = slug()
    elsewhere = FakeDashboard().start()  # on another port than the allowed local Dashboard
    try:
        elsewhere.add_course(course, SECRET, [ada.name])
        error = await refused(contributions_stub.LinkDashboardCourse(capi.LinkDashboardCourseRequest(
            event_id=event.id, dashboard_url=elsewhere.url, course_slug=course, secret=SECRET),
            metadata=(*md(ada), ("accept-language", language))))
        assert elsewhere.requests == []
    finally:
        elsewhere.stop()
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    [violation] = bad_request(error).field_violations
    allowed = ", ".join(sorted(contributions.dashboard.allowed))
    assert "https://outreachdashboard.wmflabs.org" in allowed
    assert violation.field == "dashboard_url"
    assert violation.localized_message.message == translate("violation-dashboard-url-not-allowed", language,
                                                            allowed=allowed)
    assert (await refused(get_link(contributions_stub, ada, event.id))).code() == grpc.StatusCode.NOT_FOUND


async def test_a_link_made_before_the_list_sends_nothing_and_can_be_unlinked(
        stub, contributions_stub, contributions, quick_dashboard_retries):
    from tests.dashboard_server import FakeDashboard

    ada = organizer()
    event = await builders.create(stub, md(ada))
    await copied_event(contributions_stub, event.id)
    course = slug()
    elsewhere = FakeDashboard().start()
    try:
        elsewhere.add_course(course, SECRET, [ada.name])
        elsewhere.course(course).event_id = event.id
        now = contributions.now()
        async with contributions.sessions() as session, session.begin():  # as an earlier release stored it
            assert await links.add(session, event.id, elsewhere.url, course, SECRET, ada.user_id, now, now)
        await builders.register(stub, md(person()), event.id)  # a change to send

        async def refused_to_send():
            shown = await get_link(contributions_stub, ada, event.id)
            return shown if shown.last_error_code else None
        shown = await eventually(refused_to_send)
        assert shown.last_error_code == "not_allowed" and not shown.sync_pending
        assert shown.last_error == translate("error-dashboard-not-allowed", "en", course_slug=course)
        await contributions_stub.UnlinkDashboardCourse(capi.UnlinkDashboardCourseRequest(event_id=event.id),
                                                       metadata=md(ada))
        assert elsewhere.requests == []
    finally:
        elsewhere.stop()
    assert (await refused(get_link(contributions_stub, ada, event.id))).code() == grpc.StatusCode.NOT_FOUND
