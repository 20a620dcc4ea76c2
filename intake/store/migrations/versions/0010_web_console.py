"""web console: sign-in links, sessions, sign-in attempts; indexes for sorting cases

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import intake.store.tables


revision: str = '0010'
down_revision: Union[str, None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

When = intake.store.tables.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'websignin',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('next_path', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', When(), nullable=False),
        sa.Column('expires_at', When(), nullable=False),
        sa.Column('used_at', When(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index(op.f('ix_websignin_email'), 'websignin', ['email'], unique=False)
    op.create_table(
        'websession',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', When(), nullable=False),
        sa.Column('last_seen_at', When(), nullable=False),
        sa.Column('expires_at', When(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index(op.f('ix_websession_email'), 'websession', ['email'], unique=False)
    op.create_table(
        'webattempt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('at', When(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_webattempt_key'), 'webattempt', ['key'], unique=False)
    op.create_index(op.f('ix_webattempt_at'), 'webattempt', ['at'], unique=False)
    op.create_index('ix_case_year_seq', 'case', ['year', 'seq'], unique=False)
    op.create_index('ix_case_received_at', 'case', ['received_at'], unique=False)
    op.create_index('ix_case_updated_at', 'case', ['updated_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_updated_at', table_name='case')
    op.drop_index('ix_case_received_at', table_name='case')
    op.drop_index('ix_case_year_seq', table_name='case')
    op.drop_index(op.f('ix_webattempt_at'), table_name='webattempt')
    op.drop_index(op.f('ix_webattempt_key'), table_name='webattempt')
    op.drop_table('webattempt')
    op.drop_index(op.f('ix_websession_email'), table_name='websession')
    op.drop_table('websession')
    op.drop_index(op.f('ix_websignin_email'), table_name='websignin')
    op.drop_table('websignin')
