"""One hypothesis profile for every property-based test: deterministic (derandomized, no example database), so
a run finds the same examples on every machine, and bounded, so the suite stays fast. Import it before @given."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "eventcenter", derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
# HYPOTHESIS_PROFILE=dev (hypothesis' own) explores randomly when hunting for new failures by hand.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "eventcenter"))
