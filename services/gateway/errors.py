"""Errors in the MediaWiki REST shape: {"httpCode", "httpReason", "errorKey", "messageTranslations"}."""
import contextlib
import http
import math
from collections.abc import Iterator

import grpc
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from eventcenter.services.gateway.language import language_of
from eventcenter.services.kernel.i18n import DEFAULT_LANGUAGE, translate

GRPC_TO_HTTP = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.FAILED_PRECONDITION: 400,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.ALREADY_EXISTS: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}
# Service reasons answered with another status than their gRPC code's: a stale revision is HTTP's failed
# precondition (If-Match), not a conflict to retry as it is.
REASON_STATUS = {"REVISION_CHANGED": 412}
# Service reasons whose CampaignEvents error key tools may already test for.
REASON_KEYS = {
    "EVENT_NOT_FOUND": "campaignevents-rest-event-not-found",
    "EVENT_DELETED": "campaignevents-rest-get-registration-deleted",
    "PAGE_REGISTERED_DELETED": "campaignevents-error-page-already-registered-deleted",
    "PAGE_ALREADY_REGISTERED": "campaignevents-error-page-already-registered",
    "EVENT_CLOSED": "campaignevents-register-event-not-open",
    "EVENT_ENDED": "campaignevents-register-event-past",
    "USER_BLOCKED": "campaignevents-rest-blocked",
    "NOT_AN_ORGANIZER": "campaignevents-edit-not-allowed-registration",
    "ORGANIZER_RIGHT_REQUIRED": "campaignevents-rest-enable-registration-permission-denied",
    "SIGN_IN_REQUIRED": "rest-permission-denied-anon",
    "NOT_REGISTERED": "campaignevents-rest-get-registration-info-notparticipant",
    "CANNOT_SEE_PRIVATE": "campaignevents-rest-list-participants-cannot-see-private",
    "NOT_ALLOWED_TO_DELETE": "campaignevents-delete-not-allowed-registration",
    "USER_NOT_FOUND": "campaignevents-rest-user-not-found",
    "ANSWERS_AGGREGATED": "campaignevents-register-answers-aggregated-error",
    "EMAIL_RATE_LIMITED": "actionthrottledtext",
}

# The CampaignEvents key of a refused field, by the service's violation reason (and field, where the key depends on
# it): CampaignEvents reports the first problem it finds under such a key, and tools test for them.
_EVENT_FIELD_KEYS = {
    "VIOLATION_TIMEZONE": "campaignevents-error-invalid-timezone",
    "VIOLATION_START_IN_PAST": "campaignevents-error-start-past",
    "VIOLATION_END_BEFORE_START": "campaignevents-error-start-after-end",
    "VIOLATION_TYPES": "campaignevents-error-invalid-types",
    "VIOLATION_TYPES_NONE": "campaignevents-error-no-types",
    "VIOLATION_TYPES_OTHER_COMBINED": "campaignevents-error-invalid-other-selection",
    "VIOLATION_PARTICIPATION": "campaignevents-error-no-participation-options",
    "VIOLATION_MEETING_URL_ONLINE_ONLY": "campaignevents-error-meeting-url-not-online",
    "VIOLATION_COUNTRY_REQUIRED": "campaignevents-error-invalid-country-code",
    "VIOLATION_COUNTRY": "campaignevents-error-invalid-country-code",
    "VIOLATION_ADDRESS_LENGTH": "campaignevents-error-invalid-address",
    "VIOLATION_IN_PERSON_ONLY": "campaignevents-error-countryoraddress-not-in-person",
    "VIOLATION_WIKIS_COUNT": "campaignevents-error-too-many-wikis",
    "VIOLATION_TOPICS_COUNT": "campaignevents-error-too-many-topics",
    "VIOLATION_TOPIC": "campaignevents-error-invalid-topics",
    "VIOLATION_PAGE_TITLE": "campaignevents-error-invalid-title",
    "VIOLATION_PAGE_NAMESPACE": "campaignevents-error-page-namespace-not-allowed",
    "VIOLATION_ENDED_WITH_ANSWERS": "campaignevents-event-dates-cannot-be-changed",
    "VIOLATION_ORGANIZER_COUNT": "campaignevents-edit-too-many-organizers",
    "VIOLATION_ORGANIZER_NONE": "campaignevents-edit-no-organizers",
    "VIOLATION_ORGANIZER_UNKNOWN": "campaignevents-edit-organizers-not-allowed",
    "VIOLATION_ORGANIZER_INELIGIBLE": "campaignevents-edit-organizers-not-allowed",
    "VIOLATION_ORGANIZER_CREATOR": "campaignevents-edit-removed-creator",
    "VIOLATION_ANSWER_QUESTION": "campaignevents-rest-register-invalid-answer",
    "VIOLATION_ANSWER_DUPLICATE": "campaignevents-rest-register-invalid-answer",
    "VIOLATION_ANSWER_OPTION": "campaignevents-rest-register-invalid-answer",
    "VIOLATION_ANSWER_TEXT": "campaignevents-rest-register-invalid-answer",
    "VIOLATION_ANSWER_TEXT_LENGTH": "campaignevents-rest-register-invalid-answer",
}
_FIELD_KEYS = {
    ("event.meeting_url", "VIOLATION_URL"): "campaignevents-error-invalid-meeting-url",
    ("event.chat_url", "VIOLATION_URL"): "campaignevents-error-invalid-chat-url",
    ("event.wikis", "VIOLATION_WIKI_ID"): "campaignevents-error-invalid-wikis",
    ("event.page.title", "VIOLATION_HIDDEN_CHARACTERS"): "campaignevents-error-invalid-title",
}


