"""The permission matrix of the REST API: every route under /campaignevents/v0/, every kind of caller, the HTTP
status each gets, and which secrets each may see. tests/integration/test_permission_matrix.py checks it against
the running gateway; `python -m tests.permissions_table > docs/permissions.md` prints it for people."""
from dataclasses import dataclass, field

API = "/campaignevents/v0"

# Who calls, in the order of the table's columns. "organizer" holds the event-organizer right but has nothing to
# do with the event; "co-organizer" was added by the creator; "other organizer" organizes another event. The
# operator's decisions (registration's stored rights and blocks) hold in every service, whatever the sign-in says.
ACTORS = {
    "anonymous": "not signed in",
    "user": "signed in, no rights, not taking part",
    "blocked": "signed in, event-organizer right, blocked",
    "public": "participant (public)",
    "private": "participant (private)",
    "organizer": "holds the event-organizer right, unrelated to the event",
    "co-organizer": "organizer of the event (added by the creator)",
    "blocked co-organizer": "organizer of the event, blocked since",
    "blocked participant": "participant (public), blocked since",
    "operator-blocked": "organizer of the event, blocked since by an operator (`eventcenter admin block`): their "
                        "sign-in still claims the event-organizer right and no block",
    "granted organizer": "organizer of the event, in no wiki group: an operator granted the event-organizer right",
    "revoked organizer": "organizer of the event, whose event-organizer right (from their wiki groups, still in "
                         "their sign-in) an operator revoked since (`eventcenter admin revoke`)",
    "creator": "organizer of the event who created it",
    "admin": "sysop (admin right)",
    "other organizer": "organizer (and creator) of another event",
}
EVERYONE = tuple(ACTORS)
# The event's organizers who may edit it (CampaignEvents' "can edit": the right, no block).
EVENT_ORGANIZERS = ("co-organizer", "granted organizer", "creator")
# Everyone blocked, by their sign-in or by an operator.
BLOCKED = ("blocked", "blocked co-organizer", "blocked participant", "operator-blocked")
PARTICIPANTS = ("public", "private")


@dataclass(frozen=True)
class Route:
    """One operation. `target`: what the path's ids name (see the test's world); `fresh`: each cell acts on a
    fresh copy of the event (the same people in the same roles), because the call changes or removes it."""
    method: str
    path: str  # as the gateway declares it, relative to API
    target: str
    statuses: dict[str, int]
    fresh: bool = False
    note: str = ""
    live: bool = True  # False: not called here (see the note), the statuses are what the route promises


def statuses(default: int, **others: int) -> dict[str, int]:
    """A status per actor: `default`, except the named ones (underscores for spaces and dashes)."""
    named = {key.replace("__", " ").replace("_", "-"): value for key, value in others.items()}
    unknown = set(named) - set(EVERYONE)
    assert not unknown, unknown
    return {actor: named.get(actor, default) for actor in EVERYONE}


