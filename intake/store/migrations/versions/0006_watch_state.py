"""mailbox watch state (IMAP IDLE in intake run)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 14:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import intake.store.tables


revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('mailboxstate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('watch_state', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('watch_detail', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('watch_since', intake.store.tables.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('watch_seen_at', intake.store.tables.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mailboxstate', schema=None) as batch_op:
        batch_op.drop_column('watch_seen_at')
        batch_op.drop_column('watch_since')
        batch_op.drop_column('watch_detail')
        batch_op.drop_column('watch_state')
