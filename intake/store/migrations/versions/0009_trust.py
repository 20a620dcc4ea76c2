"""trust: the addresses that may speak for a case, the case a stranger cited, message fingerprints

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 14:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import intake.store.tables


revision: str = '0009'
down_revision: Union[str, None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('caseaddress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', intake.store.tables.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'address')
    )
    with op.batch_alter_table('caseaddress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caseaddress_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_caseaddress_case_id'), ['case_id'], unique=False)
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('linked_case_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_case_linked_case_id', 'case', ['linked_case_id'], ['id'])
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), server_default='',
                                      nullable=False))
    # every existing case: its applicant is the address our mail goes to. Fingerprints are not computed for
    # existing messages: a row without one is "content not known" (core/decide.py), and only filed or
    # quarantined messages would get one anyway (the others keep no content since 0007).
    op.execute('INSERT INTO caseaddress (case_id, address, role, source, created_at, actor) '
               'SELECT id, lower(applicant), \'applicant\', \'opening\', created_at, \'migration 0009\' '
               'FROM "case" WHERE applicant <> \'\'')


def downgrade() -> None:
    with op.batch_alter_table('inbound', schema=None) as batch_op:
        batch_op.drop_column('fingerprint')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint('fk_case_linked_case_id', type_='foreignkey')
        batch_op.drop_column('linked_case_id')
    with op.batch_alter_table('caseaddress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caseaddress_case_id'))
        batch_op.drop_index(batch_op.f('ix_caseaddress_address'))
    op.drop_table('caseaddress')
