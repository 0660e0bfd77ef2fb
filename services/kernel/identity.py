"""Identity tokens: short-lived signed JWTs naming the caller, their rights and block state."""
import contextvars
import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import jwt
from jwt.algorithms import HMACAlgorithm

from eventcenter.services.kernel.errors import PermissionDenied

ALGORITHM = "HS256"
AUDIENCE = "eventcenter-services"
ISSUER = "eventcenter"
METADATA_KEY = "authorization"

RIGHT_ORGANIZER = "event-organizer"
RIGHT_ADMIN = "admin"
KNOWN_RIGHTS = (RIGHT_ORGANIZER, RIGHT_ADMIN)
# The longest an identity token may live: a block or a revoke reaches every call within this, whatever a token
# still says (and what the registration service keeps is applied at once on top of it, see Standing).
MAX_TOKEN_SECONDS = 300


@dataclass(frozen=True)
class Standing:
    """What an operator decided about someone, as the registration service keeps it (`eventcenter admin`):
    rights granted, rights revoked (a denial that overrides the sign-in's own, from wiki groups, until an
    operator grants the right again) and a block. Every service applies it to its callers the same way
    (`Identity.with_standing`)."""
    granted: frozenset[str] = frozenset()
    revoked: frozenset[str] = frozenset()
    blocked: bool = False

    def rights_over(self, signed_in: frozenset[str]) -> frozenset[str]:
        """The rights someone holds here: their sign-in's and those granted, less those revoked."""
        return (frozenset(signed_in) | self.granted) - self.revoked


NO_STANDING = Standing()


@dataclass(frozen=True)
class Identity:
    user_id: int
    name: str
    rights: frozenset[str] = field(default_factory=frozenset)
    blocked: bool = False

    @property
    def anonymous(self) -> bool:
        return self.user_id == 0

    def has(self, right: str) -> bool:
        return right in self.rights

    def with_standing(self, standing: Standing) -> "Identity":
        """The caller as every rule sees them: what the token says, with what an operator decided applied on top
        (a right granted or revoked; a block, which no token can lift)."""
        return Identity(self.user_id, self.name, standing.rights_over(self.rights), self.blocked or standing.blocked)


ANONYMOUS = Identity(0, "")
current_identity: contextvars.ContextVar[Identity] = contextvars.ContextVar("identity", default=ANONYMOUS)


def signed_in(message_key: str) -> Identity:
    """The caller, who must be someone: anonymous callers are refused (SIGN_IN_REQUIRED) with that message."""
    caller = current_identity.get()
    if caller.anonymous:
        raise PermissionDenied("SIGN_IN_REQUIRED", message_key)
    return caller


class _KeysCheckedOnce(HMACAlgorithm):
    """HS256 that checks each secret once: PyJWT checks the key of every token it signs or verifies (that it is no
    PEM, SSH or DER public key, which HMAC must refuse), and that check cost more than the signature itself. A key
    it refuses is refused every time (an error is not kept)."""

    # The current and previous secrets of each kind of token; the algorithm object lives as long as the process.
    @functools.lru_cache(maxsize=16)  # noqa: B019
    def prepare_key(self, key):
        return super().prepare_key(key)


# For every token of the process, the gateway's included: jwt.encode and jwt.decode share this registry.
jwt.unregister_algorithm(ALGORITHM)
jwt.register_algorithm(ALGORITHM, _KeysCheckedOnce(HMACAlgorithm.SHA256))


class InvalidToken(Exception):
    pass


def issue_token(identity: Identity, secret: str, ttl_seconds: int = MAX_TOKEN_SECONDS) -> str:
    if ttl_seconds > MAX_TOKEN_SECONDS:
        raise ValueError(f"identity tokens live at most {MAX_TOKEN_SECONDS} seconds, not {ttl_seconds}")
    now = int(time.time())
    claims = {
        "sub": str(identity.user_id),
        "name": identity.name,
        "rights": sorted(identity.rights),
        "blocked": identity.blocked,
        "iat": now,
        "exp": now + ttl_seconds,
        "aud": AUDIENCE,
        "iss": ISSUER,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(token: str, secret: str, previous_secrets: Sequence[str] = ()) -> Identity:
    """The identity a token names, if `secret` signed it, or one of `previous_secrets`: the keys a rotation
    still accepts until every signer uses the new one (tokens are always signed with the current secret)."""
    for key in (secret, *previous_secrets):
        try:
            claims = jwt.decode(
                token, key, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except jwt.InvalidSignatureError as error:
            refusal = error  # perhaps the next key signed it
            continue
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise InvalidToken(str(error)) from error
        if _lifetime(claims) > MAX_TOKEN_SECONDS:
            raise InvalidToken(f"a token may live at most {MAX_TOKEN_SECONDS} seconds")
        return _identity(claims)
    raise InvalidToken(str(refusal)) from refusal


def _lifetime(claims: dict) -> int:
    try:
        return int(claims["exp"]) - int(claims["iat"])
    except (ValueError, TypeError) as error:
        raise InvalidToken(str(error)) from error


def _identity(claims: dict) -> Identity:
    try:
        return Identity(
            user_id=int(claims["sub"]),
            name=str(claims.get("name", "")),
            rights=frozenset(str(r) for r in claims.get("rights", [])),
            blocked=bool(claims.get("blocked", False)),
        )
    except (ValueError, TypeError) as error:
        raise InvalidToken(str(error)) from error


def bearer_metadata(token: str) -> tuple[tuple[str, str], ...]:
    return ((METADATA_KEY, f"Bearer {token}"),)
