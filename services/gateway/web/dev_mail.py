"""Development only: the mail the dev stack's SMTP sink kept (*.eml in EVENTCENTER_DEV_MAIL_FOLDER), listed at
/dev/mail and shown one by one, so a newcomer sees what Event Center sends. Mounted only in development."""
import asyncio
import datetime
import email
import email.message
import email.policy
import pathlib
import re
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from starlette.exceptions import HTTPException

from eventcenter.services.gateway.formatting import time_and_date
from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.web.badge import unread_badge
from eventcenter.services.gateway.web.render import mark_html, page

router = APIRouter(prefix="/dev/mail", dependencies=[Depends(mark_html), Depends(unread_badge)],
                   include_in_schema=False)
# A plain file name of the folder: no separators, no leading dot, nothing but these characters.
PLAIN_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}\.eml$")
SHOWN = 200  # the newest ones; the folder keeps the rest


@dataclass(frozen=True)
class Kept:
    name: str
    moment: datetime.datetime
    to: str
    subject: str


def _folder(request: Request) -> pathlib.Path:
    return pathlib.Path(request.app.state.settings.dev_mail_folder)


def _read(path: pathlib.Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _kept(path: pathlib.Path) -> Kept:
    mail = _read(path)
    date = mail["Date"]
    moment = getattr(date, "datetime", None) or datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC)
    return Kept(path.name, moment, str(mail["To"] or ""), str(mail["Subject"] or ""))


def _inside(folder: pathlib.Path, path: pathlib.Path) -> bool:
    """A file of the folder itself: not a link to somewhere else."""
    return not path.is_symlink() and path.is_file() and path.resolve().parent == folder.resolve()


def _newest(folder: pathlib.Path) -> list[Kept]:
    """The sink names files by arrival time, so the name orders them."""
    paths = sorted((p for p in folder.glob("*.eml") if _inside(folder, p)), key=lambda p: p.name, reverse=True)
    return [_kept(p) for p in paths[:SHOWN]]


def _message(folder: pathlib.Path, name: str) -> dict | None:
    path = folder / name
    if not PLAIN_NAME.match(name) or not _inside(folder, path):
        return None
    mail = _read(path)
    body = mail.get_body(("plain",))
    return {"name": name, "headers": [(key, str(value)) for key, value in mail.items()],
            "text": body.get_content() if body is not None else None,
            "attachments": [part.get_filename() or part.get_content_type() for part in mail.iter_attachments()]}


@router.get("")
async def mail_list(request: Request):
    folder = _folder(request)
    kept = await asyncio.to_thread(_newest, folder) if folder.is_dir() else []
    language = language_of(request)
    return page(request, "dev_mail.html", folder=str(folder), kept=kept,
                when=lambda moment: time_and_date(moment, language))


@router.get("/{name}")
async def mail_message(name: str, request: Request):
    shown = await asyncio.to_thread(_message, _folder(request), name)
    if shown is None:
        raise HTTPException(404)
    return page(request, "dev_mail_message.html", mail=shown)
