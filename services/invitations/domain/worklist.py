"""What a new invitation list may ask for (REFERENCE.md "Invitation lists"): a name of 1 to 255 bytes, up to 300
articles on wikis Event Center knows, and something to rank (a worklist, past participants, or both). The
wiki's own answers (does the page exist, is it an article) are checked by `checked_pages`."""
from dataclasses import dataclass

from eventcenter.services.kernel.errors import FieldViolation

MAX_ARTICLES = 300
MAX_NAME_BYTES = 255
MAIN_NAMESPACE = 0


@dataclass(frozen=True)
class Article:
    wiki: str
    title: str


@dataclass(frozen=True)
class WikiAnswer:
    """What the wiki said of one asked title."""
    title: str  # normalised
    namespace: int | None  # None: not a valid title
    exists: bool


def request_problems(name: str, articles: list[Article], past_participants: bool,
                     known_wikis: set[str]) -> list[FieldViolation]:
    problems = []
    if not name.strip() or len(name.strip().encode()) > MAX_NAME_BYTES:
        problems.append(FieldViolation("name", "violation-list-name", {"max": MAX_NAME_BYTES}))
    if not articles and not past_participants:
        problems.append(FieldViolation("articles", "violation-nothing-to-rank"))
    if len(articles) > MAX_ARTICLES:
        problems.append(FieldViolation("articles", "violation-too-many-articles",
                                       {"max": MAX_ARTICLES, "count": len(articles)}))
    for index, article in enumerate(articles):
        if article.wiki not in known_wikis:
            problems.append(FieldViolation(f"articles[{index}].wiki", "violation-unknown-wiki",
                                           {"wiki": article.wiki, "title": article.title,
                                            "known": ", ".join(sorted(known_wikis))}))
        elif not article.title.strip():
            problems.append(FieldViolation(f"articles[{index}].title", "violation-title-empty"))
    return problems


def checked_pages(articles: list[Article], answers: list[WikiAnswer]) -> tuple[list[Article], list[FieldViolation]]:
    """The articles as the wiki names them (each once), or a violation naming each missing or foreign title."""
    kept: dict[Article, None] = {}
    problems = []
    for index, (article, answer) in enumerate(zip(articles, answers, strict=True)):
        field = f"articles[{index}].title"
        if answer.namespace is None:
            problems.append(FieldViolation(field, "violation-title-invalid", {"title": article.title}))
        elif not answer.exists:
            problems.append(FieldViolation(field, "violation-page-missing", {"title": article.title,
                                                                             "wiki": article.wiki}))
        elif answer.namespace != MAIN_NAMESPACE:
            problems.append(FieldViolation(field, "violation-not-an-article", {"title": article.title}))
        else:
            kept[Article(article.wiki, answer.title)] = None
    return list(kept), problems
