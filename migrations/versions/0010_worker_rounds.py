"""when each outbox worker last went round (the dashboard's health panel)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'worker_rounds',
        sa.Column('worker', sa.String(length=80), nullable=False),
        sa.Column('last_round_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('worker'))


def downgrade() -> None:
    op.drop_table('worker_rounds')
