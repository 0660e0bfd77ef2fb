"""Users keep the rights their sign-in gave them (their wiki groups, as of their latest call), so that naming them
as an organizer or coordinator sees the right an administrator did not grant here.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("signed_in_rights", postgresql.ARRAY(sa.Text()), nullable=False,
                                     server_default="{}"))


def downgrade() -> None:
    op.drop_column("users", "signed_in_rights")
