"""An operator may revoke a right the sign-in gives (from wiki groups): users keep the rights revoked here, a denial
that overrides the sign-in's, and a version of their standing (rights granted and revoked, block) that grows with
each change, so that the copies other services keep of it hold the newest.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("revoked_rights", postgresql.ARRAY(sa.Text()), nullable=False,
                                     server_default="{}"))
    op.add_column("users", sa.Column("standing_version", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("users", "standing_version")
    op.drop_column("users", "revoked_rights")
