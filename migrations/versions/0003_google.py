"""google calendar: event mapping, sync state, push channels, OAuth grant

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('google_channels',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('calendar_id', sa.String(length=255), nullable=False),
    sa.Column('resource_id', sa.String(length=255), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('stopped_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('google_channels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_google_channels_expires_at'), ['expires_at'], unique=False)

    op.create_table('google_oauth_pending',
    sa.Column('state', sa.String(length=128), nullable=False),
    sa.Column('code_verifier', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('state')
    )
    op.create_table('google_sync_state',
    sa.Column('calendar_id', sa.String(length=255), nullable=False),
    sa.Column('event_prefix', sa.String(length=16), nullable=False),
    sa.Column('sync_token', sa.Text(), nullable=True),
    sa.Column('last_sync_at', sa.DateTime(), nullable=True),
    sa.Column('last_full_sync_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('calendar_id')
    )
    op.create_table('google_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('refresh_token_encrypted', sa.Text(), nullable=False),
    sa.Column('client_id', sa.String(length=255), nullable=False),
    sa.Column('scopes', sa.String(length=500), nullable=False),
    sa.Column('connected_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('google_events',
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('calendar_id', sa.String(length=255), nullable=False),
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('etag', sa.String(length=255), nullable=True),
    sa.Column('google_updated', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('appointment_id'),
    sa.UniqueConstraint('calendar_id', 'event_id', name='uq_google_events_event')
    )


def downgrade() -> None:
    op.drop_table('google_events')
    op.drop_table('google_tokens')
    op.drop_table('google_sync_state')
    op.drop_table('google_oauth_pending')
    with op.batch_alter_table('google_channels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_google_channels_expires_at'))

    op.drop_table('google_channels')
