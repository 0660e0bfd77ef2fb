"""An event's worklist and the automatic gathering of its participants' edits on it (pure rules).

Once the organizers turn gathering on, every edit an active public participant makes on a worklist article during
the event is associated with it, as if they had associated it themselves (a private participant associates their
own: see privacy): the same rules hold (the event tracks contributions, the wiki is one of the event's, the edit
falls within the event, one event per revision). Each participant's edits are read from where the last reading
stopped, a little earlier (a wiki may show an edit a moment after its timestamp), and until a grace period after
the end (edits made in the last minutes)."""
import datetime

from eventcenter.services.contributions.domain.rules import EventFacts
from eventcenter.services.kernel.errors import FieldViolation, InvalidArgument
from eventcenter.services.wiki.worklist import Article, article_problems

OVERLAP = datetime.timedelta(minutes=5)
GRACE = datetime.timedelta(hours=1)


def worklist_problems(event: EventFacts, articles: list[Article], gather: bool,
                      known_wikis: set[str]) -> list[FieldViolation]:
    """The kernel's worklist rules, plus: every article on one of the event's wikis; something to gather from."""
    problems = article_problems(articles, known_wikis)
    for index, article in enumerate(articles):
        if article.wiki in known_wikis and not (event.all_wikis or article.wiki in event.wikis):
            problems.append(FieldViolation(f"articles[{index}].wiki", "violation-worklist-wiki-not-in-event",
                                           {"wiki": article.wiki, "title": article.title}))
    if gather and not articles:
        problems.append(FieldViolation("articles", "violation-worklist-empty"))
    return problems


def check_worklist(event: EventFacts, articles: list[Article], gather: bool, known_wikis: set[str]) -> None:
    problems = worklist_problems(event, articles, gather, known_wikis)
    if problems:
        raise InvalidArgument(problems)


def gathers_now(event: EventFacts, now: datetime.datetime) -> bool:
    """Edits are read from the event's start until a grace period after its end, while it tracks contributions."""
    return (event.tracks_contributions and not event.deleted
            and event.start <= now < event.end + GRACE)


def reading_window(event: EventFacts, read_until: datetime.datetime | None,
                   now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """From where a participant's reading stopped (minus the overlap; the event's start for a newcomer) to now,
    never outside the event."""
    start = event.start if read_until is None else max(event.start, read_until - OVERLAP)
    return start, min(now, event.end)


def gathered(event: EventFacts, edit_time: datetime.datetime, hidden: bool) -> bool:
    """An edit read from the wiki is associated when it falls within the event and is visible."""
    return not hidden and event.start <= edit_time <= event.end
