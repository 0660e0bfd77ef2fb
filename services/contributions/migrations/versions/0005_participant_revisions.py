"""The copy of participants keeps each registration's revision, and cancelled or removed registrations as removed
rows, so that events arriving out of order or twice leave the newest copy.

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
    op.add_column("participants", sa.Column("removed", sa.Boolean(), nullable=False, server_default="false"))
    op.add_column("participants", sa.Column("revision", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.execute("DELETE FROM participants WHERE removed")
    op.drop_column("participants", "revision")
    op.drop_column("participants", "removed")
