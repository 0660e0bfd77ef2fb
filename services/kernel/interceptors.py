"""gRPC server interceptors: metrics, request id and logging, traces, errors as rich status, identity, deadlines."""
import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence

import grpc
from google.protobuf.message import Message
from grpc_status import rpc_status

from eventcenter.services.kernel import errors, i18n, identity, logs, metrics, tracing
from eventcenter.services.kernel.settings import IdentityKeySettings

log = logs.get_logger(__name__)
# The standard health and reflection services answer anyone, unwrapped (they also stream).
UNGUARDED_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")

Behavior = Callable[[object, grpc.aio.ServicerContext], Awaitable[object]]


def _metadata(context: grpc.aio.ServicerContext) -> dict[str, str]:
    return {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}


async def _refuse_streaming(request, context):
    await context.abort(grpc.StatusCode.UNIMPLEMENTED, "streaming methods are not served")


class UnaryInterceptor:
    """Decorates the behaviour of every unary-unary method of our APIs (in an InterceptorChain).

    Our APIs are unary. A streaming method (outside health and reflection) is refused rather than
    served unchecked: it needs its own wrapping before it may be added."""

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        raise NotImplementedError


class InterceptorChain(grpc.aio.ServerInterceptor):
    """Unary interceptors as one, outermost first. grpc asks each of a server's interceptors on every call, and
    each would wrap the method anew; the chain wraps a method once and hands out that handler from then on."""

    def __init__(self, interceptors: Sequence[UnaryInterceptor]) -> None:
        self.interceptors = tuple(interceptors)
        self.handlers: dict[str, grpc.RpcMethodHandler] = {}

    async def intercept_service(self, continuation, details):
        if (found := self.handlers.get(details.method)) is not None:
            return found
        handler = await continuation(details)
        if handler is None or details.method.startswith(UNGUARDED_PREFIXES):
            return handler
        if handler.unary_unary is None:
            wrapped = grpc.unary_unary_rpc_method_handler(_refuse_streaming)
        else:
            behavior = handler.unary_unary
            for interceptor in reversed(self.interceptors):
                behavior = interceptor.decorate(behavior, details.method)
            wrapped = grpc.unary_unary_rpc_method_handler(behavior, request_deserializer=handler.request_deserializer,
                                                          response_serializer=handler.response_serializer)
        self.handlers[details.method] = wrapped
        return wrapped


class RequestLoggingInterceptor(UnaryInterceptor):
    """Binds a request id (taken from the caller or made) and the caller's language; logs each outcome."""

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        async def logged(request, context):
            metadata = _metadata(context)
            request_id = metadata.get(logs.REQUEST_ID_HEADER) or logs.new_request_id()
            logs.bind_request(request_id, method=method)
            i18n.current_language.set(i18n.pick_language(metadata.get("accept-language")))
            # With the status, not as initial metadata of its own: that is one more frame written per call.
            context.set_trailing_metadata(((logs.REQUEST_ID_HEADER, request_id),))
            started = time.perf_counter()
            try:
                return await behavior(request, context)
            finally:
                code = context.code() or grpc.StatusCode.OK
                log.info("rpc", code=getattr(code, "name", str(code)),
                         ms=round((time.perf_counter() - started) * 1000, 2),
                         user_id=identity.current_identity.get().user_id)
        return logged


_CODES = {code.value[0]: code for code in grpc.StatusCode}


def _outcome(context: grpc.aio.ServicerContext, error: BaseException | None) -> grpc.StatusCode:
    """The call's status code (the context may hold the enum or its number); a call its caller cancelled has none."""
    code = context.code()
    if code is None:
        if error is None:
            return grpc.StatusCode.OK
        # grpc answers an exception that escaped every interceptor with UNKNOWN.
        return grpc.StatusCode.CANCELLED if isinstance(error, asyncio.CancelledError) else grpc.StatusCode.UNKNOWN
    return code if isinstance(code, grpc.StatusCode) else _CODES.get(code, grpc.StatusCode.UNKNOWN)


async def _settled(behavior: Behavior, request, context: grpc.aio.ServicerContext,
                   settle: Callable[[grpc.StatusCode], None]):
    """Runs the call, then hands its status code to `settle`, whether it answered or raised."""
    failure = None
    try:
        return await behavior(request, context)
    except BaseException as error:
        failure = error
        raise
    finally:
        settle(_outcome(context, failure))


class MetricsInterceptor(UnaryInterceptor):
    """Counts each call and its duration by method and status code (eventcenter_grpc_server_*)."""

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        service, _, name = method.lstrip("/").partition("/")

        async def measured(request, context):
            started = time.perf_counter()

            def record(code: grpc.StatusCode) -> None:
                metrics.RPC_HANDLED.labels(service, name, code.name).inc()
                metrics.RPC_SECONDS.labels(service, name, code.name).observe(time.perf_counter() - started)
            return await _settled(behavior, request, context, record)
        return measured


