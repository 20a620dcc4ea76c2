"""case address authenticated and domain: whether the town's server authenticated the message that opened a case
from an address, and the domain its new cases count with (registrable, in ASCII), so that the cases a domain's
addresses open are counted by that domain whatever the address's spelling, its authenticated senders apart from the
mail anyone can write in its name (store/correspondents.py `domain_cases_opened`)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 05:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0018'
down_revision: Union[str, None] = '0017'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('caseaddress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('authenticated', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('domain', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
        batch_op.create_index('ix_caseaddress_domain_created_at', ['domain', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('caseaddress', schema=None) as batch_op:
        batch_op.drop_index('ix_caseaddress_domain_created_at')
        batch_op.drop_column('domain')
        batch_op.drop_column('authenticated')
