"""The initial activity store: reps, goals, activities, contacts, promises and their events,
dismissals, template fingerprints, capture cursors and orders.

Revision ID: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('reps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('crm_owner_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reps')),
    sa.UniqueConstraint('email', name=op.f('uq_reps_email'))
    )
    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.Column('review_id', sa.String(length=64), nullable=True),
    sa.Column('thread_id', sa.String(length=998), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('recipient_domains', sa.JSON(), nullable=False),
    sa.Column('new_contact', sa.Boolean(), nullable=False),
    sa.Column('politeness', sa.Integer(), nullable=True),
    sa.Column('personalization', sa.Integer(), nullable=True),
    sa.Column('finding_counts', sa.JSON(), nullable=False),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('ask_count', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_activities_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities')),
    sa.UniqueConstraint('rep_id', 'message_id', name='uq_activities_rep_message'),
    sa.UniqueConstraint('rep_id', 'review_id', name='uq_activities_rep_review')
    )
    op.create_index('ix_activities_rep_sent', 'activities', ['rep_id', 'sent_at'], unique=False)

    op.create_table('capture_cursors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('cursor', sa.String(length=4000), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_capture_cursors_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capture_cursors')),
    sa.UniqueConstraint('rep_id', 'source', name='uq_capture_cursors_rep_source')
    )
    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=320), nullable=False),
    sa.Column('first_sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_contacts_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('rep_id', 'address', name='uq_contacts_rep_address')
    )
    op.create_table('dismissals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_dismissals_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dismissals')),
    sa.UniqueConstraint('rep_id', 'kind', name='uq_dismissals_rep_kind')
    )
    op.create_table('goals',
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('outreach_per_day', sa.Integer(), nullable=True),
    sa.Column('followups_per_week', sa.Integer(), nullable=True),
    sa.Column('personalized_share', sa.Float(), nullable=True),
    sa.Column('promises_kept_share', sa.Float(), nullable=True),
    sa.Column('orders_per_week', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=320), nullable=True),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_goals_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rep_id', name=op.f('pk_goals'))
    )
    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('won_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_orders_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders'))
    )
    op.create_index('ix_orders_rep_won', 'orders', ['rep_id', 'won_on'], unique=False)

    op.create_table('fingerprints',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('shingles', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_fingerprints_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_fingerprints_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_fingerprints'))
    )
    op.create_index('ix_fingerprints_rep_sent', 'fingerprints', ['rep_id', 'sent_at'], unique=False)

    op.create_table('promises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('due_phrase', sa.String(length=120), nullable=True),
    sa.Column('recipient', sa.String(length=320), nullable=True),
    sa.Column('thread_id', sa.String(length=998), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_promises_activity_id_activities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_promises_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promises')),
    sa.UniqueConstraint('activity_id', 'ordinal', name='uq_promises_activity_ordinal')
    )
    op.create_index('ix_promises_rep_status', 'promises', ['rep_id', 'status'], unique=False)

    op.create_table('promise_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['promise_id'], ['promises.id'], name=op.f('fk_promise_events_promise_id_promises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_promise_events_rep_id_reps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promise_events'))
    )
    op.create_index('ix_promise_events_rep_at', 'promise_events', ['rep_id', 'at'], unique=False)


def downgrade() -> None:

    op.drop_index('ix_promise_events_rep_at', table_name='promise_events')

    op.drop_table('promise_events')
    op.drop_index('ix_promises_rep_status', table_name='promises')

    op.drop_table('promises')
    op.drop_index('ix_fingerprints_rep_sent', table_name='fingerprints')

    op.drop_table('fingerprints')
    op.drop_index('ix_orders_rep_won', table_name='orders')

    op.drop_table('orders')
    op.drop_table('goals')
    op.drop_table('dismissals')
    op.drop_table('contacts')
    op.drop_table('capture_cursors')
    op.drop_index('ix_activities_rep_sent', table_name='activities')

    op.drop_table('activities')
    op.drop_table('reps')

