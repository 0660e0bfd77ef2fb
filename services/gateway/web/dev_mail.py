"""Development only: the mail the dev stack's SMTP sink kept (*.eml in EVENTCENTER_DEV_MAIL_FOLDER), listed at
/dev/mail and shown one by one, so a newcomer sees what Event Center sends. Mounted only in development.

Each signed-in person sees only the mail addressed to them (To or Cc holds the email notifications has for
them), an administrator all of it; someone signed out is asked to sign in."""
import asyncio
import datetime
import email
import email.message
import email.policy
import pathlib
import re
from dataclasses import dataclass
from email.utils import getaddresses

from fastapi import APIRouter, Depends, Request
from starlette.exceptions import HTTPException

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.services.gateway.context import call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.formatting import time_and_date
from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.web.badge import unread_badge
from eventcenter.services.gateway.web.reader import reader_standing
from eventcenter.services.gateway.web.render import mark_html, page
from eventcenter.services.kernel.identity import RIGHT_ADMIN

router = APIRouter(prefix="/dev/mail", dependencies=[Depends(mark_html), Depends(unread_badge),
                                                     Depends(reader_standing)], include_in_schema=False)
# A plain file name of the folder: no separators, no leading dot, nothing but these characters.
PLAIN_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}\.eml$")
SHOWN = 200  # the newest ones; the folder keeps the rest


@dataclass(frozen=True)
class Kept:
    name: str
    moment: datetime.datetime
    to: str
    subject: str
    recipients: frozenset[str]


def _folder(request: Request) -> pathlib.Path:
    return pathlib.Path(request.app.state.settings.dev_mail_folder)


def _read(path: pathlib.Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _recipients(mail: email.message.EmailMessage) -> frozenset[str]:
    headers = [str(value) for name in ("To", "Cc") for value in mail.get_all(name, [])]
    return frozenset(address.lower() for _, address in getaddresses(headers) if address)


async def _readable_by(request: Request) -> frozenset[str] | None:
    """The addresses whose mail the reader may see; None: all of it (an administrator)."""
    ctx = call_context(request)
    if ctx.identity.anonymous:
        raise ApiError.translated(401, "web-sign-in-required", ctx.language)
    if ctx.reader.has(RIGHT_ADMIN):
        return None
    contact = await ctx.notifications.GetContact(napi.GetContactRequest())
    return frozenset({contact.email.lower()}) if contact.email else frozenset()


def _shown_to(recipients: frozenset[str], readable: frozenset[str] | None) -> bool:
    return readable is None or bool(recipients & readable)


def _kept(path: pathlib.Path) -> Kept:
    mail = _read(path)
    date = mail["Date"]
    moment = getattr(date, "datetime", None) or datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC)
    return Kept(path.name, moment, str(mail["To"] or ""), str(mail["Subject"] or ""), _recipients(mail))


def _inside(folder: pathlib.Path, path: pathlib.Path) -> bool:
    """A file of the folder itself: not a link to somewhere else."""
    return not path.is_symlink() and path.is_file() and path.resolve().parent == folder.resolve()


def _newest(folder: pathlib.Path, readable: frozenset[str] | None) -> list[Kept]:
    """The sink names files by arrival time, so the name orders them."""
    paths = sorted((p for p in folder.glob("*.eml") if _inside(folder, p)), key=lambda p: p.name, reverse=True)
    shown = []
    for path in paths:
        kept = _kept(path)
        if _shown_to(kept.recipients, readable):
            shown.append(kept)
            if len(shown) == SHOWN:
                break
    return shown


def _message(folder: pathlib.Path, name: str, readable: frozenset[str] | None) -> dict | None:
    path = folder / name
    if not PLAIN_NAME.match(name) or not _inside(folder, path):
        return None
    mail = _read(path)
    if not _shown_to(_recipients(mail), readable):
        return None  # as if it were not there
    body = mail.get_body(("plain",))
    return {"name": name, "headers": [(key, str(value)) for key, value in mail.items()],
            "text": body.get_content() if body is not None else None,
            "attachments": [part.get_filename() or part.get_content_type() for part in mail.iter_attachments()]}


@router.get("")
async def mail_list(request: Request):
    readable = await _readable_by(request)
    folder = _folder(request)
    kept = await asyncio.to_thread(_newest, folder, readable) if folder.is_dir() else []
    language = language_of(request)
    return page(request, "dev_mail.html", folder=str(folder), kept=kept, readable=readable,
                when=lambda moment: time_and_date(moment, language))


@router.get("/{name}")
async def mail_message(name: str, request: Request):
    readable = await _readable_by(request)
    shown = await asyncio.to_thread(_message, _folder(request), name, readable)
    if shown is None:
        raise HTTPException(404)
    return page(request, "dev_mail_message.html", mail=shown)
