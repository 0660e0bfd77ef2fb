"""Initial registration schema: users, events, counters, organizers, participants, answers, outbox.

Revision ID: 0001
Revises:
"""
from alembic import op

from eventcenter.services.registration.adapters.tables import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The first revision is the tables as declared; later revisions change them step by step.
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
