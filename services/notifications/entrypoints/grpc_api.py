"""gRPC NotificationsService: a person's contact, preferences and inbox; the delivery log for operators. Each call
maps its request to a use case (service_layer/) and the result to its reply (adapters/api_mapping.py)."""
from eventcenter.notifications.v1 import notifications_service_pb2 as api
from eventcenter.notifications.v1 import notifications_service_pb2_grpc as api_grpc
from eventcenter.services.kernel.i18n import current_language
from eventcenter.services.kernel.identity import RIGHT_ADMIN, signed_in
from eventcenter.services.notifications.adapters import api_mapping as mapping
from eventcenter.services.notifications.service_layer import inbox, operators, preferences
from eventcenter.services.notifications.service_layer.preferences import Person
from eventcenter.services.notifications.service_layer.unit_of_work import UnitOfWork


def _person() -> Person:
    caller = signed_in("error-sign-in-required")
    return Person(caller.user_id, caller.name)


class NotificationsServicer(api_grpc.NotificationsServiceServicer):
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def GetContact(self, request, context):
        person = _person()
        row = await self.uow.run(lambda work: preferences.contact(work, person))
        return mapping.contact(person, row, current_language.get())

    async def UpdateContact(self, request, context):
        person = _person()
        row = await self.uow.run(lambda work: preferences.update_contact(
            work, person, request.email, request.email_confirmed, request.language))
        return mapping.contact(person, row, current_language.get())

    async def GetPreferences(self, request, context):
        person = _person()
        return mapping.preferences(await self.uow.run(lambda work: preferences.preferences(work, person)))

    async def UpdatePreferences(self, request, context):
        person = _person()
        chosen = mapping.chosen_switches(request)
        accept = request.accept_user_mail if request.HasField("accept_user_mail") else None
        return mapping.preferences(await self.uow.run(
            lambda work: preferences.update_preferences(work, person, chosen, accept)))

    async def ListInboxItems(self, request, context):
        person = _person()
        page = await self.uow.run(lambda work: inbox.inbox_page(work, person.user_id, request.page_token,
                                                                request.page_size, request.unread_only))
        language = current_language.get()
        return api.ListInboxItemsResponse(
            items=[mapping.inbox_item(row, language) for row in page.items], unread_count=page.unread,
            next_page_token=page.next_token)

    async def MarkInboxItemsRead(self, request, context):
        person = _person()
        marked = await self.uow.run(lambda work: inbox.mark_read(work, person.user_id, list(request.ids),
                                                                 request.all))
        return api.MarkInboxItemsReadResponse(marked=marked.marked, unread_count=marked.unread)

    async def CountReachable(self, request, context):
        _person()
        found = await self.uow.run(lambda work: operators.reachable(work, list(request.user_ids)))
        return api.CountReachableResponse(reachable=len(found), reachable_user_ids=found)

    async def ListDeliveries(self, request, context):
        caller = signed_in("error-sign-in-required")
        page = await self.uow.run(lambda work: operators.delivery_log(
            work, caller.has(RIGHT_ADMIN), mapping.state_name(request.state), request.user_id, request.event_id,
            request.page_token, request.page_size))
        return api.ListDeliveriesResponse(
            deliveries=[mapping.delivery(row) for row in page.deliveries],
            next_page_token=page.next_token,
            state_counts=mapping.state_counts(page.state_counts))
