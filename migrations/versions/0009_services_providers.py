"""Services and providers: each appointment's provider, service and the end of the time it
holds when a buffer follows it (NULL: its end); the cells that prevent double booking are
per provider. Existing appointments keep the single provider and service of a business
without a profile ('').

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21
"""
import warnings

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMNs: recreating appointments on SQLite would cascade-delete the cells
    op.add_column('appointments', sa.Column('provider', sa.String(length=80), server_default=sa.text("''"),
                                            nullable=False))
    op.add_column('appointments', sa.Column('service', sa.String(length=80), server_default=sa.text("''"),
                                            nullable=False))
    op.add_column('appointments', sa.Column('held_until', sa.DateTime(), nullable=True))
    _cells_keyed_by(['provider', 'starts_at'], add_provider=True)


def downgrade() -> None:
    _cells_keyed_by(['starts_at'], add_provider=False)
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_column('held_until')
        batch_op.drop_column('service')
        batch_op.drop_column('provider')


def _cells_keyed_by(columns: list[str], add_provider: bool) -> None:
    if op.get_context().dialect.name == 'postgresql':
        op.drop_constraint('appointment_cells_pkey', 'appointment_cells', type_='primary')
        if add_provider:
            op.add_column('appointment_cells', sa.Column('provider', sa.String(length=80),
                                                         server_default=sa.text("''"), nullable=False))
        else:
            op.drop_column('appointment_cells', 'provider')
        op.create_primary_key('appointment_cells_pkey', 'appointment_cells', columns)
        return
    # SQLAlchemy warns that the reflected key differs from the new one: that is the point
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', sa.exc.SAWarning)
        _recreate_cells(columns, add_provider)


def _recreate_cells(columns: list[str], add_provider: bool) -> None:
    with op.batch_alter_table('appointment_cells', schema=None, recreate='always') as batch_op:
        if add_provider:
            batch_op.add_column(sa.Column('provider', sa.String(length=80), server_default=sa.text("''"),
                                          nullable=False))
        else:
            batch_op.drop_column('provider')
        batch_op.create_primary_key('pk_appointment_cells', columns)
