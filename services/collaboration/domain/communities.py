"""A wiki's communities (its WikiProjects on Wikidata) as the list shows them, and the rules of their pages
(docs/rules.md: 20 a page, at most 50; ids cached a week, entities an hour)."""
from dataclasses import dataclass, field

DEFAULT_PAGE, MAX_PAGE = 20, 50
IDS_TTL_SECONDS = 7 * 24 * 3600
ENTITIES_TTL_SECONDS = 3600


@dataclass(frozen=True)
class Community:
    """One WikiProject: its Wikidata item, and its page on the wiki (when it has one there)."""
    id: str
    label: str = ""
    description: str = ""
    title: str = ""
    url: str = ""


@dataclass(frozen=True)
class CommunityPage:
    communities: list[Community] = field(default_factory=list)
    next_page_token: str = ""
    total: int = 0


def page_token_scope(wiki: str) -> str:
    """What a communities page token is bound to: the wiki it pages through."""
    return f"communities:{wiki}"
