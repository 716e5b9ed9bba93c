"""Calendly: each appointment's scheduled event and invitee; customers' names and emails

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'customers',
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('held_text', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('phone'),
    )
    op.create_table(
        'calendly_bookings',
        sa.Column('appointment_id', sa.Integer(), nullable=False),
        sa.Column('event_uri', sa.String(length=255), nullable=False),
        sa.Column('invitee_uri', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('appointment_id'),
        sa.UniqueConstraint('event_uri'),
        sa.UniqueConstraint('invitee_uri'),
    )


def downgrade() -> None:
    op.drop_table('calendly_bookings')
    op.drop_table('customers')