class TracingInterceptor(UnaryInterceptor):
    """Serves each call in a span that continues the caller's trace (W3C `traceparent` in the metadata). Events
    written to the outbox during the call carry this span's context on to the stream."""

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        async def traced(request, context):
            with tracing.server_span(method, _metadata(context)) as span:
                tracing.bind_trace_to_logs()
                return await _settled(behavior, request, context,
                                      lambda code: tracing.mark_grpc_outcome(span, code, server=True))
        return traced


class ErrorInterceptor(UnaryInterceptor):
    """Turns ServiceErrors into google.rpc.Status; anything unexpected into a bare INTERNAL."""

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        async def guarded(request, context):
            try:
                return await behavior(request, context)
            except errors.ServiceError as error:
                status = rpc_status.to_status(error.to_status())
                # The status details go with what the call set already (its request id).
                await context.abort(status.code, status.details,
                                    (*(context.trailing_metadata() or ()), *status.trailing_metadata))
            except (grpc.aio.AbortError, asyncio.CancelledError):
                raise
            except TimeoutError:
                await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, i18n.translate("error-deadline"))
            except Exception:
                log.exception("rpc_failed")
                await context.abort(grpc.StatusCode.INTERNAL, i18n.translate("error-internal"))
        return guarded


def nul_fields(message, prefix: str = "") -> list[str]:
    """Paths of the string fields (at any depth) that hold a NUL character, which no PostgreSQL text can
    store: such a request is refused up front rather than failing half-way in the database."""
    found = []
    for descriptor, value in message.ListFields():
        path = prefix + descriptor.name
        if descriptor.type == descriptor.TYPE_MESSAGE:
            if descriptor.message_type.GetOptions().map_entry:
                continue  # no API of ours takes maps
            for item in (value if descriptor.is_repeated else [value]):
                found += nul_fields(item, path + ".")
        elif descriptor.type == descriptor.TYPE_STRING and any(
                "\x00" in item for item in (value if descriptor.is_repeated else [value])):
            found.append(path)
    return found


class TextInterceptor(UnaryInterceptor):
    """Refuses requests whose texts hold a NUL character, naming each field (INVALID_ARGUMENT)."""

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        async def checked(request, context):
            if isinstance(request, Message) and (fields := nul_fields(request)):
                raise errors.InvalidArgument([errors.FieldViolation(f, "violation-nul-character", {})
                                              for f in fields])
            return await behavior(request, context)
        return checked


class IdentityInterceptor(UnaryInterceptor):
    """Refuses calls without a valid identity token; the identity is then in a contextvar."""

    def __init__(self, secret: str, previous_secrets: Sequence[str] | None = None) -> None:
        self.secret = secret
        # Accepted, never signed with: a key rotation in progress (EVENTCENTER_IDENTITY_PREVIOUS_SECRETS unless told).
        if previous_secrets is None:
            previous_secrets = [s.get_secret_value() for s in IdentityKeySettings().identity_previous_secrets]
        self.previous_secrets = tuple(previous_secrets)

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        async def authenticated(request, context):
            scheme, _, token = _metadata(context).get(identity.METADATA_KEY, "").partition(" ")
            try:
                if scheme.lower() != "bearer" or not token:
                    raise identity.InvalidToken("missing bearer token")
                caller = identity.verify_token(token, self.secret, self.previous_secrets)
            except identity.InvalidToken as error:
                raise errors.Unauthenticated("INVALID_IDENTITY_TOKEN", "error-unauthenticated") from error
            identity.current_identity.set(caller)
            logs.bind(user_id=caller.user_id)
            return await behavior(request, context)
        return authenticated


class StandingInterceptor(UnaryInterceptor):
    """Applies what operators decided about the caller (the service's copy of registration's standings: rights
    granted or revoked, a block) to the identity the token named, before the method and its rules see it."""

    def __init__(self, apply: Callable[[identity.Identity], Awaitable[identity.Identity]]) -> None:
        self.apply = apply

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        async def standing(request, context):
            identity.current_identity.set(await self.apply(identity.current_identity.get()))
            return await behavior(request, context)
        return standing


class DeadlineInterceptor(UnaryInterceptor):
    """Gives calls that came without a deadline a default one, and caps very long ones (6x the
    default), so nothing runs unbounded."""

    def __init__(self, default_seconds: float) -> None:
        self.default_seconds = default_seconds

    def decorate(self, behavior: Behavior, method: str) -> Behavior:
        async def bounded(request, context):
            remaining = context.time_remaining()
            budget = self.default_seconds if remaining is None else min(remaining, self.default_seconds * 6)
            async with asyncio.timeout(budget):
                return await behavior(request, context)
        return bounded
