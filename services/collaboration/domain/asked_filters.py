"""A Collaboration list query as it was asked (nothing checked yet), and its check into Filters."""
import datetime
from dataclasses import dataclass

from eventcenter.services.collaboration.domain.filters import Filters, check
from eventcenter.services.kernel.errors import InvalidArgument


@dataclass(frozen=True)
class AskedFilters:
    """Each field as the caller gave it; an empty value means "not asked"."""
    section: str = ""
    name: str = ""
    query: str = ""
    types: tuple[str, ...] = ()
    start_date: str = ""
    end_date: str = ""
    participation: str = ""
    country_code: str = ""
    wikis: tuple[str, ...] = ()
    include_all_wikis: bool = False
    topics: tuple[str, ...] = ()
    with_places_left: bool = False
    page_size: int = 0

    def checked(self, today: datetime.date) -> Filters:
        """The filters, or InvalidArgument naming every field that is wrong."""
        found, problems = check(
            self.section, self.name, self.query, self.types, self.start_date, self.end_date, self.participation,
            self.country_code, self.wikis, self.include_all_wikis, self.topics, self.with_places_left,
            self.page_size, today)
        if problems or found is None:
            raise InvalidArgument(problems)
        return found
