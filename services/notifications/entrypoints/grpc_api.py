"""gRPC NotificationsService: a person's contact, preferences and inbox; the delivery log for operators."""
import datetime
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.notifications.v1 import notifications_service_pb2 as api
from eventcenter.notifications.v1 import notifications_service_pb2_grpc as api_grpc
from eventcenter.services.kernel.errors import PermissionDenied, invalid
from eventcenter.services.kernel.i18n import current_language, languages
from eventcenter.services.kernel.id_pages import after_id, page_size, page_token
from eventcenter.services.kernel.identity import RIGHT_ADMIN, Identity, signed_in
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.notifications.adapters import contacts, deliveries, inbox
from eventcenter.services.notifications.domain import codec, kinds
from eventcenter.services.notifications.domain.kinds import Switches, switches_of
from eventcenter.services.notifications.rendering import line_texts, subject_text

KIND_NAMES = {api.NotificationKind.Value("NOTIFICATION_KIND_" + kind.upper()): kind for kind in kinds.KINDS}
KIND_VALUES = {name: value for value, name in KIND_NAMES.items()}
STATE_NAMES = {api.DELIVERY_STATE_PENDING: "pending", api.DELIVERY_STATE_SENDING: "sending",
               api.DELIVERY_STATE_SENT: "sent", api.DELIVERY_STATE_DEAD: "dead"}
STATE_VALUES = {name: value for value, name in STATE_NAMES.items()}
MAX_INBOX_PAGE, DEFAULT_INBOX_PAGE = 100, 20
MAX_LOG_PAGE, DEFAULT_LOG_PAGE = 1000, 100
MAX_IDS = 10_000
MAX_EMAIL_LENGTH = 254


def _kind(value: int, field_name: str) -> str:
    if value not in KIND_NAMES:
        raise invalid(field_name, "violation-kind-unknown")
    return KIND_NAMES[value]


