"""Use cases of people's standings: keep what registration's stream says an operator decided about someone, and
apply it to each caller before any rule, so a block or a revoked right counts here whatever the caller's identity
token still says."""
from eventcenter.registration.v1 import events_pb2
from eventcenter.services.invitations.service_layer.unit_of_work import UnitOfWork, Work
from eventcenter.services.kernel.identity import Identity


async def keep_standing(work: Work, change: events_pb2.UserStandingChanged) -> None:
    """In the stream consumer's transaction, which records the message as read in the same commit."""
    await work.standings.keep(change)


async def apply_standing(uow: UnitOfWork, caller: Identity) -> Identity:
    """The caller with their stored standing applied; anonymous callers and people no operator has decided anything
    about are left as their token says."""
    if caller.anonymous:
        return caller
    found = await uow.run(lambda work: work.standings.of(caller.user_id))
    return caller if found is None else caller.with_standing(found)
