"""A service call as the request's caller: a deadline, the caller's signed identity, language and request id in its
metadata, a client span that continues the request's trace, and a refusal raised as the gateway's ApiError.

A generated stub (`RegistrationServiceStub(channel)`) asks its channel for one callable per rpc. Built on a
CallerChannel, its callables make such calls, so a route calls the generated stub's method itself."""
from collections.abc import Callable
from typing import Any, Protocol

import grpc

from eventcenter.services.gateway.clients.tokens import IdentityTokens
from eventcenter.services.gateway.errors import from_grpc
from eventcenter.services.kernel.identity import Identity, bearer_metadata
from eventcenter.services.kernel.tracing import client_span, mark_grpc_outcome


class Caller(Protocol):
    """Whom a call is made for: the request's CallContext (context.py)."""

    identity: Identity
    language: str
    request_id: str


class ServiceCalls:
    """One service's channel, shared by every request, with the channel's callable of each rpc, made once."""

    def __init__(self, channel: grpc.aio.Channel, tokens: IdentityTokens, timeout: float) -> None:
        self.channel, self.tokens, self.timeout = channel, tokens, timeout
        self.methods: dict[str, grpc.aio.UnaryUnaryMultiCallable] = {}

    def method(self, name: str, request_serializer: Callable | None, response_deserializer: Callable | None,
               registered: bool | None) -> grpc.aio.UnaryUnaryMultiCallable:
        found = self.methods.get(name)
        if found is None:
            found = self.methods[name] = self.channel.unary_unary(name, request_serializer, response_deserializer,
                                                                  _registered_method=registered)
        return found

    def as_caller(self, caller: Caller) -> "CallerChannel":
        return CallerChannel(self, caller)


class CallerChannel:
    """What a generated stub asks of a channel, answered with methods that call the service as `caller`."""

    def __init__(self, calls: ServiceCalls, caller: Caller) -> None:
        self.calls, self.caller = calls, caller

    def unary_unary(self, method: str, request_serializer: Callable | None = None,
                    response_deserializer: Callable | None = None,
                    _registered_method: bool | None = False) -> "CallerMethod":
        return CallerMethod(method, self.calls.method(method, request_serializer, response_deserializer,
                                                      _registered_method), self)


class CallerMethod:
    """One rpc of a service (its full name: /eventcenter.registration.v1.RegistrationService/GetEvent), as a caller."""

    __slots__ = ("name", "method", "channel")

    def __init__(self, name: str, method: grpc.aio.UnaryUnaryMultiCallable, channel: CallerChannel) -> None:
        self.name, self.method, self.channel = name, method, channel

    async def __call__(self, request: Any, timeout: float | None = None) -> Any:
        calls, caller = self.channel.calls, self.channel.caller
        # The token is asked for at each call: the tokens reuse one for a while, and a long request outlives that.
        metadata = (*bearer_metadata(calls.tokens.token(caller.identity)), ("accept-language", caller.language),
                    ("x-request-id", caller.request_id))
        # Each call continues the HTTP request's trace in the service (a span made here, not by a channel
        # interceptor: grpc wraps every intercepted call in a task of its own).
        with client_span(self.name) as (span, carried):
            try:
                answer = await self.method(request, metadata=(*metadata, *carried), timeout=timeout or calls.timeout)
            except grpc.aio.AioRpcError as error:
                mark_grpc_outcome(span, error.code(), server=False)
                raise from_grpc(error, caller.language) from None
            mark_grpc_outcome(span, grpc.StatusCode.OK, server=False)
            return answer
