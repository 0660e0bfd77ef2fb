"""Errors with a canonical gRPC code, an ErrorInfo reason and translated messages (AIP-193)."""
import datetime
from dataclasses import dataclass, field

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2

from eventcenter.services.kernel.i18n import current_language, translate

DOMAIN = "eventcenter"


@dataclass(frozen=True)
class FieldViolation:
    field: str
    message_key: str
    params: dict[str, object] = field(default_factory=dict)

    def description(self, language: str | None = None) -> str:
        return translate(self.message_key, language, **self.params)


class ServiceError(Exception):
    """A refusal the caller can act on; raised before anything is written."""

    code = grpc.StatusCode.UNKNOWN

    def __init__(self, reason: str, message_key: str, **params: object) -> None:
        self.reason = reason
        self.message_key = message_key
        self.params = params
        super().__init__(self.message())

    def message(self, language: str | None = None) -> str:
        return translate(self.message_key, language, **self.params)

    def details(self, language: str) -> list[object]:
        info = error_details_pb2.ErrorInfo(
            reason=self.reason, domain=DOMAIN, metadata={k: str(v) for k, v in self.params.items()}
        )
        localized = error_details_pb2.LocalizedMessage(locale=language, message=self.message(language))
        return [info, localized]

    def to_status(self, language: str | None = None) -> status_pb2.Status:
        language = language or current_language.get()
        details = []
        for detail in self.details(language):
            packed = any_pb2.Any()
            packed.Pack(detail)
            details.append(packed)
        return status_pb2.Status(code=self.code.value[0], message=self.message("en"), details=details)


class InvalidArgument(ServiceError):
    code = grpc.StatusCode.INVALID_ARGUMENT

    def __init__(self, violations: list[FieldViolation], reason: str = "INVALID_ARGUMENT") -> None:
        self.violations = violations
        super().__init__(reason, "error-invalid-argument", count=len(violations))

    def message(self, language: str | None = None) -> str:
        return "; ".join(f"{v.field}: {v.description(language)}" for v in self.violations)

    def details(self, language: str) -> list[object]:
        bad_request = error_details_pb2.BadRequest(
            field_violations=[
                # As AIP-193 has it: the description in English, the caller's language in localized_message.
                error_details_pb2.BadRequest.FieldViolation(
                    field=v.field, description=v.description("en"), reason=v.message_key.upper().replace("-", "_"),
                    localized_message=error_details_pb2.LocalizedMessage(locale=language,
                                                                         message=v.description(language)),
                )
                for v in self.violations
            ]
        )
        return [*super().details(language), bad_request]


def invalid(field_name: str, message_key: str, **params: object) -> InvalidArgument:
    return InvalidArgument([FieldViolation(field_name, message_key, params)])


class NotFound(ServiceError):
    code = grpc.StatusCode.NOT_FOUND


class PermissionDenied(ServiceError):
    code = grpc.StatusCode.PERMISSION_DENIED


class FailedPrecondition(ServiceError):
    code = grpc.StatusCode.FAILED_PRECONDITION


class AlreadyExists(ServiceError):
    code = grpc.StatusCode.ALREADY_EXISTS


class Unauthenticated(ServiceError):
    code = grpc.StatusCode.UNAUTHENTICATED


class Aborted(ServiceError):
    code = grpc.StatusCode.ABORTED



class ResourceExhausted(ServiceError):
    """A limit on how often something may be done; the caller may try again later (after `retry_delay`, when
    given: sent as RetryInfo, which the gateway answers as Retry-After)."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED

    def __init__(self, reason: str, message_key: str, retry_delay: datetime.timedelta | None = None,
                 **params: object) -> None:
        self.retry_delay = retry_delay
        super().__init__(reason, message_key, **params)

    def details(self, language: str) -> list[object]:
        found = super().details(language)
        if self.retry_delay is not None:
            retry = error_details_pb2.RetryInfo()
            retry.retry_delay.FromTimedelta(self.retry_delay)
            found.append(retry)
        return found


class Unavailable(ServiceError):
    """Something this service depends on cannot answer now; the caller may retry."""

    code = grpc.StatusCode.UNAVAILABLE