# Writes without a bearer token need the session's CSRF token: anonymous callers are refused (403) before anything.
EVENT_ORGANIZER_WRITE = statuses(403, co_organizer=204, granted__organizer=204, creator=204)
ROUTES: tuple[Route, ...] = (
    # Event registrations.
    Route("POST", "/event_registration", "new event",
          statuses(403, organizer=201, co_organizer=201, granted__organizer=201, creator=201, other__organizer=201),
          note="needs the event-organizer right, not blocked"),
    Route("GET", "/event_registration/{event_id}", "event", statuses(200),
          note="links for participants and organizers, passcode for organizers"),
    Route("PUT", "/event_registration/{event_id}", "event", EVENT_ORGANIZER_WRITE, fresh=True,
          note="the event's organizers (admins do not edit others' events)"),
    Route("DELETE", "/event_registration/{event_id}", "event",
          statuses(403, co_organizer=204, granted__organizer=204, creator=204, admin=204),
          fresh=True, note="the event's organizers and admins"),
    Route("POST", "/event_registration/{event_id}/free_page", "deleted event", statuses(403, admin=200), fresh=True,
          note="admins (not blocked) free a deleted event's page for a new event; recorded"),
    Route("GET", "/organizer/{user_id}/event_registrations", "creator", statuses(200)),
    Route("GET", "/participant/{user_id}/event_registrations", "private participant", statuses(200),
          note="a private registration is listed only to the participant"),
    # Participants.
    Route("PUT", "/event_registration/{event_id}/participants/self", "event",
          statuses(200, anonymous=403, **{actor: 403 for actor in BLOCKED}), fresh=True,
          note="anyone signed in and not blocked"),
    Route("GET", "/event_registration/{event_id}/participants/self", "event",
          statuses(404, anonymous=403, public=200, private=200, blocked__participant=200),
          note="one's own registration and answers"),
    Route("DELETE", "/event_registration/{event_id}/participants/self", "event",
          statuses(200, anonymous=403), fresh=True, note="blocked people may still cancel"),
    Route("GET", "/event_registration/{event_id}/participants", "event", statuses(200),
          note="public participants for everyone"),
    Route("GET", "/event_registration/{event_id}/participants?include_private=true", "event",
          statuses(403, co_organizer=200, granted__organizer=200, creator=200, admin=200),
          note="private names for organizers and admins"),
    Route("DELETE", "/event_registration/{event_id}/participants", "event",
          statuses(403, co_organizer=200, granted__organizer=200, creator=200), fresh=True),
    Route("POST", "/event_registration/{event_id}/email", "event",
          statuses(403, co_organizer=202, granted__organizer=202, creator=202), fresh=True),
    # Organizers.
    Route("GET", "/event_registration/{event_id}/organizers", "event", statuses(200)),
    Route("PUT", "/event_registration/{event_id}/organizers", "event", EVENT_ORGANIZER_WRITE, fresh=True),
    # Reference data and the Collaboration list.
    Route("GET", "/participant_questions", "none", statuses(200)),
    Route("GET", "/formatted_time/{language_code}/{start}/{end}", "none", statuses(200)),
    Route("GET", "/events", "none", statuses(200)),
    Route("GET", "/communities", "wiki", statuses(200), live=False,
          note="public; not called here (Wikidata is not reachable from this world): test_communities.py"),
    # Invitation lists: the creator's own.
    Route("POST", "/invitation_lists", "none",
          statuses(403, organizer=201, co_organizer=201, granted__organizer=201, creator=201, other__organizer=201),
          note="the invitations service applies the operator's rights and blocks"),
    Route("GET", "/invitation_lists", "none", statuses(200, anonymous=403), note="the caller's own lists only"),
    Route("GET", "/invitation_lists/{list_id}", "creator's list", statuses(404, anonymous=403, creator=200),
          note="only its creator sees a list"),
    # Campaigns and programs.
    Route("GET", "/campaigns", "none", statuses(200)),
    Route("POST", "/campaigns", "none",
          statuses(403, organizer=201, co_organizer=201, granted__organizer=201, creator=201, other__organizer=201,
                   admin=201)),
    Route("GET", "/campaigns/{campaign_id}", "campaign", statuses(200)),
    Route("PUT", "/campaigns/{campaign_id}", "campaign", statuses(403, creator=204, admin=204),
          note="its coordinators (the creator) and admins"),
    Route("GET", "/campaigns/{campaign_id}/metrics", "campaign", statuses(200)),
    Route("POST", "/campaigns/{campaign_id}/programs", "campaign", statuses(403, creator=201, admin=201)),
    Route("GET", "/programs/{program_id}", "program", statuses(200)),
    Route("PUT", "/programs/{program_id}", "program", statuses(403, creator=204, admin=204)),
    Route("GET", "/programs/{program_id}/metrics", "program", statuses(200)),
    Route("PUT", "/event/{event_id}/program", "event", statuses(403, creator=204, admin=204), fresh=True,
          note="an organizer of the event who coordinates the program, or an admin; once the event's organizers "
               "took it out of a program, only they (or an admin) may put it back"),
    # Contributions.
    Route("POST", "/event/{event_id}/contributions", "event",
          statuses(400, anonymous=403, **{actor: 403 for actor in BLOCKED}),
          note="nobody blocked; then the event's state (tracked, wiki, ongoing) is checked; author or organizer once "
               "the revision is read; a private participant's edit by its author only"),
    Route("GET", "/event/{event_id}/contributions", "event", statuses(200),
          note="a private participant's edits listed only to whom may see them (below); others get their count"),
    Route("GET", "/event/{event_id}/metrics", "event", statuses(200)),
    Route("PUT", "/event/{event_id}/goal", "event",
          statuses(403, co_organizer=200, granted__organizer=200, creator=200),
          note="the event's organizers with the right, not blocked (the contributions service applies the "
               "operator's rights and blocks)"),
    Route("GET", "/event/{event_id}/worklist", "event", statuses(200)),
    Route("PUT", "/event/{event_id}/worklist", "event",
          statuses(403, co_organizer=200, granted__organizer=200, creator=200), note="as the goal"),
)


