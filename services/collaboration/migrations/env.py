"""Alembic environment of the collaboration schema."""
from eventcenter.services.collaboration.adapters.tables import metadata
from eventcenter.services.kernel.migrations import run_env

run_env(metadata)
