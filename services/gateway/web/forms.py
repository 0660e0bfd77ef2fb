"""What web forms share: the CSRF check, the caller's context, and service refusals shown beside fields."""
from dataclasses import dataclass, field

from fastapi import Request

from eventcenter.services.gateway.context import CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.rest.csrf import check_csrf
from eventcenter.services.kernel.i18n import translate


@dataclass
class Problems:
    """A refusal as a form shows it: a summary, and messages per field name."""
    summary: str | None = None
    fields: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_error(cls, error: ApiError, language: str) -> "Problems":
        """Refused fields: a plain summary above, every problem by its field (one field may have several)."""
        fields: dict[str, str] = {}
        for violation in error.details.get("fieldViolations", []):
            said = fields.get(violation["field"])
            fields[violation["field"]] = f"{said} {violation['description']}" if said else violation["description"]
        if fields:
            return cls(translate("web-form-problems", language), fields)
        return cls(error.messages.get(language) or error.messages.get("en"), fields)

    def __bool__(self) -> bool:
        return bool(self.summary or self.fields)


def posted_revision(form) -> int | None:
    """The revision a form was shown with (its hidden `revision` field); None from a form that carries none."""
    text = str(form.get("revision", "")).strip()
    return int(text) if text.isdecimal() and text.isascii() and len(text) < 19 else None


def edit_conflict(language: str) -> Problems:
    """Someone else saved since the form was shown: nothing was saved, the form comes back as it was typed."""
    return Problems(translate("web-edit-conflict", language))


async def posted(request: Request) -> tuple[CallContext, dict]:
    """The context and the form of a POST, after the CSRF check (403 rest-badtoken without the token)."""
    ctx = call_context(request)
    form = await request.form()
    check_csrf(request, str(form.get("token", "")), ctx.language)
    return ctx, form


def require_sign_in(ctx: CallContext) -> None:
    """401 for anonymous callers: a page opened with GET then asks them to sign in and comes back (app.py)."""
    if ctx.identity.anonymous:
        raise ApiError.translated(401, "web-sign-in-required", ctx.language)
