"""Pages of a caller's own rows, newest first by id: the page size asked for, and an opaque token that names the
last id shown. The id is only a position in the caller's own list, so a made-up token reveals nothing."""
import base64

from eventcenter.services.kernel.errors import invalid


def page_size(value: int, default: int, largest: int) -> int:
    if value < 0 or value > largest:
        raise invalid("page_size", "violation-page-size", max=largest)
    return value or default


def page_token(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def after_id(token: str) -> int:
    """0 for no token."""
    if not token:
        return 0
    try:
        prefix, _, number = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().partition(":")
        if prefix == "after" and number.isdecimal():
            return int(number)
    except (ValueError, UnicodeDecodeError):
        pass
    raise invalid("page_token", "violation-page-token")
