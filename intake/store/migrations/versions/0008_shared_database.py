"""shared database: 64-bit IMAP UIDs, the reference counter, interrupted sendings

IMAP UIDs and UIDVALIDITY are unsigned 32-bit numbers: they overflow PostgreSQL's
INTEGER (SQLite's is 64-bit already). The counter gives each year's case numbers
under a row lock, so that two workers never give the same reference; it starts
after the numbers already given (cases, references of merged cases, statistics
lines of deleted cases). `outbox.interruptions` counts the SMTP conversations of
a mail that were cut off (it is sent again once after each, up to a limit).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 10:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.alter_column('uidvalidity', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
        batch_op.alter_column('uid', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table('mailboxstate', schema=None) as batch_op:
        batch_op.alter_column('uidvalidity', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=True)
        batch_op.alter_column('last_uid', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interruptions', sa.Integer(), server_default='0', nullable=False))
    counter = op.create_table(
        'refcounter',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('year'),
    )
    numbers = sa.union_all(*(sa.select(t.c.year, t.c.seq) for t in (
        sa.table(name, sa.column('year', sa.Integer()), sa.column('seq', sa.Integer()))
        for name in ('case', 'casealias', 'casestat')))).subquery()
    op.execute(counter.insert().from_select(
        ['year', 'last_seq'], sa.select(numbers.c.year, sa.func.max(numbers.c.seq)).group_by(numbers.c.year)))


def downgrade() -> None:
    op.drop_table('refcounter')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('interruptions')
    with op.batch_alter_table('mailboxstate', schema=None) as batch_op:
        batch_op.alter_column('last_uid', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
        batch_op.alter_column('uidvalidity', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=True)
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.alter_column('uid', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
        batch_op.alter_column('uidvalidity', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
