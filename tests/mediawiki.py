"""The tests' local MediaWiki: the dev stack's (services/devstack/mediawiki.py), seeded with known data."""
from eventcenter.services.devstack.mediawiki import *  # noqa: F401,F403
from eventcenter.services.devstack.mediawiki import (  # noqa: F401  (names the star leaves out)
    ADMIN, LocalMediaWiki, SeededWiki, large_wiki, seeded_wiki,
)
