"""A worklist: up to 300 articles on wikis Event Center knows (docs/rules.md "Invitation lists"), each checked
with its wiki (does the page exist, is it an article). Invitation lists rank editors of one; an event's
worklist says which edits its participants' contributions are gathered from.

Here beside the client rather than in either service: the rules are about wiki pages (a title the wiki
normalises, a namespace, whether the page exists), and both invitations and contributions apply them; each
adds its own on top (its domain/worklist.py)."""
from collections import defaultdict
from dataclasses import dataclass

from eventcenter.services.kernel.errors import FieldViolation, InvalidArgument, Unavailable
from eventcenter.services.wiki.client import MAIN_NAMESPACE, WikiError
from eventcenter.services.wiki.directory import WikiDirectory

MAX_ARTICLES = 300


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


def article_problems(articles: list[Article], known_wikis: set[str]) -> list[FieldViolation]:
    """What is wrong with the list before any wiki is asked: too many articles, unknown wikis, empty titles."""
    problems = []
    if len(articles) > MAX_ARTICLES:
        problems.append(FieldViolation("articles", "violation-too-many-articles",
                                       {"max": MAX_ARTICLES, "count": len(articles)}))
    for index, article in enumerate(articles):
        if not known_wikis:  # an operator has named none (EVENTCENTER_WIKIS): no list of known ones to offer
            problems.append(FieldViolation(f"articles[{index}].wiki", "violation-no-wikis", {"wiki": article.wiki}))
        elif article.wiki not in known_wikis:
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


async def existing_articles(wikis: WikiDirectory, asked: list[Article]) -> list[Article]:
    """The worklist as the wikis name it; every missing, invalid or non-article title is named at once."""
    by_wiki: dict[str, list[int]] = defaultdict(list)
    for index, article in enumerate(asked):
        by_wiki[article.wiki].append(index)
    answers: dict[int, WikiAnswer] = {}
    try:
        for wiki, indexes in by_wiki.items():
            found = await wikis.client(wiki).pages(asked[i].title for i in indexes)
            answers.update(
                {i: WikiAnswer(p.title, p.namespace, p.exists) for i, p in zip(indexes, found, strict=False)}
            )
    except WikiError as error:
        raise Unavailable("WIKI_UNAVAILABLE", "error-wiki-unavailable", detail=str(error)) from error
    articles, problems = checked_pages(asked, [answers[i] for i in range(len(asked))])
    if problems:
        raise InvalidArgument(problems)
    return articles
