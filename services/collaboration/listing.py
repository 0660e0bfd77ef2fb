"""ListEvents: checked filters, one keyset page from the read model, rows as the list shows them."""
import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.services.collaboration.adapters import queries
from eventcenter.services.collaboration.domain import page_tokens, rows
from eventcenter.services.collaboration.domain.filters import (
    ONGOING,
    UPCOMING,
    Filters,
    check,
)
from eventcenter.services.contracts.enums import FROM_LIST_PARTICIPATION, TO_LIST_PARTICIPATION
from eventcenter.services.kernel.errors import InvalidArgument

SECTIONS = {api.SECTION_ONGOING: ONGOING, api.SECTION_UPCOMING: UPCOMING}


def filters_from(request: api.ListEventsRequest, today: datetime.date) -> Filters:
    participation = FROM_LIST_PARTICIPATION.get(request.participation, "") if request.participation else ""
    if request.participation and not participation:
        participation = "?"  # an unknown enum value: named by check()
    found, problems = check(
        SECTIONS.get(request.section, ""), request.name, request.query, request.types, request.start_date,
        request.end_date, participation, request.country_code, request.wikis, request.include_all_wikis,
        request.topics, request.with_places_left, request.page_size, today)
    if problems:
        raise InvalidArgument(problems)
    return found


def row_message(row) -> api.EventRow:
    wikis, more_wikis = rows.some_wikis(list(row.wikis))
    people = list(
        zip(row.organizer_user_ids or (), row.organizer_user_names or (), row.organizer_creators or (), strict=False)
    )
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


class Listing:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], token_secret: bytes, clock=None) -> None:
        self.sessions = sessions
        self.token_secret = token_secret
        self.clock = clock or (lambda: datetime.datetime.now(datetime.UTC))

    async def list_events(self, request: api.ListEventsRequest) -> api.ListEventsResponse:
        now = self.clock()
        f = filters_from(request, now.date())
        after = page_tokens.decode(request.page_token, f.fingerprint(), self.token_secret) \
            if request.page_token else None
        async with self.sessions() as session:
            found = await queries.page(session, f, now, after)
            shown = found[:f.page_size]
        token = ""
        if len(found) > f.page_size:
            token = page_tokens.encode(shown[-1][1], f.fingerprint(), self.token_secret)
        return api.ListEventsResponse(events=[row_message(r) for r, _ in shown],
                                      next_page_token=token)
