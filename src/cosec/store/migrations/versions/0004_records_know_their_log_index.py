"""records know their log index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:34:03.768562
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("log_index", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_records_log_index"), ["log_index"])
    op.execute(
        'UPDATE records SET log_index = (SELECT log_entries."index" FROM log_entries '
        "WHERE log_entries.record_id = records.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_records_log_index"), type_="unique")
        batch_op.drop_column("log_index")
