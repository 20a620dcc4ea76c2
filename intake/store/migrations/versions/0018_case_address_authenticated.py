"""case address authenticated: whether the town's server authenticated the message that opened a case from an
address, so that the cases a domain's authenticated senders open are counted apart from the mail anyone can write in
its name (store/correspondents.py `domain_cases_opened`)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 05:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0018'
down_revision: Union[str, None] = '0017'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('caseaddress') as batch:
        batch.add_column(sa.Column('authenticated', sa.Boolean(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('caseaddress') as batch:
        batch.drop_column('authenticated')