class NotificationsServicer(api_grpc.NotificationsServiceServicer):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], now: Callable[[], datetime.datetime]) -> None:
        self.sessions = sessions
        self.now = now

    def _contact_message(self, caller: Identity, row) -> api.Contact:
        if row is None:
            return api.Contact(user_id=caller.user_id, user_name=caller.name, language=current_language.get())
        return api.Contact(user_id=row.user_id, user_name=row.user_name, email=row.email or "", language=row.language,
                           update_time=timestamp(row.update_time))

    async def GetContact(self, request, context):
        caller = signed_in("error-sign-in-required")
        async with self.sessions() as session:
            return self._contact_message(caller, await contacts.contact(session, caller.user_id))

    async def UpdateContact(self, request, context):
        caller = signed_in("error-sign-in-required")
        email = request.email.strip()
        if email and not request.email_confirmed:
            raise invalid("email_confirmed", "violation-email-not-confirmed")
        if email and (len(email) > MAX_EMAIL_LENGTH or email.count("@") != 1 or any(c.isspace() for c in email)):
            raise invalid("email", "violation-email-invalid")
        if request.language and request.language not in languages():
            raise invalid("language", "violation-language-unknown", known=", ".join(languages()))
        async with self.sessions() as session, session.begin():
            row = await contacts.save_contact(session, caller.user_id, caller.name, email or None,
                                              request.language or None, self.now())
        return self._contact_message(caller, row)

    async def _preferences(self, session: AsyncSession, caller: Identity) -> api.Preferences:
        saved = await contacts.switches(session, caller.user_id)
        row = await contacts.contact(session, caller.user_id)
        chosen = [api.KindPreference(kind=KIND_VALUES[kind], email=switches_of(saved, kind).email,
                                     in_app=switches_of(saved, kind).in_app) for kind in kinds.KINDS]
        return api.Preferences(kinds=chosen, accept_user_mail=row.accept_user_mail if row else True)

    async def GetPreferences(self, request, context):
        caller = signed_in("error-sign-in-required")
        async with self.sessions() as session:
            return await self._preferences(session, caller)

    async def UpdatePreferences(self, request, context):
        caller = signed_in("error-sign-in-required")
        chosen = {_kind(item.kind, f"kinds[{i}].kind"): Switches(item.email, item.in_app)
                  for i, item in enumerate(request.kinds)}
        async with self.sessions() as session, session.begin():
            for kind, switches in chosen.items():
                await contacts.save_switches(session, caller.user_id, kind, switches)
            if request.HasField("accept_user_mail"):
                await contacts.set_accept_user_mail(session, caller.user_id, caller.name, request.accept_user_mail)
            return await self._preferences(session, caller)

    def _item(self, row, language: str) -> api.InboxItem:
        message = codec.loads(row.content)
        link = next((line.link for line in message.lines if line.link), "")
        return api.InboxItem(id=row.id, kind=KIND_VALUES.get(row.kind, 0), subject=subject_text(message, language),
                             lines=line_texts(message, language), link=link, event_id=row.event_id or 0,
                             create_time=timestamp(row.create_time), read_time=timestamp(row.read_time))

    async def ListInboxItems(self, request, context):
        caller = signed_in("error-sign-in-required")
        size = page_size(request.page_size, DEFAULT_INBOX_PAGE, MAX_INBOX_PAGE)
        after = after_id(request.page_token)
        async with self.sessions() as session:
            rows = await inbox.page(session, caller.user_id, after, size + 1, request.unread_only)
            unread = await inbox.unread_count(session, caller.user_id)
        language = current_language.get()
        shown = rows[:size]
        return api.ListInboxItemsResponse(
            items=[self._item(row, language) for row in shown], unread_count=unread,
            next_page_token=page_token(shown[-1].id) if len(rows) > size else "")

    async def MarkInboxItemsRead(self, request, context):
        caller = signed_in("error-sign-in-required")
        if not request.all and not request.ids:
            raise invalid("ids", "violation-ids-or-all")
        if len(request.ids) > MAX_IDS:
            raise invalid("ids", "violation-too-many-ids", max=MAX_IDS)
        async with self.sessions() as session, session.begin():
            marked = await inbox.mark_read(session, caller.user_id, None if request.all else list(request.ids),
                                           self.now())
            unread = await inbox.unread_count(session, caller.user_id)
        return api.MarkInboxItemsReadResponse(marked=marked, unread_count=unread)

    async def CountReachable(self, request, context):
        signed_in("error-sign-in-required")
        if len(request.user_ids) > MAX_IDS:
            raise invalid("user_ids", "violation-too-many-ids", max=MAX_IDS)
        async with self.sessions() as session:
            found = await contacts.reachable_by_email(session, list(set(request.user_ids)), kinds.ORGANIZER_MESSAGE,
                                                      user_mail=True)
        return api.CountReachableResponse(reachable=len(found), reachable_user_ids=found)

    async def ListDeliveries(self, request, context):
        caller = signed_in("error-sign-in-required")
        if not caller.has(RIGHT_ADMIN):
            raise PermissionDenied("ADMIN_REQUIRED", "error-admin-required")
        size = page_size(request.page_size, DEFAULT_LOG_PAGE, MAX_LOG_PAGE)
        if request.state and request.state not in STATE_NAMES:
            raise invalid("state", "violation-state-unknown")
        after = after_id(request.page_token)
        async with self.sessions() as session:
            rows = await deliveries.log_page(session, STATE_NAMES.get(request.state, ""), request.user_id,
                                             request.event_id, after, size + 1)
            counts = await deliveries.state_counts(session)
        shown = rows[:size]
        return api.ListDeliveriesResponse(
            deliveries=[api.Delivery(
                id=row.id, message_key=row.key, kind=KIND_VALUES.get(row.kind, 0), user_id=row.user_id,
                address=row.address, state=STATE_VALUES[row.state], attempts=row.attempts, last_error=row.last_error,
                create_time=timestamp(row.create_time), next_attempt_time=timestamp(row.next_attempt_time),
                sent_time=timestamp(row.sent_time), event_id=row.event_id or 0) for row in shown],
            next_page_token=page_token(shown[-1].id) if len(rows) > size else "",
            state_counts={name.upper(): counts.get(name, 0) for name in STATE_NAMES.values()})
