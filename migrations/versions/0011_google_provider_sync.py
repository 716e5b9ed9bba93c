"""google_sync_state per synced calendar: providers' own calendars get a row (their sync
token) without an event prefix, which stays on the business calendar's row

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('google_sync_state', schema=None) as batch_op:
        batch_op.alter_column('event_prefix', existing_type=sa.String(length=16), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM google_sync_state WHERE event_prefix IS NULL")
    with op.batch_alter_table('google_sync_state', schema=None) as batch_op:
        batch_op.alter_column('event_prefix', existing_type=sa.String(length=16), nullable=False)
