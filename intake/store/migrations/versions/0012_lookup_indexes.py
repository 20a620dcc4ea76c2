"""lookup indexes: what the decision of every message looks up (its sender's mail of the day, our mail to them,
the cases of the Message-IDs it answers) is found by index, not by reading the whole ledger and outbox

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 17:00:00
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0012'
down_revision: Union[str, None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index(op.f('ix_inbound_from_addr'), 'inbound', ['from_addr'], unique=False)
    op.create_index(op.f('ix_inbound_message_id'), 'inbound', ['message_id'], unique=False)
    op.create_index(op.f('ix_outbox_to_addr'), 'outbox', ['to_addr'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_outbox_to_addr'), table_name='outbox')
    op.drop_index(op.f('ix_inbound_message_id'), table_name='inbound')
    op.drop_index(op.f('ix_inbound_from_addr'), table_name='inbound')
