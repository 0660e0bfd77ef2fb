"""What an operator's grant, revoke, block and unblock leave of someone's standing (pure rules; every service
applies a standing to its callers with `Identity.with_standing`).

A revoke is a denial, not only the removal of a grant: it overrides the right a sign-in brings from wiki groups,
until an operator grants the right again (a grant lifts the denial)."""
from dataclasses import replace

from eventcenter.services.kernel.identity import Standing


def granted(standing: Standing, right: str) -> Standing:
    return replace(standing, granted=standing.granted | {right}, revoked=standing.revoked - {right})


def revoked(standing: Standing, right: str) -> Standing:
    return replace(standing, granted=standing.granted - {right}, revoked=standing.revoked | {right})


def blocked(standing: Standing, block: bool) -> Standing:
    return replace(standing, blocked=block)
