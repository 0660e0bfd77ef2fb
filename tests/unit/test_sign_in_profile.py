"""MediaWiki OAuth profiles become identities: central id, name, rights from groups, block, confirmed email."""
import pytest

from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.sign_in.profile import ProfileError, from_profile
from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER

PROFILE = {"sub": "4242", "username": "Ada", "editcount": 10, "confirmed_email": True, "blocked": False,
           "groups": ["*", "user", "autoconfirmed", "event-organizer", "sysop"], "email": "ada@example.org"}


def test_groups_become_rights_and_the_confirmed_email_is_kept():
    user = from_profile(PROFILE)
    assert user.identity.user_id == 4242 and user.identity.name == "Ada"
    assert user.identity.rights == {RIGHT_ORGANIZER, RIGHT_ADMIN} and not user.identity.blocked
    assert user.email == "ada@example.org"


def test_unconfirmed_or_ungranted_email_is_dropped_and_blocks_are_kept():
    assert from_profile({**PROFILE, "confirmed_email": False}).email is None
    assert from_profile({k: v for k, v in PROFILE.items() if k != "email"}).email is None
    blocked = from_profile({**PROFILE, "blocked": True, "groups": ["user"]}).identity
    assert blocked.blocked and blocked.rights == frozenset()


@pytest.mark.parametrize("broken", [{}, {"sub": "x", "username": "Ada"}, {"sub": "0", "username": "Ada"},
                                    {"sub": "5", "username": "  "}])
def test_a_profile_without_id_or_name_is_refused(broken):
    with pytest.raises(ProfileError):
        from_profile(broken)


@pytest.mark.parametrize("path, expected", [("/event/5", "/event/5"), ("/my/events?x=1", "/my/events?x=1"),
                                            ("//evil.example", "/"), ("https://evil.example/", "/"),
                                            ("/\\evil.example", "/"), (None, "/"), ("", "/")])
def test_return_paths_stay_on_this_site(path, expected):
    assert sessions.safe_local_path(path) == expected
