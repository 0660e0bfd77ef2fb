"""Each registration carries a revision that grows on every change the stream reports, so that the services keeping
copies of participants keep the newest, whatever order the events arrive in.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("participants", sa.Column("revision", sa.BigInteger(), nullable=False, server_default="1"))


def downgrade() -> None:
    op.drop_column("participants", "revision")
