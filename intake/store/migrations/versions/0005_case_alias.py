"""case alias: the reference of a case merged into another

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import intake.store.tables


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('casealias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('merged_at', intake.store.tables.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('casealias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casealias_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('casealias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casealias_case_id'))
    op.drop_table('casealias')
