"""the staff dashboard: web sessions, login codes and throttling, message log, takeovers

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'web_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('token_hash'))
    op.create_index('ix_web_sessions_phone', 'web_sessions', ['phone'])
    op.create_table(
        'login_codes',
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('phone'))
    op.create_table(
        'login_throttle',
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('window_ends_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'))
    op.create_table(
        'message_log',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('direction', sa.String(length=3), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('author', sa.String(length=80), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_message_log_at', 'message_log', ['at'])
    op.create_index('ix_message_log_phone_at', 'message_log', ['phone', 'at'])
    op.create_table(
        'takeovers',
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('by', sa.String(length=80), nullable=False),
        sa.Column('since', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('phone'))


def downgrade() -> None:
    op.drop_table('takeovers')
    op.drop_index('ix_message_log_phone_at', table_name='message_log')
    op.drop_index('ix_message_log_at', table_name='message_log')
    op.drop_table('message_log')
    op.drop_table('login_throttle')
    op.drop_table('login_codes')
    op.drop_index('ix_web_sessions_phone', table_name='web_sessions')
    op.drop_table('web_sessions')
