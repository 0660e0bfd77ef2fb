"""A person's contact and choices: an address kept only once confirmed, a kind turned off by email still reaching
the inbox (and the other way round), and organizers' mail only to those who accept mail from other users."""
import pytest

from eventcenter.registration.v1 import events_pb2 as events
from eventcenter.services.kernel.errors import InvalidArgument
from eventcenter.services.notifications.domain import kinds
from eventcenter.services.notifications.domain.kinds import Switches
from eventcenter.services.notifications.service_layer import operators, preferences
from eventcenter.services.notifications.service_layer.preferences import Person
from tests.service_layer.fakes_notifications import event, inbox_of, mails_to, notifications, participant, react

ADA = Person(21, "Ada")


@pytest.mark.parametrize(("email", "confirmed", "field"), [
    ("ada@mail.test", False, "email_confirmed"), ("ada@@mail.test", True, "email"), ("a da@mail.test", True, "email"),
    ("x" * 250 + "@mail.test", True, "email")])
async def test_an_address_is_kept_only_when_confirmed_and_well_formed(email, confirmed, field):
    wiring, uow, _ = notifications()
    with pytest.raises(InvalidArgument) as refused:
        await uow.run(lambda work: preferences.update_contact(work, ADA, email, confirmed, ""))
    assert [v.field for v in refused.value.violations] == [field]
    assert uow.tables.contacts == {}


async def test_a_contact_keeps_its_language_when_none_is_given_and_forgets_an_emptied_address():
    wiring, uow, _ = notifications()
    await uow.run(lambda work: preferences.update_contact(work, ADA, " ada@mail.test ", True, "fr"))
    row = await uow.run(lambda work: preferences.update_contact(work, ADA, "", False, ""))
    assert (row.email, row.language) == (None, "fr")
    assert await uow.run(lambda work: preferences.contact(work, Person(99, "Nobody"))) is None


async def test_every_kind_is_on_until_turned_off_and_a_kind_off_by_email_still_reaches_the_inbox():
    wiring, uow, _ = notifications()
    await uow.run(lambda work: preferences.update_contact(work, ADA, "ada@mail.test", True, ""))
    shown = await uow.run(lambda work: preferences.preferences(work, ADA))
    assert set(shown.switches) == set(kinds.KINDS) and shown.accept_user_mail
    assert all(s == Switches() for s in shown.switches.values())
    chosen = {kinds.CONFIRMATION: Switches(email=False, in_app=True)}
    shown = await uow.run(lambda work: preferences.update_preferences(work, ADA, chosen, accept_user_mail=False))
    assert shown.switches[kinds.CONFIRMATION] == Switches(False, True) and not shown.accept_user_mail
    assert shown.switches[kinds.REMINDER] == Switches()
    await react(wiring, events.ParticipantRegistered(event=event(), participant=participant(ADA.user_id)))
    assert mails_to(uow, ADA.user_id) == [] and inbox_of(uow, ADA.user_id) == [kinds.CONFIRMATION]


async def test_those_who_refuse_user_mail_are_not_counted_as_reachable_by_organizers():
    wiring, uow, _ = notifications()
    bea, cy = Person(22, "Bea"), Person(23, "Cy")
    for someone in (ADA, bea):
        await uow.run(lambda work, someone=someone: preferences.update_contact(work, someone, f"{someone.name}@m.test",
                                                                               True, ""))
    await uow.run(lambda work: preferences.update_preferences(work, bea, {}, accept_user_mail=False))
    reached = await uow.run(lambda work: operators.reachable(work, [ADA.user_id, bea.user_id, cy.user_id,
                                                                    ADA.user_id]))
    assert reached == [ADA.user_id]
    with pytest.raises(InvalidArgument):
        await uow.run(lambda work: operators.reachable(work, list(range(operators.MAX_IDS + 1))))
