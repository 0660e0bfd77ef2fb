"""A person's contact (address, language) and their choices: which kinds of notification reach them by which
channel, and whether other users (organizers) may write to them."""
from dataclasses import dataclass
from typing import Any

from eventcenter.services.kernel.errors import invalid
from eventcenter.services.kernel.i18n import languages
from eventcenter.services.notifications.domain import kinds
from eventcenter.services.notifications.domain.kinds import Switches, switches_of
from eventcenter.services.notifications.service_layer.unit_of_work import Work

MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True)
class Person:
    """Who is asking: their user id and name (from the caller's identity)."""
    user_id: int
    name: str


@dataclass(frozen=True)
class Preferences:
    switches: dict[str, Switches]  # every kind, its switches as chosen or the default
    accept_user_mail: bool


async def contact(work: Work, person: Person) -> Any:
    """The stored contact, or None for someone never seen."""
    return await work.contacts.contact(person.user_id)


async def update_contact(work: Work, person: Person, email: str, email_confirmed: bool, language: str) -> Any:
    """Keeps an address only once confirmed; an empty one forgets it. An empty language keeps the one stored."""
    email = email.strip()
    if email and not email_confirmed:
        raise invalid("email_confirmed", "violation-email-not-confirmed")
    if email and (len(email) > MAX_EMAIL_LENGTH or email.count("@") != 1 or any(c.isspace() for c in email)):
        raise invalid("email", "violation-email-invalid")
    if language and language not in languages():
        raise invalid("language", "violation-language-unknown", known=", ".join(languages()))
    return await work.contacts.save_contact(person.user_id, person.name, email or None, language or None, work.now)


async def preferences(work: Work, person: Person) -> Preferences:
    saved = await work.contacts.switches(person.user_id)
    row = await work.contacts.contact(person.user_id)
    return Preferences({kind: switches_of(saved, kind) for kind in kinds.KINDS},
                       row.accept_user_mail if row else True)


async def update_preferences(work: Work, person: Person, chosen: dict[str, Switches],
                             accept_user_mail: bool | None) -> Preferences:
    """Changes the kinds named (the others stay as they are), and the acceptance of user mail unless None."""
    for kind, switches in chosen.items():
        await work.contacts.save_switches(person.user_id, kind, switches)
    if accept_user_mail is not None:
        await work.contacts.set_accept_user_mail(person.user_id, person.name, accept_user_mail)
    return await preferences(work, person)
