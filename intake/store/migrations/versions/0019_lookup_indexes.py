"""lookup indexes: the day's acknowledgements are counted from an index on (kind, created_at, status) alone (with
0017's (kind, created_at), SQLite read each mail's status in its row, after the mail's bytes, walking them: 0.9 ms a
count at 400 acknowledgements a day, for every message that could open a case; 0.06 now); the open cases under a
display name are found by an index on lower(applicant_name), not by reading every case (every message with files)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 06:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0019'
down_revision: Union[str, None] = '0018'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_outbox_kind_created_at_status', 'outbox', ['kind', 'created_at', 'status'], unique=False)
    op.drop_index('ix_outbox_kind_created_at', table_name='outbox')
    op.create_index('ix_case_lower_applicant_name', 'case', [sa.text('lower(applicant_name)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_lower_applicant_name', table_name='case')
    op.create_index('ix_outbox_kind_created_at', 'outbox', ['kind', 'created_at'], unique=False)
    op.drop_index('ix_outbox_kind_created_at_status', table_name='outbox')
