"""inbound authenticated domain bytes: the registrable domain of an authenticated sender is recorded too (stored_domain,
cleared with the rest of a message's trace), and the index of the domain covers both byte columns, so that the bytes
one domain's addresses' authenticated mail adds in 24 hours are summed from the index alone ([limits]
bytes_per_authenticated_domain_per_day; store/ledger.py `added_by_domain_since`, and `stored_since` for its
unauthenticated mail)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 14:00:00
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0022'
down_revision: Union[str, None] = '0021'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_stored_domain_created_at')
        batch_op.create_index('ix_inbound_stored_domain_created_at_bytes',
                              ['stored_domain', 'created_at', 'stored_bytes', 'added_bytes'], unique=False)
    # counted from the upgrade on: authenticated mail filed before it recorded no domain


def downgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_stored_domain_created_at_bytes')
        batch_op.create_index('ix_inbound_stored_domain_created_at', ['stored_domain', 'created_at'], unique=False)
