"""inbound messages keyed on the id and the phone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    _key_on('sid', 'phone')


def downgrade() -> None:
    # The narrower key cannot hold one id used by two phones: keep one row per id.
    op.execute("DELETE FROM inbound_messages WHERE EXISTS (SELECT 1 FROM inbound_messages AS other"
               " WHERE other.sid = inbound_messages.sid AND other.phone < inbound_messages.phone)")
    _key_on('sid')


def _key_on(*columns: str) -> None:
    # SQLite's key has no name: the convention gives it PostgreSQL's, so one drop fits both.
    with op.batch_alter_table('inbound_messages', schema=None,
                              naming_convention={'pk': '%(table_name)s_pkey'}) as batch_op:
        batch_op.drop_constraint('inbound_messages_pkey', type_='primary')
        batch_op.create_primary_key('inbound_messages_pkey', list(columns))
