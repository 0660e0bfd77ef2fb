"""What collaboration's use cases need from outside, as the adapters (and the tests' fakes) provide it."""
import datetime
from typing import Any, Protocol

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.collaboration.domain.filters import Filters

# A listed event as the read model gives it (the events table's columns and its organizers' ids, names and
# creator flags), with its position in the list for a page token.
PositionedRow = tuple[Any, list]


class ReadModel(Protocol):
    """The Collaboration list's copy of the registration events, in the transaction the work holds."""

    async def page(self, filters: Filters, now: datetime.datetime, after: list | None) -> list[PositionedRow]:
        """One page after `after` plus one row (to know whether there is a next page)."""

    async def write(self, event: pb.Event, organizers: list[pb.Organizer]) -> None:
        """Keeps the copy when it is as new as the kept one or newer, with its organizers, at once."""

    def gather(self, event: pb.Event) -> None:
        """Keeps the newest of the transaction's copies of each event, written by `settle`."""

    async def settle(self) -> None:
        """Writes the gathered copies, once the transaction's messages are applied."""

    async def clear(self, consumer: str) -> None:
        """Empties the read model and forgets which messages the consumer handled (before a rebuild)."""


class WikidataError(RuntimeError):
    """Wikidata could not be reached, or answered something we cannot use, even after retries."""


class WikidataSource(Protocol):
    async def wikiproject_ids(self, site: str) -> list[str]:
        """Item ids of WikiProjects with a sitelink on the site, in id order."""

    async def entities(self, ids: list[str], wiki: str, language: str) -> dict[str, dict]:
        """Label, description and the wiki's page title and URL of each item (by id)."""

    async def close(self) -> None: ...


class StreamReplay(Protocol):
    """The registration events' stream, replayed from its first message."""

    async def bounds(self) -> tuple[int, int]:
        """The sequence numbers of the first and the last message the stream holds."""

    async def replay(self, last: int) -> int:
        """Applies every message up to `last` through the consumer's handler; returns how many were applied."""
