"""log head knows its last key event

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("log_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("keys_index", sa.Integer(), nullable=True))
    op.execute(
        'UPDATE log_head SET keys_index = (SELECT max(log_entries."index") FROM log_entries '
        "WHERE log_entries.kind IN ('key.register', 'key.rotate', 'key.revoke'))"
    )


def downgrade() -> None:
    with op.batch_alter_table("log_head", schema=None) as batch_op:
        batch_op.drop_column("keys_index")
