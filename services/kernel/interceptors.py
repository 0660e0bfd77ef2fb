"""gRPC server interceptors: request id and logging, errors as rich status, identity, deadlines."""
import asyncio
import time
from collections.abc import Awaitable, Callable

import grpc
from grpc_status import rpc_status

from eventcenter.services.kernel import errors, i18n, identity, logs

log = logs.get_logger(__name__)
UNGUARDED_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")

Behavior = Callable[[object, grpc.aio.ServicerContext], Awaitable[object]]


def _wrap(handler: grpc.RpcMethodHandler | None, decorate: Callable[[Behavior], Behavior]):
    """Rebuilds a unary-unary handler with its behaviour decorated; other kinds pass through."""
    if handler is None or handler.unary_unary is None:
        return handler
    return grpc.unary_unary_rpc_method_handler(
        decorate(handler.unary_unary),
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


def _metadata(context: grpc.aio.ServicerContext) -> dict[str, str]:
    return {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}


class RequestLoggingInterceptor(grpc.aio.ServerInterceptor):
    """Binds a request id (taken from the caller or made) and logs each call's outcome."""

    async def intercept_service(self, continuation, details):
        method = details.method

        def decorate(behavior: Behavior) -> Behavior:
            async def logged(request, context):
                metadata = _metadata(context)
                request_id = metadata.get(logs.REQUEST_ID_HEADER) or logs.new_request_id()
                logs.bind_request(request_id, method=method)
                i18n.current_language.set(i18n.pick_language(metadata.get("accept-language")))
                await context.send_initial_metadata(((logs.REQUEST_ID_HEADER, request_id),))
                started = time.perf_counter()
                try:
                    return await behavior(request, context)
                finally:
                    code = context.code() or grpc.StatusCode.OK
                    log.info("rpc", code=getattr(code, "name", str(code)),
                             ms=round((time.perf_counter() - started) * 1000, 2),
                             user_id=identity.current_identity.get().user_id)
            return logged

        return _wrap(await continuation(details), decorate)


class ErrorInterceptor(grpc.aio.ServerInterceptor):
    """Turns ServiceErrors into google.rpc.Status; anything unexpected into a bare INTERNAL."""

    async def intercept_service(self, continuation, details):
        def decorate(behavior: Behavior) -> Behavior:
            async def guarded(request, context):
                try:
                    return await behavior(request, context)
                except errors.ServiceError as error:
                    await context.abort_with_status(rpc_status.to_status(error.to_status()))
                except (grpc.aio.AbortError, asyncio.CancelledError):
                    raise
                except TimeoutError:
                    await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, i18n.translate("error-deadline"))
                except Exception:
                    log.exception("rpc_failed")
                    await context.abort(grpc.StatusCode.INTERNAL, i18n.translate("error-internal"))
            return guarded

        return _wrap(await continuation(details), decorate)


class IdentityInterceptor(grpc.aio.ServerInterceptor):
    """Refuses calls without a valid identity token; the identity is then in a contextvar."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    async def intercept_service(self, continuation, details):
        if details.method.startswith(UNGUARDED_PREFIXES):
            return await continuation(details)

        def decorate(behavior: Behavior) -> Behavior:
            async def authenticated(request, context):
                header = _metadata(context).get(identity.METADATA_KEY, "")
                scheme, _, token = header.partition(" ")
                try:
                    if scheme.lower() != "bearer" or not token:
                        raise identity.InvalidToken("missing bearer token")
                    caller = identity.verify_token(token, self.secret)
                except identity.InvalidToken as error:
                    raise errors.Unauthenticated("INVALID_IDENTITY_TOKEN", "error-unauthenticated") from error
                identity.current_identity.set(caller)
                logs.bind(user_id=caller.user_id)
                return await behavior(request, context)
            return authenticated

        return _wrap(await continuation(details), decorate)


class DeadlineInterceptor(grpc.aio.ServerInterceptor):
    """Gives calls that came without a deadline a default one, so nothing runs unbounded."""

    def __init__(self, default_seconds: float) -> None:
        self.default_seconds = default_seconds

    async def intercept_service(self, continuation, details):
        def decorate(behavior: Behavior) -> Behavior:
            async def bounded(request, context):
                remaining = context.time_remaining()
                budget = self.default_seconds if remaining is None else min(remaining, self.default_seconds * 6)
                async with asyncio.timeout(budget):
                    return await behavior(request, context)
            return bounded

        return _wrap(await continuation(details), decorate)
