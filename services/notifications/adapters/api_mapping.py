"""Between the gRPC API's messages and the use cases' values: kinds and delivery states as enums, and the
contact, preferences, inbox items and delivery log as replies."""
from eventcenter.notifications.v1 import notifications_service_pb2 as api
from eventcenter.services.kernel.errors import invalid
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.notifications.adapters.rendering import line_texts, subject_text
from eventcenter.services.notifications.domain import codec, kinds
from eventcenter.services.notifications.domain.kinds import Switches
from eventcenter.services.notifications.service_layer.preferences import Person, Preferences

KIND_NAMES = {api.NotificationKind.Value("NOTIFICATION_KIND_" + kind.upper()): kind for kind in kinds.KINDS}
KIND_VALUES = {name: value for value, name in KIND_NAMES.items()}
STATE_NAMES = {api.DELIVERY_STATE_PENDING: "pending", api.DELIVERY_STATE_SENDING: "sending",
               api.DELIVERY_STATE_SENT: "sent", api.DELIVERY_STATE_DEAD: "dead"}
STATE_VALUES = {name: value for value, name in STATE_NAMES.items()}


def kind(value: int, field_name: str) -> str:
    if value not in KIND_NAMES:
        raise invalid(field_name, "violation-kind-unknown")
    return KIND_NAMES[value]


def chosen_switches(request: api.UpdatePreferencesRequest) -> dict[str, Switches]:
    return {kind(item.kind, f"kinds[{i}].kind"): Switches(item.email, item.in_app)
            for i, item in enumerate(request.kinds)}


def state_name(value: int) -> str | None:
    """"" for no state (every one), None for a value that names none."""
    return STATE_NAMES.get(value) if value else ""


def contact(person: Person, row, language: str) -> api.Contact:
    """The stored contact, or for someone never seen their name and the language they use now."""
    if row is None:
        return api.Contact(user_id=person.user_id, user_name=person.name, language=language)
    return api.Contact(user_id=row.user_id, user_name=row.user_name, email=row.email or "", language=row.language,
                       update_time=timestamp(row.update_time))


def preferences(chosen: Preferences) -> api.Preferences:
    return api.Preferences(kinds=[api.KindPreference(kind=KIND_VALUES[kind], email=switches.email,
                                                     in_app=switches.in_app)
                                  for kind, switches in chosen.switches.items()],
                           accept_user_mail=chosen.accept_user_mail)


def inbox_item(row, language: str) -> api.InboxItem:
    message = codec.loads(row.content)
    link = next((line.link for line in message.lines if line.link), "")
    return api.InboxItem(id=row.id, kind=KIND_VALUES.get(row.kind, 0), subject=subject_text(message, language),
                         lines=line_texts(message, language), link=link, event_id=row.event_id or 0,
                         create_time=timestamp(row.create_time), read_time=timestamp(row.read_time))


def delivery(row) -> api.Delivery:
    return api.Delivery(
        id=row.id, message_key=row.key, kind=KIND_VALUES.get(row.kind, 0), user_id=row.user_id,
        address=row.address, state=STATE_VALUES[row.state], attempts=row.attempts, last_error=row.last_error,
        create_time=timestamp(row.create_time), next_attempt_time=timestamp(row.next_attempt_time),
        sent_time=timestamp(row.sent_time), event_id=row.event_id or 0)


def state_counts(counts: dict[str, int]) -> dict[str, int]:
    return {name.upper(): counts.get(name, 0) for name in STATE_NAMES.values()}
