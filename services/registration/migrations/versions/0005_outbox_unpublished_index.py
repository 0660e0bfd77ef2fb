"""The outbox gets a partial index of its unpublished rows (the relay's batches and the backlog metrics).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("outbox_unpublished", "outbox", ["seq"], postgresql_where=sa.text("publish_time IS NULL"))


def downgrade() -> None:
    op.drop_index("outbox_unpublished", table_name="outbox")
