"""The gateway's service clients: each typed face matches its .proto, and a call carries the caller, the deadline and
the service's refusal as an ApiError."""
import importlib
import typing

import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.clients.calls import ServiceCalls
from eventcenter.services.gateway.clients.channels import ServiceChannels
from eventcenter.services.gateway.clients.tokens import IdentityTokens
from eventcenter.services.gateway.context import CallContext
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.kernel.identity import METADATA_KEY, Identity, verify_token

SECRET = "s" * 40
ADA = Identity(7, "Ada")
SERVICES = {"registration": "RegistrationService", "collaboration": "CollaborationService",
            "invitations": "InvitationsService", "notifications": "NotificationsService",
            "contributions": "ContributionsService"}


@pytest.mark.parametrize("service", SERVICES)
def test_each_typed_face_has_every_rpc_of_its_proto_with_its_request_and_reply(service):
    generated = importlib.import_module(f"eventcenter.{service}.v1.{service}_service_pb2")
    typed = getattr(importlib.import_module(f"eventcenter.services.gateway.clients.{service}"), SERVICES[service])
    rpcs = generated.DESCRIPTOR.services_by_name[SERVICES[service]].methods
    assert {name for name in vars(typed) if name[0].isupper()} == {rpc.name for rpc in rpcs}
    for rpc in rpcs:
        hints = typing.get_type_hints(getattr(typed, rpc.name))
        assert hints["request"].DESCRIPTOR.full_name == rpc.input_type.full_name, rpc.name
        assert hints["return"].DESCRIPTOR.full_name == rpc.output_type.full_name, rpc.name


class Recording:
    """A channel that records the calls made on it and answers each with `answer`, or raises `error`."""

    def __init__(self, answer=None, error: Exception | None = None) -> None:
        self.answer, self.error = answer, error
        self.made: list[str] = []
        self.calls: list[tuple[str, object, dict, float]] = []

    def unary_unary(self, name, request_serializer=None, response_deserializer=None, _registered_method=False):
        self.made.append(name)

        async def method(request, metadata, timeout):
            self.calls.append((name, request, dict(metadata), timeout))
            if self.error is not None:
                raise self.error
            return self.answer

        return method


def channels_on(channel: Recording) -> ServiceChannels:
    channels = ServiceChannels({}, SECRET, timeout=5.0)
    channels.services["registration"] = ServiceCalls(channel, IdentityTokens(SECRET), timeout=5.0)  # type: ignore
    return channels


def context(channel: Recording | ServiceChannels, identity: Identity = ADA) -> CallContext:
    channels = channel if isinstance(channel, ServiceChannels) else channels_on(channel)
    return CallContext(identity, "fr", "req-1", channels)


async def test_a_call_carries_the_callers_identity_language_request_id_and_the_deadline():
    channel = Recording(answer=pb.Event(id=3))
    ctx = context(channel)
    assert (await ctx.registration.GetEvent(api.GetEventRequest(event_id=3))).id == 3
    await ctx.registration.GetUser(api.GetUserRequest(user_id=7), timeout=0.5)
    (name, request, metadata, timeout), (_, _, _, shorter) = channel.calls
    assert name == "/eventcenter.registration.v1.RegistrationService/GetEvent"
    assert request == api.GetEventRequest(event_id=3) and (timeout, shorter) == (5.0, 0.5)
    assert verify_token(metadata[METADATA_KEY].removeprefix("Bearer "), SECRET) == ADA
    assert (metadata["accept-language"], metadata["x-request-id"]) == ("fr", "req-1")


async def test_the_channels_callable_of_each_rpc_is_made_once_for_every_caller():
    channel = Recording(answer=pb.Event())
    channels = channels_on(channel)
    for user_id in (1, 2):
        await context(channels, Identity(user_id, f"P{user_id}")).registration.GetEvent(api.GetEventRequest())
    assert [verify_token(metadata[METADATA_KEY].removeprefix("Bearer "), SECRET).user_id
            for _, _, metadata, _ in channel.calls] == [1, 2]
    assert channel.made.count("/eventcenter.registration.v1.RegistrationService/GetEvent") == 1
    assert len(channel.made) == len(set(channel.made))


async def test_a_refusal_is_raised_as_the_gateways_error():
    refused = grpc.aio.AioRpcError(grpc.StatusCode.NOT_FOUND, grpc.aio.Metadata(), grpc.aio.Metadata(), "no event")
    with pytest.raises(ApiError) as raised:
        await context(Recording(error=refused)).registration.GetEvent(api.GetEventRequest(event_id=3))
    assert (raised.value.status, raised.value.messages["en"]) == (404, "no event")


async def test_a_service_failure_says_only_that_it_is_unavailable_in_the_callers_language():
    failed = grpc.aio.AioRpcError(grpc.StatusCode.INTERNAL, grpc.aio.Metadata(), grpc.aio.Metadata(), "stack trace")
    with pytest.raises(ApiError) as raised:
        await context(Recording(error=failed)).registration.GetEvent(api.GetEventRequest(event_id=3))
    assert raised.value.status == 500 and raised.value.key == "eventcenter-service-unavailable"
    assert "stack trace" not in str(raised.value.messages) and set(raised.value.messages) == {"en", "fr"}
