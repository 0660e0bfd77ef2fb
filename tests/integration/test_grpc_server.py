"""The gRPC bootstrap: identity required, rich errors, health, reflection, request ids, SIGTERM."""
import asyncio
import json
import os
import signal
import sys

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from grpc_status import rpc_status

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.services.devstack.ports import free_port, wait_for_port
from eventcenter.services.kernel.identity import Identity, bearer_metadata, issue_token
from tests.conftest import SECRET
from tests.people import md, person


@pytest.mark.parametrize("metadata", [
    (),
    (("authorization", "Bearer not-a-token"),),
    bearer_metadata(issue_token(Identity(5, "Eve"), "another-secret-that-is-long-enough-to-sign")),
    bearer_metadata(issue_token(Identity(5, "Eve"), SECRET, ttl_seconds=-10)),
])
async def test_calls_without_a_valid_identity_token_are_unauthenticated(stub, metadata):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.ListQuestions(api.ListQuestionsRequest(), metadata=metadata)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    info = error_details_pb2.ErrorInfo()
    rpc_status.from_call(caught.value).details[0].Unpack(info)
    assert info.reason == "INVALID_IDENTITY_TOKEN" and info.domain == "eventcenter"


async def test_errors_carry_a_localized_message_in_the_callers_language(stub):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GetEvent(api.GetEventRequest(event_id=987654321),
                            metadata=(*md(person()), ("accept-language", "fr")))
    localized = error_details_pb2.LocalizedMessage()
    for detail in rpc_status.from_call(caught.value).details:
        if detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
            detail.Unpack(localized)
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert localized.locale == "fr" and localized.message and localized.message != caught.value.details()


async def test_non_positive_ids_are_invalid_arguments(stub):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.GetEvent(api.GetEventRequest(event_id=0), metadata=md(person()))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_texts_with_a_nul_character_are_refused_naming_each_field_and_nothing_is_created(stub):
    from tests import builders
    from tests.people import organizer

    ada = organizer()
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.create(stub, md(ada), description="bad\x00text", wikis=["enwiki", "fr\x00wiki"])
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad_request = error_details_pb2.BadRequest()
    for detail in rpc_status.from_call(caught.value).details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            detail.Unpack(bad_request)
    assert sorted(v.field for v in bad_request.field_violations) == ["event.description", "event.wikis"]
    mine = await stub.ListEventsByOrganizer(api.ListEventsByOrganizerRequest(user_id=ada.user_id), metadata=md(ada))
    assert not mine.events


async def test_health_and_reflection_need_no_token(channel):
    health = health_pb2_grpc.HealthStub(channel)
    answer = await health.Check(
        health_pb2.HealthCheckRequest(service="eventcenter.registration.v1.RegistrationService")
    )
    assert answer.status == health_pb2.HealthCheckResponse.SERVING
    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
    responses = reflection.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    async for response in responses:
        names = {s.name for s in response.list_services_response.service}
        assert "eventcenter.registration.v1.RegistrationService" in names
        break


async def test_request_id_is_taken_from_the_caller_and_echoed(stub):
    call = stub.ListQuestions(api.ListQuestionsRequest(), metadata=(*md(person()), ("x-request-id", "trace-me-42")))
    await call
    assert dict(await call.trailing_metadata())["x-request-id"] == "trace-me-42"
    # A refusal carries it too, beside its details.
    refused = stub.GetEvent(api.GetEventRequest(event_id=987654321987), metadata=(*md(person()),
                                                                                  ("x-request-id", "trace-me-43")))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await refused
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    assert dict(caught.value.trailing_metadata())["x-request-id"] == "trace-me-43"
    assert "grpc-status-details-bin" in dict(caught.value.trailing_metadata())


async def test_serve_stops_gracefully_on_sigterm(registration_settings):
    port = free_port()
    env = {
        **os.environ,
        "EVENTCENTER_DATABASE_URL": registration_settings.database_url,
        "EVENTCENTER_NATS_URL": registration_settings.nats_url,
        "EVENTCENTER_NATS_USER": registration_settings.nats_user,
        "EVENTCENTER_NATS_PASSWORD": registration_settings.nats_password.get_secret_value(),
        "EVENTCENTER_GRPC_ADDRESS": f"127.0.0.1:{port}",
        "EVENTCENTER_IDENTITY_SECRET": SECRET,
        "EVENTCENTER_LOG_LEVEL": "info",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "eventcenter.services.cli", "serve", "registration", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.to_thread(wait_for_port, "127.0.0.1", port, 30)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = registration_service_pb2_grpc.RegistrationServiceStub(channel)
            questions = await stub.ListQuestions(api.ListQuestionsRequest(),
                                                 metadata=(*md(person()), ("x-request-id", "sigterm-test-7")))
            assert len(questions.questions) == 5
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
    logs = (await process.stderr.read()).decode()
    assert code == 0, logs
    lines = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    assert any(e.get("event") == "rpc" and e.get("request_id") == "sigterm-test-7" for e in lines)
    assert lines[-1]["event"] == "service_stopped"
