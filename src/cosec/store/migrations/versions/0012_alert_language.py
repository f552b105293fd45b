"""the language of a user's e-mail alerts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 07:40:00

``alert_settings.language``: the language a user's e-mail alerts are written in (``en``
or ``zh``); every existing setting keeps English.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), server_default="en", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("alert_settings", schema=None) as batch_op:
        batch_op.drop_column("language")
