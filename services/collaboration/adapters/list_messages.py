"""ListEvents in protobuf: the request as the filters it asks for, and a page of rows as the list shows them."""
from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.services.collaboration.domain import rows
from eventcenter.services.collaboration.domain.asked_filters import AskedFilters
from eventcenter.services.collaboration.domain.filters import ONGOING, UPCOMING
from eventcenter.services.collaboration.service_layer.event_list_cases import EventPage
from eventcenter.services.contracts.enums import FROM_LIST_PARTICIPATION, TO_LIST_PARTICIPATION

SECTIONS = {api.SECTION_ONGOING: ONGOING, api.SECTION_UPCOMING: UPCOMING}


def asked_filters(request: api.ListEventsRequest) -> AskedFilters:
    participation = FROM_LIST_PARTICIPATION.get(request.participation, "") if request.participation else ""
    if request.participation and not participation:
        participation = "?"  # an unknown enum value: named by the check
    return AskedFilters(
        SECTIONS.get(request.section, ""), request.name, request.query, tuple(request.types), request.start_date,
        request.end_date, participation, request.country_code, tuple(request.wikis), request.include_all_wikis,
        tuple(request.topics), request.with_places_left, request.page_size)


def row_message(row) -> api.EventRow:
    wikis, more_wikis = rows.some_wikis(list(row.wikis))
    people = list(zip(row.organizer_user_ids or (), row.organizer_user_names or (), row.organizer_creators or (),
                      strict=False))
    shown, more_people = rows.some_organizers(people)
    message = api.EventRow(
        id=row.id, name=row.name, page_title=row.page_title, page_wiki=row.page_wiki, timezone=row.timezone,
        start_local_time=row.start_local, end_local_time=row.end_local,
        participation=TO_LIST_PARTICIPATION.get(row.participation, api.PARTICIPATION_UNSPECIFIED),
        country_code=row.country_code, types=list(row.types), wikis=wikis, more_wikis=more_wikis,
        all_wikis=row.all_wikis, topics=list(row.topics),
        organizers=[api.Organizer(user_id=i, user_name=n, creator=c) for i, n, c in shown],
        more_organizers=more_people, participant_count=row.registered, participant_limit=row.participant_limit,
        registration_open=row.open, description=row.description)
    message.start_time.FromDatetime(row.start_utc)
    message.end_time.FromDatetime(row.end_utc)
    return message


def list_reply(page: EventPage) -> api.ListEventsResponse:
    return api.ListEventsResponse(events=[row_message(r) for r in page.rows], next_page_token=page.next_page_token)
