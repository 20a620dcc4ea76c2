"""copy keys: a filed or set-aside message keeps, beside its fingerprint, the digest of its sender's headers
and body size (core/copykey.py), so that its copy in the other mailbox is recognised without its body

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 03:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0013'
down_revision: Union[str, None] = '0012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.add_column(sa.Column('copy_key', sqlmodel.sql.sqltypes.AutoString(), server_default='',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.drop_column('copy_key')
