"""Events get a plain-text description.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("description", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    op.drop_column("events", "description")
