"""What an associated edit stores, whoever associates it (its author, an organizer, or the worklist gatherer)."""
import datetime

from eventcenter.services.contributions.domain import rules
from eventcenter.services.wiki.client import RevisionDetails

GATHERED = 0  # associated_by of an edit gathered from the event's worklist


def contribution_values(event: rules.EventFacts, wiki: str, revision: RevisionDetails, author: rules.Author,
                        registered: datetime.datetime | None, associated_by: int,
                        now: datetime.datetime) -> dict:
    return dict(
        event_id=event.id, wiki=wiki, rev_id=revision.rev_id, page_title=revision.title,
        namespace=revision.namespace, user_id=author.user_id, user_name=author.user_name, private=author.private,
        user_registration=registered, edit_time=revision.timestamp, bytes_delta=revision.bytes_delta,
        page_created=revision.page_created, links_added=revision.links_added,
        links_removed=revision.links_removed, words_added=rules.words_added(revision.bytes_delta),
        associated_by=associated_by, create_time=now)
