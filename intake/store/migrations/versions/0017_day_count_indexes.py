"""day count index: the acknowledgements of the day (outbox by kind and date) are counted by index, not by reading
the whole outbox, mails' bytes included, for every message that could open a case (the cases a sender domain
opened: 0018)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 04:10:00
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0017'
down_revision: Union[str, None] = '0016'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_outbox_kind_created_at', 'outbox', ['kind', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_outbox_kind_created_at', table_name='outbox')
