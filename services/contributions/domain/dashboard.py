"""Sync with a Programs & Events Dashboard course (pure): the JSON payloads, which registration events change the
public participant list, and the Dashboard's error codes as reasons and message keys for organizers."""
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from eventcenter.services.kernel.errors import FailedPrecondition, ServiceError, invalid

CONFIRM, UPDATE, UNSYNC = "confirm_event_sync", "update_event_participants", "unsync_event"
TIMEOUT_SECONDS = 5.0
UNAVAILABLE = "unavailable"  # no answer, a timeout, a 5xx, or an answer that is not one of the codes below
# A link's Dashboard is not (or no longer) on the operator's list: nothing is sent to it.
NOT_ALLOWED = "not_allowed"
DEFAULT_PORTS = {"http": 80, "https": 443}

# The Dashboard's codes -> (the field at fault, or None for a precondition) and the message for organizers.
CODES = {
    "invalid_secret": "secret",
    "course_not_found": "course_slug",
    "not_organizer": None,
    "already_in_use": None,
    "sync_already_enabled": None,
    "sync_not_enabled": None,
}

# Registration events after which the public participants are sent again (a linked event only).
PARTICIPANT_CHANGES = frozenset({"ParticipantRegistered", "RegistrationChanged", "ParticipantCancelled",
                                 "ParticipantsRemoved", "WaitlistPromoted"})
UNSYNC_ON = frozenset({"EventDeleted"})
COURSE_SLUG = re.compile(r"^[^/\s]+/[^/\s]+$")


@dataclass(frozen=True)
class Course:
    dashboard_url: str
    course_slug: str
    secret: str


def endpoint(dashboard_url: str, action: str) -> str:
    return f"{dashboard_url.rstrip('/')}/wikimedia_event_center/{action}"


def confirm_payload(course: Course, event_id: int, organizers: list[str], dry_run: bool) -> dict:
    return {"course_slug": course.course_slug, "secret": course.secret, "dry_run": dry_run, "event_id": event_id,
            "organizer_usernames": sorted(set(organizers))}


def participants_payload(course: Course, event_id: int, participants: list[str]) -> dict:
    """Always the whole current list of public participants: sending it twice changes nothing."""
    return {"course_slug": course.course_slug, "secret": course.secret, "dry_run": False, "event_id": event_id,
            "participant_usernames": sorted(set(participants))}


def unsync_payload(course: Course, event_id: int) -> dict:
    return {"course_slug": course.course_slug, "secret": course.secret, "dry_run": False, "event_id": event_id}


MESSAGE_KEYS = {
    "invalid_secret": "error-dashboard-invalid-secret",
    "course_not_found": "error-dashboard-course-not-found",
    "not_organizer": "error-dashboard-not-organizer",
    "already_in_use": "error-dashboard-already-in-use",
    "sync_already_enabled": "error-dashboard-sync-already-enabled",
    "sync_not_enabled": "error-dashboard-sync-not-enabled",
    UNAVAILABLE: "error-dashboard-unavailable",
    NOT_ALLOWED: "error-dashboard-not-allowed",
}


def message_key(code: str) -> str:
    """The organizer's explanation of a Dashboard error code (unknown codes: the Dashboard is unavailable)."""
    return MESSAGE_KEYS.get(code, MESSAGE_KEYS[UNAVAILABLE])


def reason(code: str) -> str:
    return "DASHBOARD_" + (code if code in CODES or code == NOT_ALLOWED else UNAVAILABLE).upper()


def refusal(code: str, **params: object) -> ServiceError:
    """A Dashboard error code as the gRPC error shown to the organizer (the code in ErrorInfo metadata)."""
    field = CODES.get(code)
    if field is not None:
        error = invalid(field, message_key(code), **params)
        error.reason = reason(code)
        error.params = {**params, "dashboard_code": code}
        return error
    return FailedPrecondition(reason(code), message_key(code), dashboard_code=code, **params)


def base_url(url: str) -> str | None:
    """A Dashboard's address in one spelling (scheme and host in lower case, no default port, no trailing slash),
    or None when it is no Dashboard's base URL: another scheme, no host, a user, a query or a fragment."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc or parts.query or parts.fragment:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port not in (None, DEFAULT_PORTS[scheme]):
        host = f"{host}:{port}"
    return f"{scheme}://{host}{parts.path.rstrip('/')}"


def allowed_dashboards(urls: list[str]) -> frozenset[str]:
    """The operator's list (EVENTCENTER_DASHBOARD_URLS); an entry that is no base URL stops the service at start."""
    found = {url: base_url(url) for url in urls}
    wrong = [url for url, base in found.items() if base is None]
    if wrong:
        raise ValueError(f"EVENTCENTER_DASHBOARD_URLS holds what is no Dashboard base URL: {wrong}")
    return frozenset(base for base in found.values() if base is not None)


def check_course(dashboard_url: str, course_slug: str, secret: str, allowed: frozenset[str]) -> Course:
    """Only a Dashboard on the operator's list: the course's secret and participants' names go nowhere else."""
    url, slug, secret = base_url(dashboard_url), course_slug.strip(), secret.strip()
    if url is None:
        raise invalid("dashboard_url", "violation-dashboard-url")
    if url not in allowed:
        raise invalid("dashboard_url", "violation-dashboard-url-not-allowed", allowed=", ".join(sorted(allowed)))
    if not COURSE_SLUG.match(slug):
        raise invalid("course_slug", "violation-dashboard-course-slug")
    if not secret:
        raise invalid("secret", "violation-dashboard-secret")
    return Course(url, slug, secret)


def is_participant_change(type_name: str) -> bool:
    return type_name in PARTICIPANT_CHANGES


def error_code_of(status: int, body: object) -> str:
    """The Dashboard answers errors as JSON {"error_code": ...} (or {"error": ...}) with a 4xx status."""
    if 200 <= status < 300:
        return ""
    if 400 <= status < 500 and isinstance(body, dict):
        code = body.get("error_code") or body.get("error")
        if isinstance(code, str) and code in CODES:
            return code
    return UNAVAILABLE


def retry_delay(attempts: int, base: float, ceiling: float = 300.0) -> float:
    """Seconds before the next try after `attempts` failures in a row: doubling from base, at most ceiling."""
    return min(base * 2 ** max(attempts - 1, 0), ceiling)
