"""Use cases on people: read a user, grant and revoke rights, block and unblock. Each change of someone's standing
goes on the stream (UserStandingChanged, in the same transaction): the other services apply it to their calls."""
from eventcenter.services.kernel.errors import InvalidArgument, NotFound, PermissionDenied, invalid
from eventcenter.services.kernel.identity import KNOWN_RIGHTS, RIGHT_ADMIN, Identity, Standing
from eventcenter.services.registration.adapters import people, protobuf
from eventcenter.services.registration.domain import access, standing, wiki_names
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.unit_of_work import Work


async def get_user(work: Work, identity: Identity, user_id: int):
    row = await work.store.people.get_user(user_id)
    if row is None:
        raise NotFound("USER_NOT_FOUND", "error-user-not-found", user_id=user_id)
    return protobuf.user_message(row)


async def record_sign_in(work: Work, identity: Identity):
    access.require_signed_in(identity)
    await callers.resolve(work, identity, remember=True)
    return protobuf.user_message(await work.store.people.get_user(identity.user_id))


async def _target(work: Work, user_id: int, name: str):
    if user_id <= 0:
        raise invalid("user_id", "violation-user-id")
    row = await work.store.people.get_user(user_id)
    if row is None:
        if not name.strip():
            raise invalid("name", "violation-user-name-needed")
        if hidden := wiki_names.hidden_character_violation("name", name.strip()):
            raise InvalidArgument([hidden])
        await work.store.people.remember_user(user_id, name.strip())
        row = await work.store.people.get_user(user_id)
    return row


async def change_right(work: Work, identity: Identity, user_id: int, name: str, right: str, grant: bool):
    caller = await callers.resolve(work, identity)
    access.require_admin(caller)
    if right not in KNOWN_RIGHTS:
        raise invalid("right", "violation-right", value=right)
    if caller.blocked:
        raise PermissionDenied("USER_BLOCKED", "error-blocked")
    row = await _target(work, user_id, name)
    if not grant and right == RIGHT_ADMIN and user_id == caller.user_id:
        raise invalid("user_id", "violation-revoke-own-admin")
    change = standing.granted if grant else standing.revoked
    return await _set_standing(work, user_id, change(people.standing_of(row), right))


async def change_block(work: Work, identity: Identity, user_id: int, name: str, reason: str, blocked: bool):
    caller = await callers.resolve(work, identity)
    access.require_admin(caller)
    if blocked and user_id == caller.user_id:
        raise invalid("user_id", "violation-block-self")
    row = await _target(work, user_id, name)
    return await _set_standing(work, user_id, standing.blocked(people.standing_of(row), blocked), reason.strip())


async def _set_standing(work: Work, user_id: int, changed: Standing, reason: str | None = None):
    row = await work.store.people.set_standing(user_id, changed, reason)
    work.emit(protobuf.standing_changed(row))
    return protobuf.user_message(row)
