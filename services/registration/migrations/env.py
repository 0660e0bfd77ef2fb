"""Alembic environment of the registration schema."""
from eventcenter.services.kernel.migrations import run_env
from eventcenter.services.registration.adapters.tables import metadata

run_env(metadata)
