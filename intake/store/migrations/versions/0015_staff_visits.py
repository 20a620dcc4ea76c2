"""staff visits: per staff member, the last activity of their previous visit to the console and the current
visit's start and last activity, for « Nouveau depuis ma dernière visite » on the case list

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 16:15:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import intake.store.tables


revision: str = '0015'
down_revision: Union[str, None] = '0014'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

When = intake.store.tables.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'staffvisit',
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('mark', When(), nullable=True),
        sa.Column('started_at', When(), nullable=False),
        sa.Column('last_seen_at', When(), nullable=False),
        sa.PrimaryKeyConstraint('email'),
    )


def downgrade() -> None:
    op.drop_table('staffvisit')
