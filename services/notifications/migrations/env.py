"""Alembic environment of the notifications schema."""
from eventcenter.services.kernel.migrations import run_env
from eventcenter.services.notifications.adapters.tables import metadata

run_env(metadata)
