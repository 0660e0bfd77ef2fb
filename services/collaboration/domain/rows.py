"""How a list row summarizes long lists: 3 wikis and "N more"; the creator, one organizer and "N more"."""
SHOWN_WIKIS = 3
SHOWN_ORGANIZERS = 2


def some_wikis(wikis: list[str]) -> tuple[list[str], int]:
    return wikis[:SHOWN_WIKIS], max(len(wikis) - SHOWN_WIKIS, 0)


def some_organizers(organizers: list[tuple[int, str, bool]]) -> tuple[list[tuple[int, str, bool]], int]:
    """Creator first, then the others in the order they were added."""
    ordered = sorted(organizers, key=lambda o: not o[2])
    return ordered[:SHOWN_ORGANIZERS], max(len(ordered) - SHOWN_ORGANIZERS, 0)
