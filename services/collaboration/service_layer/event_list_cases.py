"""Listing events: checked filters, one keyset page from the read model, and the token of the next page."""
from dataclasses import dataclass, field
from typing import Any

from eventcenter.services.collaboration.domain import page_tokens
from eventcenter.services.collaboration.domain.asked_filters import AskedFilters
from eventcenter.services.collaboration.service_layer.unit_of_work import Work


@dataclass(frozen=True)
class EventPage:
    rows: list[Any] = field(default_factory=list)  # as the read model gives them (see ports.PositionedRow)
    next_page_token: str = ""


async def list_events(work: Work, asked: AskedFilters, page_token: str, token_secret: bytes) -> EventPage:
    """A page of the section the filters ask for; a token only pages on through the filters that made it."""
    filters = asked.checked(work.now.date())
    after = page_tokens.decode(page_token, filters.fingerprint(), token_secret) if page_token else None
    found = await work.read_model.page(filters, work.now, after)
    shown = found[:filters.page_size]
    token = ""
    if len(found) > filters.page_size:
        token = page_tokens.encode(shown[-1][1], filters.fingerprint(), token_secret)
    return EventPage([row for row, _ in shown], token)
