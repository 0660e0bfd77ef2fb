"""What a new invitation list may ask for (docs/rules.md "Invitation lists"): a name of 1 to 255 bytes, a worklist
(the kernel's rules: up to 300 articles on known wikis), and something to rank (a worklist, past participants,
or both)."""
from eventcenter.services.kernel.errors import FieldViolation
from eventcenter.services.wiki.worklist import Article, article_problems

MAX_NAME_BYTES = 255


def request_problems(name: str, articles: list[Article], past_participants: bool,
                     known_wikis: set[str]) -> list[FieldViolation]:
    problems = []
    if not name.strip() or len(name.strip().encode()) > MAX_NAME_BYTES:
        problems.append(FieldViolation("name", "violation-list-name", {"max": MAX_NAME_BYTES}))
    if not articles and not past_participants:
        problems.append(FieldViolation("articles", "violation-nothing-to-rank"))
    return problems + article_problems(articles, known_wikis)
