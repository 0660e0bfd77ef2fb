"""Use cases on campaigns and programs: create, read, list, update, and their coordinators."""
from eventcenter.services.kernel import id_pages
from eventcenter.services.kernel.errors import InvalidArgument, NotFound
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity
from eventcenter.services.kernel.revisions import require_revision
from eventcenter.services.registration.adapters import campaign_messages as cm
from eventcenter.services.registration.adapters import campaigns, people
from eventcenter.services.registration.adapters.tables import campaigns as campaigns_table
from eventcenter.services.registration.adapters.tables import programs as programs_table
from eventcenter.services.registration.domain import campaigns as rules
from eventcenter.services.registration.domain.campaigns import PlanFields
from eventcenter.services.registration.domain.organizers import Candidate
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.unit_of_work import Work


async def load_campaign(work: Work, campaign_id: int, lock: bool = False):
    row = await campaigns.get_campaign(work.session, campaign_id, lock)
    if row is None:
        raise NotFound("CAMPAIGN_NOT_FOUND", "error-campaign-not-found", campaign_id=campaign_id)
    return row


async def load_program(work: Work, program_id: int, lock: bool = False):
    row = await campaigns.get_program(work.session, program_id, lock)
    if row is None:
        raise NotFound("PROGRAM_NOT_FOUND", "error-program-not-found", program_id=program_id)
    return row


async def coordinator_ids(work: Work, kind: str, owner_id: int) -> set[int]:
    return {r.user_id for r in await campaigns.coordinators(work.session, kind, owner_id)}


async def _chosen_coordinators(work: Work, caller: Identity, names: list[str], creating: bool):
    """The user ids named, in order; on create the caller comes first when they may coordinate."""
    caller_eligible = caller.has(RIGHT_ORGANIZER) and not caller.blocked
    if creating and caller_eligible and caller.name not in names:
        names = [caller.name, *names]
    found = {}
    for row in await people.users_by_names(work.session, names):
        eligible = RIGHT_ORGANIZER in people.rights_of(row) and not row.blocked
        found[row.name] = Candidate(
            row.user_id, row.name, caller_eligible if row.user_id == caller.user_id else eligible
        )
    return found, list(dict.fromkeys(names))


async def _coordinators_or_problems(work, caller, names, prefix, creating, problems) -> list[int]:
    found, names = await _chosen_coordinators(work, caller, names, creating)
    problems += rules.validate_coordinators(names, found, prefix)
    if problems:
        raise InvalidArgument(problems)
    return [found[n].user_id for n in names]


async def campaign_view(work: Work, row):
    coordinators = await campaigns.coordinators(work.session, "campaign", row.id)
    return cm.campaign_message(row, coordinators, await campaigns.count_programs(work.session, row.id))


async def program_view(work: Work, row):
    coordinators = await campaigns.coordinators(work.session, "program", row.id)
    return cm.program_message(row, coordinators, await campaigns.count_program_events(work.session, row.id))


async def create_campaign(work: Work, identity: Identity, fields: PlanFields, names: list[str]):
    caller = await callers.resolve(work, identity, remember=True)
    rules.require_may_create_campaign(caller)
    user_ids = await _coordinators_or_problems(work, caller, names, "campaign", True,
                                               rules.validate_plan(fields, "campaign"))
    row = await campaigns.insert_campaign(work.session, fields, caller.user_id)
    await campaigns.replace_coordinators(work.session, "campaign", row.id, user_ids)
    return await campaign_view(work, row)


async def get_campaign(work: Work, identity: Identity, campaign_id: int):
    return await campaign_view(work, await load_campaign(work, campaign_id))


async def list_campaigns(work: Work, identity: Identity, page_size: int, page_token: str):
    limit = id_pages.page_size(page_size, rules.CAMPAIGNS_PAGE, rules.CAMPAIGNS_PAGE)
    rows = await campaigns.list_campaigns(work.session, id_pages.after_id(page_token), limit + 1)
    token = id_pages.page_token(rows[limit - 1].id) if len(rows) > limit else ""
    return [await campaign_view(work, r) for r in rows[:limit]], token


async def update_campaign(work: Work, identity: Identity, campaign_id: int, fields: PlanFields, names: list[str],
                          expected_revision: int | None = None):
    caller = await callers.resolve(work, identity, remember=True)
    campaign = await load_campaign(work, campaign_id, lock=True)
    rules.require_campaign_coordinator(caller, await coordinator_ids(work, "campaign", campaign_id), campaign_id)
    require_revision(expected_revision, campaign.revision)
    problems = rules.validate_plan(fields, "campaign")
    if names:
        user_ids = await _coordinators_or_problems(work, caller, names, "campaign", False, problems)
        await campaigns.replace_coordinators(work.session, "campaign", campaign_id, user_ids)
    elif problems:
        raise InvalidArgument(problems)
    row = await campaigns.update_plan(work.session, campaigns_table, campaign_id, fields)
    return await campaign_view(work, row)


async def create_program(work: Work, identity: Identity, campaign_id: int, fields: PlanFields, names: list[str]):
    caller = await callers.resolve(work, identity, remember=True)
    await load_campaign(work, campaign_id)
    rules.require_campaign_coordinator(caller, await coordinator_ids(work, "campaign", campaign_id), campaign_id)
    user_ids = await _coordinators_or_problems(work, caller, names, "program", True,
                                               rules.validate_plan(fields, "program"))
    row = await campaigns.insert_program(work.session, campaign_id, fields, caller.user_id)
    await campaigns.replace_coordinators(work.session, "program", row.id, user_ids)
    return await program_view(work, row)


async def get_program(work: Work, identity: Identity, program_id: int):
    return await program_view(work, await load_program(work, program_id))


async def list_programs(work: Work, identity: Identity, campaign_id: int, page_size: int, page_token: str):
    await load_campaign(work, campaign_id)
    limit = id_pages.page_size(page_size, rules.PROGRAMS_PAGE, rules.PROGRAMS_PAGE)
    rows = await campaigns.list_programs(work.session, campaign_id, id_pages.after_id(page_token), limit + 1)
    token = id_pages.page_token(rows[limit - 1].id) if len(rows) > limit else ""
    return [await program_view(work, r) for r in rows[:limit]], token


async def update_program(work: Work, identity: Identity, program_id: int, fields: PlanFields, names: list[str],
                         expected_revision: int | None = None):
    caller = await callers.resolve(work, identity, remember=True)
    program = await load_program(work, program_id, lock=True)
    rules.require_program_coordinator(caller, await coordinator_ids(work, "program", program_id),
                                      await coordinator_ids(work, "campaign", program.campaign_id), program_id)
    require_revision(expected_revision, program.revision)
    problems = rules.validate_plan(fields, "program")
    if names:
        user_ids = await _coordinators_or_problems(work, caller, names, "program", False, problems)
        await campaigns.replace_coordinators(work.session, "program", program_id, user_ids)
    elif problems:
        raise InvalidArgument(problems)
    row = await campaigns.update_plan(work.session, programs_table, program_id, fields)
    return await program_view(work, row)
