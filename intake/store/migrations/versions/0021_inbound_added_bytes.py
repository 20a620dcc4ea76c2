"""inbound added bytes: what a filed message added to the store (its raw bytes and its files) whoever its sender,
authenticated or not, so that the bytes one sender's mail adds in 24 hours are bounded even when the town's server
authenticated it ([limits] bytes_per_authenticated_sender_per_day; store/ledger.py `added_since`)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 10:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0021'
down_revision: Union[str, None] = '0020'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.add_column(sa.Column('added_bytes', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.create_index('ix_inbound_from_addr_created_at_added_bytes', ['from_addr', 'created_at', 'added_bytes'],
                              unique=False)
    # counted from the upgrade on: the day before it, authenticated mail's bytes were not recorded


def downgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_from_addr_created_at_added_bytes')
        batch_op.drop_column('added_bytes')
