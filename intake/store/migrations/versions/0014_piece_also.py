"""piece also: the other required kinds a file appears to hold besides its own (the dossier and the signed letter
scanned into one PDF), each to verify, confirmed or denied by staff; the applicant is not asked for a piece their
file appears to hold while staff have not said

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 23:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0014'
down_revision: Union[str, None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('piece', schema=None) as batch_op:
        batch_op.add_column(sa.Column('also', sa.JSON(), server_default='{}', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('piece', schema=None) as batch_op:
        batch_op.drop_column('also')
