"""What a new invitation list may ask for, and how the wiki's answers decide which titles stand."""
from eventcenter.services.invitations.domain.activity import activity_score
from eventcenter.services.invitations.domain.worklist import request_problems
from eventcenter.services.wiki.worklist import MAX_ARTICLES, Article, WikiAnswer, checked_pages

KNOWN = {"enwiki", "frwiki"}


def fields(problems) -> list[str]:
    return [p.field for p in problems]


def test_a_named_worklist_on_known_wikis_is_accepted():
    assert request_problems("Botany", [Article("enwiki", "Fern"), Article("frwiki", "Fougère")], False, KNOWN) == []


def test_the_name_must_have_1_to_255_bytes():
    assert fields(request_problems(" ", [Article("enwiki", "Fern")], False, KNOWN)) == ["name"]
    assert fields(request_problems("é" * 128, [Article("enwiki", "Fern")], False, KNOWN)) == ["name"]
    assert request_problems("é" * 127, [Article("enwiki", "Fern")], False, KNOWN) == []


def test_something_must_be_ranked():
    assert fields(request_problems("Botany", [], False, KNOWN)) == ["articles"]
    assert request_problems("Botany", [], True, KNOWN) == []


def test_at_most_300_articles():
    articles = [Article("enwiki", f"Page {i}") for i in range(MAX_ARTICLES + 1)]
    [problem] = request_problems("Botany", articles, False, KNOWN)
    assert problem.field == "articles" and problem.params == {"max": 300, "count": 301}


def test_each_title_on_an_unknown_wiki_is_named():
    problems = request_problems("Botany", [Article("enwiki", "Fern"), Article("xxwiki", "Moss"),
                                           Article("yywiki", "Lichen")], False, KNOWN)
    assert fields(problems) == ["articles[1].wiki", "articles[2].wiki"]
    assert [p.params["title"] for p in problems] == ["Moss", "Lichen"]


def test_a_site_with_no_wikis_says_so_rather_than_listing_none():
    [problem] = request_problems("Botany", [Article("local", "Fern")], False, set())
    assert (problem.message_key, problem.params) == ("violation-no-wikis", {"wiki": "local"})


def test_missing_invalid_and_foreign_titles_are_each_named_and_the_rest_normalised_once():
    asked = [Article("enwiki", "fern"), Article("enwiki", "Nowhere"), Article("enwiki", "Talk:Fern"),
             Article("enwiki", "Bad[title"), Article("enwiki", "Fern")]
    answers = [WikiAnswer("Fern", 0, True), WikiAnswer("Nowhere", 0, False), WikiAnswer("Talk:Fern", 1, True),
               WikiAnswer("Bad[title", None, False), WikiAnswer("Fern", 0, True)]
    kept, problems = checked_pages(asked, answers)
    assert kept == [Article("enwiki", "Fern")]
    assert [(p.field, p.message_key) for p in problems] == [
        ("articles[1].title", "violation-page-missing"), ("articles[2].title", "violation-not-an-article"),
        ("articles[3].title", "violation-title-invalid")]


def test_activity_alone_ranks_past_participants_who_edit_much_and_lately():
    assert activity_score(0, 1) == 0 and activity_score(5000, None) == 0
    busy_now, busy_long_ago, rare_now = activity_score(20_000, 1), activity_score(20_000, 700), activity_score(30, 1)
    assert busy_now > busy_long_ago and busy_now > rare_now and 0 < busy_now <= 100
