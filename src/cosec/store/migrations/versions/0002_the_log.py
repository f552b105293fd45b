"""the log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 09:48:37.663213
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "checkpoints",
        sa.Column("size", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("root_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("size", name=op.f("pk_checkpoints")),
    )
    op.create_table(
        "log_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("origin", sa.String(length=255), nullable=False),
        sa.Column("log_vkey", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("root_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_head")),
    )
    op.create_table(
        "merkle_nodes",
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("level", "position", name=op.f("pk_merkle_nodes")),
    )
    op.create_table(
        "cosignatures",
        sa.Column("checkpoint_size", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("witness", sa.String(length=255), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("cosigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_size"],
            ["checkpoints.size"],
            name=op.f("fk_cosignatures_checkpoint_size_checkpoints"),
        ),
        sa.PrimaryKeyConstraint("checkpoint_size", "witness", name=op.f("pk_cosignatures")),
    )
    op.create_table(
        "log_entries",
        sa.Column("index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("leaf", sa.LargeBinary(), nullable=False),
        sa.Column("envelope", sa.LargeBinary(), nullable=False),
        sa.Column("envelope_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_log_entries_record_id_records")
        ),
        sa.PrimaryKeyConstraint("index", name=op.f("pk_log_entries")),
        sa.UniqueConstraint("envelope_hash", name=op.f("uq_log_entries_envelope_hash")),
        sa.UniqueConstraint("member", "seq", name=op.f("uq_log_entries_member")),
        sa.UniqueConstraint("record_id", name=op.f("uq_log_entries_record_id")),
    )
    with op.batch_alter_table("log_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_log_entries_kind"), ["kind"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("log_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_entries_kind"))

    op.drop_table("log_entries")
    op.drop_table("cosignatures")
    op.drop_table("merkle_nodes")
    op.drop_table("log_head")
    op.drop_table("checkpoints")
