"""Capacity and the waiting list: who gets a place, and how many wait to be promoted."""
REGISTERED = "registered"
WAITLISTED = "waitlisted"


def place_for_newcomer(registered: int, limit: int, waiting: int) -> str:
    """A newcomer waits when the event is full or others already wait (arrival order is kept)."""
    if limit and (registered >= limit or waiting > 0):
        return WAITLISTED
    return REGISTERED


def free_places(registered: int, limit: int, waiting: int) -> int:
    """How many waiting people can be promoted now."""
    if not waiting:
        return 0
    if not limit:
        return waiting
    return max(0, min(waiting, limit - registered))
