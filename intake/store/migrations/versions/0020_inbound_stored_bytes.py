"""inbound stored bytes: what a filed message whose sender the town's server did not authenticate added to the store
(its raw bytes and its files), and the registrable domain it counts with, so that the bytes one sender's (and one
domain's) unauthenticated mail adds in 24 hours are bounded ([limits] bytes_per_sender_per_day,
bytes_per_domain_per_day, unauthenticated_bytes_per_day; store/ledger.py `stored_since`)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 09:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0020'
down_revision: Union[str, None] = '0019'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # every unauthenticated sender's new cases of the day, together (store/correspondents.py)
    op.create_index('ix_caseaddress_created_at', 'caseaddress', ['created_at'], unique=False)
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stored_bytes', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('stored_domain', sqlmodel.sql.sqltypes.AutoString(), server_default='',
                                      nullable=False))
        batch_op.create_index('ix_inbound_stored_domain_created_at', ['stored_domain', 'created_at'], unique=False)
        batch_op.create_index('ix_inbound_created_at_stored_bytes', ['created_at', 'stored_bytes'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_caseaddress_created_at', table_name='caseaddress')
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_created_at_stored_bytes')
        batch_op.drop_index('ix_inbound_stored_domain_created_at')
        batch_op.drop_column('stored_domain')
        batch_op.drop_column('stored_bytes')
