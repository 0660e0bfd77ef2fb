"""Opaque keyset page tokens (AIP-158): where the last page ended, bound to the filters that made it.

Signed, so a forged or edited token is refused rather than read."""
import base64
import hashlib
import hmac
import json

from eventcenter.services.kernel.errors import invalid


def encode(position: list, fingerprint: str, secret: bytes) -> str:
    body = json.dumps({"p": position, "f": _digest(fingerprint)}, separators=(",", ":")).encode()
    mac = hmac.new(secret, body, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac + body).decode().rstrip("=")


def decode(token: str, fingerprint: str, secret: bytes) -> list:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        mac, body = raw[:16], raw[16:]
        if not hmac.compare_digest(mac, hmac.new(secret, body, hashlib.sha256).digest()[:16]):
            raise ValueError("signature")
        data = json.loads(body)
        if data["f"] != _digest(fingerprint):
            raise ValueError("other filters")
        return list(data["p"])
    except (ValueError, KeyError, TypeError) as error:
        raise invalid("page_token", "violation-list-page-token") from error


def _digest(fingerprint: str) -> str:
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
