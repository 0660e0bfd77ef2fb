"""Alembic environment of the contributions schema."""
from eventcenter.services.contributions.adapters.tables import metadata
from eventcenter.services.kernel.migrations import run_env

run_env(metadata)
