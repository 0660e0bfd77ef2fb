"""User names as the wiki writes them: one person typed two ways is one person."""
import pytest

from eventcenter.services.registration.domain.wiki_names import user_name


@pytest.mark.parametrize("typed, written", [
    ("ada_lovelace", "Ada lovelace"), ("  Ada   Lovelace ", "Ada Lovelace"), ("éva", "Éva"), ("Ada", "Ada"),
])
def test_user_names_are_spaced_and_capitalised_as_the_wiki_does(typed, written):
    assert user_name(typed) == written
