"""Invitation lists, their ranked editors, the job queue, opt-outs, and the outbox.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "invitation_lists",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("owner_user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("event_id", sa.BigInteger()),
        sa.Column("articles", postgresql.JSONB(), nullable=False),
        sa.Column("from_past_participants", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("candidates", postgresql.JSONB()),
        sa.Column("activity_wikis", postgresql.JSONB(), server_default="[]", nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("articles_read", sa.Integer(), server_default="0", nullable=False),
        sa.Column("articles_total", sa.Integer(), nullable=False),
        sa.Column("failure", sa.Text(), server_default="", nullable=False),
        sa.Column("request_id", sa.Text()),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ready_time", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner_user_id", "request_id", name="invitation_lists_request_once"),
    )
    op.create_index("invitation_lists_owner", "invitation_lists", ["owner_user_id", "id"])
    op.create_table(
        "list_editors",
        sa.Column("list_id", sa.BigInteger(), sa.ForeignKey("invitation_lists.id"), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("user_page_url", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("list_id", "rank"),
    )
    op.create_table(
        "jobs",
        sa.Column("list_id", sa.BigInteger(), sa.ForeignKey("invitation_lists.id"), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("worker", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("list_id"),
    )
    op.create_index("jobs_due", "jobs", ["lease_until"])
    op.create_table(
        "opt_outs",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("user_name"),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("headers", postgresql.JSONB(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("publish_time", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("id"),
    )


def downgrade() -> None:
    for table in ("outbox", "opt_outs", "jobs", "list_editors", "invitation_lists"):
        op.drop_table(table)
