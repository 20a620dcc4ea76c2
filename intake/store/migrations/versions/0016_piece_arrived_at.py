"""piece arrived_at: when a file staff added by hand came (a letter posted to the mayor, a USB key), the day they
give; the complete file's date of receipt, from which the implicit decision's two months run, counts from it

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 00:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import intake.store.tables


revision: str = '0016'
down_revision: Union[str, None] = '0015'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

When = intake.store.tables.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table('piece', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrived_at', When(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('piece', schema=None) as batch_op:
        batch_op.drop_column('arrived_at')