def violation_key(field: str, reason: str) -> str | None:
    return _FIELD_KEYS.get((field, reason)) or _EVENT_FIELD_KEYS.get(reason)


class ApiError(Exception):
    def __init__(self, status: int, key: str, messages: dict[str, str], details: dict | None = None,
                 reason: str = "") -> None:
        super().__init__(messages.get(DEFAULT_LANGUAGE) or key)
        self.status, self.key, self.messages, self.details = status, key, messages, details or {}
        self.reason = reason  # the service's (ErrorInfo), when a service refused
        self.headers: dict[str, str] = {}

    @classmethod
    def translated(cls, status: int, key: str, language: str, **params: object) -> "ApiError":
        messages = {DEFAULT_LANGUAGE: translate(key, DEFAULT_LANGUAGE, **params)}
        messages[language] = translate(key, language, **params)
        return cls(status, key, messages)

    def body(self) -> dict:
        body = {"httpCode": self.status, "httpReason": http.HTTPStatus(self.status).phrase,
                "errorKey": self.key, "messageTranslations": self.messages}
        return {**body, **self.details}


def from_grpc(error: grpc.aio.AioRpcError, language: str = DEFAULT_LANGUAGE) -> ApiError:
    """`language`: the caller's, for what the gateway says itself (a service that failed)."""
    status = GRPC_TO_HTTP.get(error.code(), 500)
    key, messages, details = f"eventcenter-{error.code().name.lower().replace('_', '-')}", {}, {}
    reason, first, retry_after = "", None, None  # the first field violation; seconds to wait (RetryInfo)
    found = rpc_status.from_call(error)
    messages[DEFAULT_LANGUAGE] = error.details() or ""
    for detail in found.details if found else ():
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
            status = REASON_STATUS.get(reason, status)
            key = REASON_KEYS.get(info.reason, "eventcenter-" + info.reason.lower().replace("_", "-"))
        elif detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
            localized = error_details_pb2.LocalizedMessage()
            detail.Unpack(localized)
            messages[localized.locale] = localized.message
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            detail.Unpack(retry)
            retry_after = max(1, math.ceil(retry.retry_delay.ToTimedelta().total_seconds()))
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            details["fieldViolations"] = [
                {"field": v.field, "description": v.localized_message.message or v.description}
                for v in bad.field_violations
            ]
            first = bad.field_violations[0] if bad.field_violations else None
    if first is not None and (known := violation_key(first.field, first.reason)):
        # As CampaignEvents: the first problem, under its key (all of them stay in fieldViolations).
        key, messages = known, {DEFAULT_LANGUAGE: first.description}
        if first.localized_message.locale:
            messages[first.localized_message.locale] = first.localized_message.message
    if status >= 500:  # never pass on what went wrong inside
        messages = {lang: translate("gateway-error-unavailable", lang) for lang in {DEFAULT_LANGUAGE, language}}
        key, details = "eventcenter-service-unavailable", {}
    answer = ApiError(status, key, messages, details, reason)
    if retry_after is not None and status == 429:
        answer.headers["retry-after"] = str(retry_after)
    return answer


@contextlib.contextmanager
def answered_as(language: str, **by_reason: tuple[int, str]) -> Iterator[None]:
    """Refusals under the route's own status and key, by the service's reason (`NOT_AN_ORGANIZER=(403, key)`):
    CampaignEvents has a key per action where the services have one reason."""
    try:
        yield
    except ApiError as error:
        if error.reason in by_reason:
            status, key = by_reason[error.reason]
            raise ApiError.translated(status, key, language) from None
        raise


# Pydantic's error types as the failure codes of MediaWiki's parameter validation (ParamValidator).
_FAILURE_CODES = {"int_parsing": "badinteger", "int_from_float": "badinteger", "missing": "missingparam",
                  "bool_parsing": "badbool", "greater_than": "outofrange", "greater_than_equal": "outofrange",
                  "less_than": "outofrange", "less_than_equal": "outofrange", "string_too_long": "toolong"}
# Path parameters as CampaignEvents' routes name them (/event_registration/{id}, /organizer/{userid}/…).
_PATH_NAMES = {"event_id": "id", "user_id": "userid", "language_code": "languageCode", "list_id": "id"}


def parameter_error(problem: dict, language: str) -> ApiError:
    """A bad path or query parameter, as MediaWiki's REST framework refuses it before any handler runs."""
    where, name, value = problem["loc"][0], str(problem["loc"][1]), problem.get("input")
    if where == "path":
        name = _PATH_NAMES.get(name, name)
    code = _FAILURE_CODES.get(problem.get("type", ""), "badvalue")
    shown = "" if value is None else str(value)
    error = ApiError.translated(400, f"paramvalidator-{code}", language, name=name, value=shown)
    error.key = code
    error.details = {"error": "parameter-validation-failed", "name": name, "value": value, "failureCode": code,
                     "failureData": None}
    return error


async def validation_error_handler(request: Request, error: RequestValidationError) -> JSONResponse:
    language = language_of(request)
    found = error.errors()
    if found and len(location := found[0].get("loc", ())) > 1 and location[0] in ("path", "query"):
        return JSONResponse(parameter_error(found[0], language).body(), status_code=400)
    problems = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]), "description": e.get("msg", "")}
                for e in found]
    api_error = ApiError.translated(400, "rest-bad-json-body", language)
    api_error.details = {"fieldViolations": problems}
    return JSONResponse(api_error.body(), status_code=400)
