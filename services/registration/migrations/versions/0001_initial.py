"""Initial registration schema: users, events, counters, organizers, participants, answers, outbox.

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

TABLES = ["answer_aggregates", "answers", "participants", "organizers", "event_counters", "events", "users",
          "outbox", "processed_messages"]


def upgrade() -> None:
    op.create_table('events',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('page_wiki', sa.Text(), nullable=False),
    sa.Column('page_title', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('timezone', sa.Text(), nullable=False),
    sa.Column('start_local', sa.Text(), nullable=False),
    sa.Column('end_local', sa.Text(), nullable=False),
    sa.Column('start_utc', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_utc', sa.DateTime(timezone=True), nullable=False),
    sa.Column('types', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('participation', sa.Text(), nullable=False),
    sa.Column('meeting_url', sa.Text(), server_default='', nullable=False),
    sa.Column('country_code', sa.Text(), server_default='', nullable=False),
    sa.Column('address', sa.Text(), server_default='', nullable=False),
    sa.Column('chat_url', sa.Text(), server_default='', nullable=False),
    sa.Column('wikis', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('all_wikis', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('topics', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('test_event', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('tracks_contributions', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('question_ids', postgresql.ARRAY(sa.Integer()), server_default='{}', nullable=False),
    sa.Column('participant_limit', sa.Integer(), server_default='0', nullable=False),
    sa.Column('passcode', sa.Text(), server_default='', nullable=False),
    sa.Column('creator_user_id', sa.BigInteger(), nullable=False),
    sa.Column('create_request_id', sa.Text(), nullable=True),
    sa.Column('revision', sa.BigInteger(), server_default='1', nullable=False),
    sa.Column('create_time', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('update_time', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('delete_time', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('creator_user_id', 'create_request_id', name='events_create_request_key'),
    sa.UniqueConstraint('page_wiki', 'page_title', name='events_page_key')
    )
    op.create_table('outbox',
    sa.Column('seq', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('headers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('create_time', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('publish_time', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('id')
    )
    op.create_table('processed_messages',
    sa.Column('consumer', sa.Text(), nullable=False),
    sa.Column('message_id', sa.Text(), nullable=False),
    sa.Column('handle_time', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer', 'message_id')
    )
    op.create_table('users',
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('rights', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('blocked', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('block_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('update_time', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('user_id'),
    sa.UniqueConstraint('name', name='users_name_key')
    )
    op.create_index('users_name_lower', 'users', [sa.literal_column('lower(name)')], unique=False)
    op.create_table('answer_aggregates',
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('question_id', sa.SmallInteger(), nullable=False),
    sa.Column('option', sa.SmallInteger(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.PrimaryKeyConstraint('event_id', 'question_id', 'option')
    )
    op.create_table('event_counters',
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('registered', sa.Integer(), server_default='0', nullable=False),
    sa.Column('private', sa.Integer(), server_default='0', nullable=False),
    sa.Column('waitlisted', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_queue_seq', sa.BigInteger(), server_default='1', nullable=False),
    sa.Column('revision', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('organizers',
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('policy_accept_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('create_time', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('delete_time', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.PrimaryKeyConstraint('event_id', 'user_id')
    )
    op.create_index('organizers_user', 'organizers', ['user_id'], unique=False)
    op.create_table('participants',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('private', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('queue_seq', sa.BigInteger(), nullable=False),
    sa.Column('register_time', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('first_answer_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('aggregation_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delete_time', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'user_id', name='participants_event_user_key')
    )
    op.create_index('participants_due', 'participants', ['first_answer_time'], unique=False, postgresql_where=sa.text('aggregation_time IS NULL'))
    op.create_index('participants_user', 'participants', ['user_id'], unique=False)
    op.create_table('answers',
    sa.Column('participant_id', sa.BigInteger(), nullable=False),
    sa.Column('question_id', sa.SmallInteger(), nullable=False),
    sa.Column('option', sa.SmallInteger(), nullable=False),
    sa.Column('text', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ),
    sa.PrimaryKeyConstraint('participant_id', 'question_id')
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
