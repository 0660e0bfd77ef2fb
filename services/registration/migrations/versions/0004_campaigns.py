"""Campaigns and programs with their coordinators; an event may belong to one program.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _plan_columns() -> list[sa.Column]:
    return [
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("creator_user_id", sa.BigInteger(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    ]


def _coordinators(table: str, owner: str, owner_table: str) -> None:
    op.create_table(
        table,
        sa.Column(owner, sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint([owner], [f"{owner_table}.id"]),
        sa.PrimaryKeyConstraint(owner, "user_id"),
    )
    op.create_index(f"{table}_user", table, ["user_id"])


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        *_plan_columns(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("campaign_id", sa.BigInteger(), nullable=False),
        *_plan_columns(),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("programs_campaign", "programs", ["campaign_id", "id"])
    _coordinators("campaign_coordinators", "campaign_id", "campaigns")
    _coordinators("program_coordinators", "program_id", "programs")
    op.add_column("events", sa.Column("program_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key("events_program_id_fkey", "events", "programs", ["program_id"], ["id"])
    op.create_index("events_program", "events", ["program_id"])


def downgrade() -> None:
    op.drop_index("events_program", table_name="events")
    op.drop_constraint("events_program_id_fkey", "events", type_="foreignkey")
    op.drop_column("events", "program_id")
    op.drop_table("program_coordinators")
    op.drop_table("campaign_coordinators")
    op.drop_table("programs")
    op.drop_table("campaigns")
