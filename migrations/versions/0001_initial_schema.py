"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_starts_at'), ['starts_at'], unique=False)

    op.create_table('busy_blocks',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('busy_blocks', schema=None) as batch_op:
        batch_op.create_index('ix_busy_blocks_span', ['starts_at', 'ends_at'], unique=False)

    op.create_table('conversations',
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('context', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('phone')
    )
    op.create_table('inbound_messages',
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sid')
    )
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_messages_phone'), ['phone'], unique=False)

    op.create_table('opt_outs',
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('opted_out_at', sa.DateTime(), nullable=False),
    sa.Column('keyword', sa.String(length=16), server_default=sa.text("'STOP'"), nullable=False),
    sa.PrimaryKeyConstraint('phone')
    )
    op.create_table('appointment_cells',
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('starts_at')
    )
    with op.batch_alter_table('appointment_cells', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_cells_appointment_id'), ['appointment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('appointment_cells', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointment_cells_appointment_id'))

    op.drop_table('appointment_cells')
    op.drop_table('opt_outs')
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_messages_phone'))

    op.drop_table('inbound_messages')
    op.drop_table('conversations')
    with op.batch_alter_table('busy_blocks', schema=None) as batch_op:
        batch_op.drop_index('ix_busy_blocks_span')

    op.drop_table('busy_blocks')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_starts_at'))
        batch_op.drop_index(batch_op.f('ix_appointments_phone'))

    op.drop_table('appointments')
