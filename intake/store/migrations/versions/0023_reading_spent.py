"""reading spent: the seconds of reading one sender's (one domain's, every unauthenticated sender's) mail took on one
day, for the daily reading budgets ([limits] read_seconds_per_sender_per_day...; core/reading_budget.py,
store/readings.py); kept two days at most

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 10:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0023'
down_revision: Union[str, None] = '0022'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'readingspent',
        sa.Column('day', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('milliseconds', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'key'),
    )


def downgrade() -> None:
    op.drop_table('readingspent')
