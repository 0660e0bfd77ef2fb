"""Who sees a private participant's edits, and who associates them (pure rules).

A revision id, a page and a time name the author: the wiki tells anyone who wrote a revision. So a private
participant's edits count in every total (metrics, goal progress, the number of edits a list leaves out) but
are listed only to the participant, to the event's organizers who hold the event-organizer right and are not
blocked, and to admins who are not blocked (whom registration also shows private participants). They are
associated with the event by the participant alone: until participants can opt in, an organizer cannot attach
them and the worklist does not gather them."""
from dataclasses import dataclass

from eventcenter.services.contributions.domain.rules import Author, EventFacts, author_not_participant, can_edit
from eventcenter.services.kernel.errors import PermissionDenied
from eventcenter.services.kernel.identity import RIGHT_ADMIN, Identity


def sees_private(viewer: Identity, event: EventFacts) -> bool:
    """One of the event's organizers with the right, or an admin; never someone blocked."""
    if viewer.anonymous or viewer.blocked:
        return False
    return viewer.has(RIGHT_ADMIN) or can_edit(viewer, event)


@dataclass(frozen=True)
class Sight:
    """Which of an event's private edits a viewer is shown: all of them, or only their own (own_id; 0: none)."""
    every_private: bool
    own_id: int

    def shows(self, private: bool, author_id: int) -> bool:
        return not private or self.every_private or (self.own_id != 0 and author_id == self.own_id)


def sight(viewer: Identity, event: EventFacts) -> Sight:
    return Sight(sees_private(viewer, event), viewer.user_id)


def gathers_from(author: Author) -> bool:
    """Gathering associates edits nobody chose: only public participants' edits, until an opt-in exists."""
    return not author.private


def check_consent(caller: Identity, event: EventFacts, author: Author) -> None:
    """A private participant's edit is associated by the participant alone. Whoever may not know that the author
    takes part privately is answered as if they did not take part at all."""
    if not author.private or caller.user_id == author.user_id:
        return
    if not sees_private(caller, event):
        raise author_not_participant(author.user_name, event.id)
    raise PermissionDenied("PRIVATE_PARTICIPANT_EDIT", "error-contribution-private-participant",
                           user_name=author.user_name, event_id=event.id)
