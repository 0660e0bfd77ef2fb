"""Use cases of opting out: anyone signed in may ask never to appear on an invitation list, and change their
mind (the opt-out is then deleted)."""
from eventcenter.services.invitations.service_layer.dependencies import Dependencies
from eventcenter.services.kernel.identity import Identity


async def is_opted_out(deps: Dependencies, caller: Identity) -> bool:
    return await deps.uow.run(lambda work: work.opt_outs.opted_out(caller.user_id))


async def set_opt_out(deps: Dependencies, caller: Identity, opted: bool) -> bool:
    await deps.uow.run(lambda work: work.opt_outs.set_opt_out(caller.user_id, caller.name, opted, work.now))
    return opted
