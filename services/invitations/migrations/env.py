"""Alembic environment of the invitations schema."""
from eventcenter.services.invitations.adapters.tables import metadata
from eventcenter.services.kernel.migrations import run_env

run_env(metadata)
