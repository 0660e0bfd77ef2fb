"""The dev stack's identity secret, made once and kept in the data folder."""
import os
import pathlib
import secrets


def home() -> pathlib.Path:
    return pathlib.Path(os.environ.get("EVENTCENTER_HOME", ".eventcenter")).resolve()


def identity_secret(folder: pathlib.Path | None = None) -> str:
    """EVENTCENTER_IDENTITY_SECRET when set; else the dev stack's own, created on first use."""
    return _secret("EVENTCENTER_IDENTITY_SECRET", (folder or home()) / "identity-secret")


def session_secret(folder: pathlib.Path | None = None) -> str:
    """EVENTCENTER_SESSION_SECRET when set; else the dev stack's own, created on first use."""
    return _secret("EVENTCENTER_SESSION_SECRET", (folder or home()) / "session-secret")


def _secret(variable: str, path: pathlib.Path) -> str:
    if os.environ.get(variable):
        return os.environ[variable]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def page_token_secret(folder: pathlib.Path | None = None) -> str:
    """EVENTCENTER_PAGE_TOKEN_SECRET when set; else the dev stack's own, created on first use."""
    return _secret("EVENTCENTER_PAGE_TOKEN_SECRET", (folder or home()) / "page-token-secret")


def nats_passwords(folder: pathlib.Path | None = None) -> dict[str, str]:
    """Each service's NATS password, the gateway's and the operator's, created on first use
    (nats-passwords/<user>)."""
    from eventcenter.services.kernel import nats_access

    where = (folder or home()) / "nats-passwords"
    return {user: _secret(f"EVENTCENTER_DEV_{nats_access.password_variable(user)}", where / user)
            for user in nats_access.USERS}
