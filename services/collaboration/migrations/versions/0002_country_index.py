"""An index for the country filter: rare countries no longer walk the whole start-time index.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("events_listed_country_start", "events", ["country_code", "start_utc", "id"],
                    postgresql_where=sa.text("NOT deleted AND NOT test_event AND country_code <> ''"))


def downgrade() -> None:
    op.drop_index("events_listed_country_start", table_name="events")
