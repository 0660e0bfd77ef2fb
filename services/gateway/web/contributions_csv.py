"""CSV downloads of an event: its contributions, its metrics and its public participants; the same for a program
and a campaign (their events' rows one after the other, each with its event id; metrics counted together).

Streamed: the first page is asked for before answering (so a missing event is a 404, not a broken download), the
rest page by page while the body is written, so no download holds all its rows. UTF-8 without a BOM, quoted by the
csv module (RFC 4180, CRLF line ends)."""
import csv
import datetime
import io
from collections.abc import AsyncIterator, Iterable

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway import rollups
from eventcenter.services.gateway.context import CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.rest.contributions import METRICS

router = APIRouter()
CSV_TYPE = "text/csv; charset=utf-8"
PAGE = 200
# A private participant's edits are in the rows of those the service shows them to (the participant, the event's
# organizers, admins), marked so they are not passed on; everyone else finds them only in the metrics.
CONTRIBUTION_HEADER = ("wiki", "revision", "page", "user", "time", "bytes delta", "page created", "links added",
                       "links removed", "words added", "gathered", "deleted", "private")
PARTICIPANT_HEADER = ("username", "registered time")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    """A text a spreadsheet would run as a formula (a page titled "=HYPERLINK(…)") is kept as text."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_line(values: Iterable[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_inert(value) for value in values])
    return buffer.getvalue()


def _time(stamp) -> str:
    return stamp.ToDatetime(tzinfo=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def contribution_row(found: capi.Contribution) -> tuple:
    return (found.wiki, found.rev_id, found.page_title, found.user_name, _time(found.edit_time), found.bytes_delta,
            _yes(found.page_created), found.links_added, found.links_removed, found.words_added,
            _yes(found.gathered), _yes(found.deleted), _yes(found.private))


def download(lines: AsyncIterator[str], filename: str) -> StreamingResponse:
    async def encoded():
        async for line in lines:
            yield line.encode("utf-8")
    return StreamingResponse(encoded(), media_type=CSV_TYPE,
                             headers={"content-disposition": f'attachment; filename="{filename}"'})


async def contribution_rows(ctx: CallContext, event_id: int, first: capi.ListContributionsResponse | None = None):
    page = first or await ctx.contributions.ListContributions(capi.ListContributionsRequest(
        event_id=event_id, page_size=PAGE))
    while True:
        for found in page.contributions:
            yield contribution_row(found)
        if not page.next_page_token:
            return
        page = await ctx.contributions.ListContributions(capi.ListContributionsRequest(
            event_id=event_id, page_size=PAGE, page_token=page.next_page_token))


async def contribution_lines(ctx: CallContext, event_id: int, first: capi.ListContributionsResponse):
    yield csv_line(CONTRIBUTION_HEADER)
    async for row in contribution_rows(ctx, event_id, first):
        yield csv_line(row)


async def events_lines(event_ids: list[int], header: tuple, rows_of):
    """Each event's rows after its id; an event deleted meanwhile is left out."""
    yield csv_line(("event", *header))
    for event_id in event_ids:
        try:
            async for row in rows_of(event_id):
                yield csv_line((event_id, *row))
        except ApiError as error:
            if error.status != 404:
                raise


@router.get("/event/{event_id}/contributions.csv")
async def contributions_csv(event_id: int, request: Request):
    ctx = call_context(request)
    first = await ctx.contributions.ListContributions(capi.ListContributionsRequest(
        event_id=event_id, page_size=PAGE))
    return download(contribution_lines(ctx, event_id, first), f"event-{event_id}-contributions.csv")


@router.get("/event/{event_id}/metrics.csv")
async def metrics_csv(event_id: int, request: Request):
    ctx = call_context(request)
    found = await ctx.contributions.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event_id))

    return download(metric_lines(found), f"event-{event_id}-metrics.csv")


async def metric_lines(found):
    yield csv_line(("metric", "value"))
    for name in METRICS:
        yield csv_line((name, getattr(found, name)))


@router.get("/programs/{program_id}/metrics.csv")
async def program_metrics_csv(program_id: int, request: Request):
    found = await rollups.program_metrics(call_context(request), program_id)
    return download(metric_lines(found), f"program-{program_id}-metrics.csv")


@router.get("/campaigns/{campaign_id}/metrics.csv")
async def campaign_metrics_csv(campaign_id: int, request: Request):
    found = await rollups.campaign_metrics(call_context(request), campaign_id)
    return download(metric_lines(found), f"campaign-{campaign_id}-metrics.csv")


async def participant_rows(ctx: CallContext, event_id: int, first: api.ListParticipantsResponse | None = None):
    page = first or await ctx.registration.ListParticipants(api.ListParticipantsRequest(
        event_id=event_id, include_private=False))
    while True:
        for found in page.participants:
            if not found.private:
                yield found.user_name, _time(found.register_time)
        if not page.next_page_token or not page.participants:
            return
        page = await ctx.registration.ListParticipants(api.ListParticipantsRequest(
            event_id=event_id, include_private=False, page_token=page.next_page_token))


async def participant_lines(ctx: CallContext, event_id: int, first: api.ListParticipantsResponse):
    yield csv_line(PARTICIPANT_HEADER)
    async for row in participant_rows(ctx, event_id, first):
        yield csv_line(row)


@router.get("/event/{event_id}/participants.csv")
async def participants_csv(event_id: int, request: Request):
    """Public participants only, whoever asks (private ones are not in a download anyone may pass on)."""
    ctx = call_context(request)
    first = await ctx.registration.ListParticipants(api.ListParticipantsRequest(
        event_id=event_id, include_private=False))
    return download(participant_lines(ctx, event_id, first), f"event-{event_id}-participants.csv")


def _contributions_of(ctx: CallContext, event_ids: list[int], filename: str) -> StreamingResponse:
    return download(events_lines(event_ids, CONTRIBUTION_HEADER, lambda event_id: contribution_rows(ctx, event_id)),
                    filename)


def _participants_of(ctx: CallContext, event_ids: list[int], filename: str) -> StreamingResponse:
    """Public participants only, event by event (someone in two events is in two rows)."""
    return download(events_lines(event_ids, PARTICIPANT_HEADER, lambda event_id: participant_rows(ctx, event_id)),
                    filename)


@router.get("/programs/{program_id}/contributions.csv")
async def program_contributions_csv(program_id: int, request: Request):
    ctx = call_context(request)
    return _contributions_of(
        ctx, await rollups.existing_program_event_ids(ctx, program_id), f"program-{program_id}-contributions.csv"
    )


@router.get("/campaigns/{campaign_id}/contributions.csv")
async def campaign_contributions_csv(campaign_id: int, request: Request):
    ctx = call_context(request)
    return _contributions_of(ctx, await rollups.existing_campaign_event_ids(ctx, campaign_id),
                             f"campaign-{campaign_id}-contributions.csv")


@router.get("/programs/{program_id}/participants.csv")
async def program_participants_csv(program_id: int, request: Request):
    ctx = call_context(request)
    return _participants_of(
        ctx, await rollups.existing_program_event_ids(ctx, program_id), f"program-{program_id}-participants.csv"
    )


@router.get("/campaigns/{campaign_id}/participants.csv")
async def campaign_participants_csv(campaign_id: int, request: Request):
    ctx = call_context(request)
    return _participants_of(ctx, await rollups.existing_campaign_event_ids(ctx, campaign_id),
                            f"campaign-{campaign_id}-participants.csv")
