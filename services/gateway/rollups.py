"""A program's and a campaign's metrics: the events under it (every page), counted together by contributions
(each person once)."""
from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import CallContext

PAGE = 50


async def program_event_ids(ctx: CallContext, program_id: int) -> list[int]:
    ids, token = [], ""
    while True:
        page = await ctx.registration.ListProgramEvents(api.ListProgramEventsRequest(
            program_id=program_id, page_size=PAGE, page_token=token))
        ids.extend(event.id for event in page.events)
        if not page.next_page_token or not page.events:
            return ids
        token = page.next_page_token


async def campaign_event_ids(ctx: CallContext, campaign_id: int) -> list[int]:
    ids, token = [], ""
    while True:
        page = await ctx.registration.ListPrograms(api.ListProgramsRequest(
            campaign_id=campaign_id, page_size=PAGE, page_token=token))
        for program in page.programs:
            ids.extend(await program_event_ids(ctx, program.id))
        if not page.next_page_token or not page.programs:
            return ids
        token = page.next_page_token


async def existing_program_event_ids(ctx: CallContext, program_id: int) -> list[int]:
    """A missing program is a 404 (GetProgram first), before anything is counted or downloaded."""
    await ctx.registration.GetProgram(api.GetProgramRequest(program_id=program_id))
    return await program_event_ids(ctx, program_id)


async def existing_campaign_event_ids(ctx: CallContext, campaign_id: int) -> list[int]:
    await ctx.registration.GetCampaign(api.GetCampaignRequest(campaign_id=campaign_id))
    return await campaign_event_ids(ctx, campaign_id)


async def program_metrics(ctx: CallContext, program_id: int) -> capi.Metrics:
    ids = await existing_program_event_ids(ctx, program_id)
    return await ctx.contributions.GetMetrics(capi.GetMetricsRequest(event_ids=ids))


async def campaign_metrics(ctx: CallContext, campaign_id: int) -> capi.Metrics:
    ids = await existing_campaign_event_ids(ctx, campaign_id)
    return await ctx.contributions.GetMetrics(capi.GetMetricsRequest(event_ids=ids))
