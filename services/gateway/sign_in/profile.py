"""A MediaWiki OAuth 2.0 profile (/oauth2/resource/profile) as the person Event Center knows."""
from dataclasses import dataclass

from eventcenter.services.gateway.access import rights_from_groups
from eventcenter.services.kernel.identity import Identity


class ProfileError(ValueError):
    """The provider's profile lacks what sign-in needs."""


@dataclass(frozen=True)
class SignedInUser:
    identity: Identity
    # Only when the wiki reports it confirmed (and the grant allowed reading it).
    email: str | None


def from_profile(profile: dict) -> SignedInUser:
    """`sub` is the central (global) user id; groups such as event-organizer and sysop become rights."""
    try:
        user_id = int(profile["sub"])
        name = str(profile["username"]).strip()
    except (KeyError, TypeError, ValueError) as error:
        raise ProfileError("the profile has no central user id or username") from error
    if user_id <= 0 or not name:
        raise ProfileError("the profile has no central user id or username")
    groups = [g for g in profile.get("groups") or [] if isinstance(g, str)]
    email = profile.get("email") if profile.get("confirmed_email") is True else None
    blocked = bool(profile.get("blocked"))
    return SignedInUser(Identity(user_id, name, rights_from_groups(groups), blocked),
                        email if isinstance(email, str) and email else None)