@dataclass(frozen=True)
class Secret:
    name: str
    seen_by: tuple[str, ...]
    rows: tuple[str, ...] = field(default=())  # empty: checked in every answer
    checked_by: str = ""  # a test of its own (what it needs is not in the matrix's world), instead of the matrix


SECRETS = (
    # Links for the event's organizers and participants, the passcode for its organizers: never for someone
    # blocked, nor for an admin who is neither (CampaignEvents). An organizer without the right is still one of
    # the event's organizers: the links, not what "can edit" gives.
    Secret("meeting and chat links", PARTICIPANTS + EVENT_ORGANIZERS + ("revoked organizer",)),
    Secret("passcode", EVENT_ORGANIZERS),
    Secret("private participant's name", ("private",) + EVENT_ORGANIZERS + ("admin",)),
    # The free text of a question that asks for no personal data: the event's organizers see it (CampaignEvents'
    # non_pii_answers); answers to personal questions reach nobody but the participant.
    Secret("public participant's non-personal answers", ("public",) + EVENT_ORGANIZERS),
    Secret("private participant's non-personal answers", ("private",) + EVENT_ORGANIZERS),
    Secret("email addresses", ()),
    Secret("private participation", ("private",), rows=("GET /participant/{user_id}/event_registrations",)),
    # A revision id, page or time names its author on the wiki: a private participant's edits count in the totals
    # for everyone, but are listed (REST, page, chart, CSVs) only to them, the event's organizers and admins.
    Secret("private participant's edits (revision, page, time)", ("private",) + EVENT_ORGANIZERS + ("admin",),
           checked_by="tests/integration/test_gateway_contributions_privacy.py, on every surface"),
)


# What the table's operator columns stand for, said once for people (docs/permissions.md).
OPERATORS = [
    "The rights and blocks an operator sets with `eventcenter admin grant/revoke/block/unblock` (kept by the",
    "registration service) are the one truth for every service, whatever the caller's sign-in says:",
    "registration publishes each change (`UserStandingChanged`), and contributions, invitations and notifications",
    "keep a copy of it that they apply to every caller before any rule; a change reaches them within about two",
    "seconds. A grant gives a right no wiki group gives; a revoke takes a right away, also one that comes from the",
    "sign-in's wiki groups, until an operator grants it again; a block refuses every write of this API but",
    "cancelling one's own registration. Organizer writes outside this API follow the same rules: linking and",
    "unlinking a Programs & Events Dashboard course are the goal's (the event's organizers with the right, not",
    "blocked).",
]


def row_name(route: Route) -> str:
    return f"{route.method} {route.path}"


def markdown() -> str:
    short = {actor: actor.replace(" ", "&nbsp;") for actor in EVERYONE}
    lines = ["# Permissions of the REST API", "",
             "Generated from `tests/permissions_table.py` (`python -m tests.permissions_table > docs/permissions.md`);",
             "`tests/integration/test_permission_matrix.py` checks every cell against the running gateway and that",
             "this file is in sync. Paths are under `/campaignevents/v0`; writes are sent with a bearer token.", "",
             "## Who calls", ""]
    lines += [f"- **{actor}**: {what}" for actor, what in ACTORS.items()]
    lines += ["", "## Operators' decisions hold everywhere", ""] + OPERATORS
    lines += ["", "## Status per route and caller", "",
              "| route | " + " | ".join(short[a] for a in EVERYONE) + " | notes |",
              "|---|" + "---|" * len(EVERYONE) + "---|"]
    for route in ROUTES:
        cells = " | ".join(str(route.statuses[a]) for a in EVERYONE)
        path = route.path.replace("|", "\\|")
        lines.append(f"| `{route.method} {path}` | {cells} | {route.note} |")
    lines += [
        "",
        "## Secrets: who may see them",
        "",
        "Every answer of every cell is searched for these secrets (seeded into the event), unless a test of",
        "its own checks one; anyone not listed never receives them.",
        "",
        "| secret | seen by | checked in |",
        "|---|---|---|",
    ]
    for secret in SECRETS:
        where = secret.checked_by or ", ".join(f"`{r}`" for r in secret.rows) or "every answer"
        lines.append(f"| {secret.name} | {', '.join(secret.seen_by) or 'nobody'} | {where} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
