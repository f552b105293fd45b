"""e-mail alerts (settings, sent alerts) and feed tokens

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:00:00

``alert_settings``: a user's e-mail address and the alerts they asked for (new findings,
deadlines near, FLASH messages), and since when. ``alerts_sent``: one row per user, inbox
item and reason, claimed before the message is sent and marked sent after (at least once,
never twice once marked). ``feed_tokens``: the SHA-256 of each user's Atom feed token.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_settings",
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("findings", sa.Boolean(), nullable=False),
        sa.Column("deadlines", sa.Boolean(), nullable=False),
        sa.Column("flash", sa.Boolean(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["principals.id"],
            name=op.f("fk_alert_settings_principal_id_principals"),
        ),
        sa.PrimaryKeyConstraint("principal_id", name=op.f("pk_alert_settings")),
    )
    op.create_table(
        "alerts_sent",
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["principals.id"],
            name=op.f("fk_alerts_sent_principal_id_principals"),
        ),
        sa.PrimaryKeyConstraint("principal_id", "item", "reason", name=op.f("pk_alerts_sent")),
    )
    op.create_table(
        "feed_tokens",
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["principals.id"],
            name=op.f("fk_feed_tokens_principal_id_principals"),
        ),
        sa.PrimaryKeyConstraint("principal_id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_feed_tokens_token_sha256")),
    )


def downgrade() -> None:
    op.drop_table("feed_tokens")
    op.drop_table("alerts_sent")
    op.drop_table("alert_settings")
