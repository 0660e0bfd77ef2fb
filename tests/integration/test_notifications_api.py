"""The notifications gRPC API: a person's contact and preferences, the inbox, and clear refusals that change
nothing."""
import grpc
import pytest

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.services.kernel.identity import ANONYMOUS
from tests import builders
from tests.notifications_helpers import address_of, inbox_of, with_email
from tests.people import md, organizer, person


async def _refused(call, request, someone, code=grpc.StatusCode.INVALID_ARGUMENT) -> str:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call(request, metadata=md(someone))
    assert refused.value.code() == code
    return refused.value.details()


async def test_a_confirmed_email_and_language_are_kept_and_can_be_cleared(notifications_stub):
    someone = person()
    fresh = await notifications_stub.GetContact(napi.GetContactRequest(), metadata=md(someone))
    assert fresh.email == "" and fresh.user_id == someone.user_id
    kept = await notifications_stub.UpdateContact(napi.UpdateContactRequest(
        email=address_of(someone), email_confirmed=True, language="fr"), metadata=md(someone))
    assert kept.email == address_of(someone) and kept.language == "fr" and kept.user_name == someone.name
    cleared = await notifications_stub.UpdateContact(napi.UpdateContactRequest(), metadata=md(someone))
    assert cleared.email == "" and cleared.language == "fr"  # an empty language keeps the one chosen


async def test_bad_contacts_are_refused_and_change_nothing(notifications_stub):
    someone = await with_email(notifications_stub)
    update = notifications_stub.UpdateContact
    assert "confirmed" in await _refused(update, napi.UpdateContactRequest(email="new@mail.test"), someone)
    for address in ("not-an-address", "two@@mail.test", "sp ace@mail.test", "x" * 250 + "@mail.test"):
        await _refused(update, napi.UpdateContactRequest(email=address, email_confirmed=True), someone)
    await _refused(update, napi.UpdateContactRequest(language="xx-nowhere"), someone)
    contact = await notifications_stub.GetContact(napi.GetContactRequest(), metadata=md(someone))
    assert contact.email == address_of(someone) and contact.language == "en"


async def test_anonymous_callers_have_no_contact_or_inbox(notifications_stub):
    for call, request in ((notifications_stub.GetContact, napi.GetContactRequest()),
                          (notifications_stub.ListInboxItems, napi.ListInboxItemsRequest()),
                          (notifications_stub.GetPreferences, napi.GetPreferencesRequest())):
        await _refused(call, request, ANONYMOUS, grpc.StatusCode.PERMISSION_DENIED)


async def test_preferences_start_all_on_and_change_only_what_is_named(notifications_stub):
    someone = person()
    start = await notifications_stub.GetPreferences(napi.GetPreferencesRequest(), metadata=md(someone))
    assert start.accept_user_mail and all(k.email and k.in_app for k in start.kinds) and len(start.kinds) == 7
    changed = await notifications_stub.UpdatePreferences(napi.UpdatePreferencesRequest(
        kinds=[napi.KindPreference(kind=napi.NOTIFICATION_KIND_REMINDER, email=False, in_app=True)]),
        metadata=md(someone))
    by_kind = {k.kind: k for k in changed.kinds}
    assert not by_kind[napi.NOTIFICATION_KIND_REMINDER].email and by_kind[napi.NOTIFICATION_KIND_REMINDER].in_app
    assert by_kind[napi.NOTIFICATION_KIND_EVENT_CHANGED].email and changed.accept_user_mail
    declined = await notifications_stub.UpdatePreferences(napi.UpdatePreferencesRequest(accept_user_mail=False),
                                                          metadata=md(someone))
    assert not declined.accept_user_mail and not {k.kind: k for k in declined.kinds}[
        napi.NOTIFICATION_KIND_REMINDER].email


async def test_an_unknown_kind_is_refused_and_nothing_is_saved(notifications_stub):
    someone = person()
    request = napi.UpdatePreferencesRequest(kinds=[
        napi.KindPreference(kind=napi.NOTIFICATION_KIND_REMINDER, email=False),
        napi.KindPreference(kind=0, email=False)])
    assert "kind" in await _refused(notifications_stub.UpdatePreferences, request, someone)
    kept = await notifications_stub.GetPreferences(napi.GetPreferencesRequest(), metadata=md(someone))
    assert all(k.email for k in kept.kinds)


async def test_the_inbox_pages_newest_first_and_marks_items_read(stub, notifications_stub):
    someone = await with_email(notifications_stub)
    for _ in range(3):
        event = await builders.create(stub, md(organizer()))
        await builders.register(stub, md(someone), event.id)
    await inbox_of(notifications_stub, someone, count=3)
    first = await notifications_stub.ListInboxItems(napi.ListInboxItemsRequest(page_size=2), metadata=md(someone))
    assert len(first.items) == 2 and first.next_page_token and first.unread_count == 3
    assert first.items[0].id > first.items[1].id and first.items[0].link.endswith(f"/event/{event.id}")
    rest = await notifications_stub.ListInboxItems(napi.ListInboxItemsRequest(
        page_size=2, page_token=first.next_page_token), metadata=md(someone))
    assert len(rest.items) == 1 and not rest.next_page_token
    marked = await notifications_stub.MarkInboxItemsRead(napi.MarkInboxItemsReadRequest(
        ids=[first.items[0].id]), metadata=md(someone))
    assert marked.marked == 1 and marked.unread_count == 2
    unread = await notifications_stub.ListInboxItems(napi.ListInboxItemsRequest(unread_only=True),
                                                     metadata=md(someone))
    assert [item.id for item in unread.items] == [first.items[1].id, rest.items[0].id]
    everything = await notifications_stub.MarkInboxItemsRead(napi.MarkInboxItemsReadRequest(all=True),
                                                             metadata=md(someone))
    assert everything.marked == 2 and everything.unread_count == 0


async def test_no_one_marks_or_reads_anothers_inbox(stub, notifications_stub):
    owner, intruder = await with_email(notifications_stub), person()
    await builders.register(stub, md(owner), (await builders.create(stub, md(organizer()))).id)
    [item] = await inbox_of(notifications_stub, owner)
    marked = await notifications_stub.MarkInboxItemsRead(napi.MarkInboxItemsReadRequest(ids=[item.id]),
                                                         metadata=md(intruder))
    assert marked.marked == 0
    seen = await notifications_stub.ListInboxItems(napi.ListInboxItemsRequest(), metadata=md(intruder))
    assert list(seen.items) == []
    [still] = await inbox_of(notifications_stub, owner)
    assert not still.HasField("read_time")


async def test_bad_inbox_requests_are_refused(notifications_stub):
    someone = person()
    await _refused(notifications_stub.ListInboxItems, napi.ListInboxItemsRequest(page_size=101), someone)
    await _refused(notifications_stub.ListInboxItems, napi.ListInboxItemsRequest(page_token="%%%"), someone)
    await _refused(notifications_stub.MarkInboxItemsRead, napi.MarkInboxItemsReadRequest(), someone)
