"""people (duties, TOTP), drafts, who drafted and approved each record

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 09:00:00

Named users: a principal with a row in ``people`` is a person with a duty (drafter,
approver, reader) and perhaps a TOTP second factor (its secret sealed with the server's
key). ``drafts`` holds records prepared and not yet signed (never in the log);
``record_people`` says who drafted and who approved each record signed in the web.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("duty", sa.String(length=16), nullable=False),
        sa.Column("totp_secret", sa.Text(), nullable=True),
        sa.Column("totp_enrolled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("totp_confirmed", sa.Boolean(), nullable=False),
        sa.Column("totp_last_step", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["principal_id"], ["principals.id"], name=op.f("fk_people_principal_id_principals")
        ),
        sa.PrimaryKeyConstraint("principal_id", name=op.f("pk_people")),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("member", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("form_path", sa.String(length=200), nullable=False),
        sa.Column("form", JSON, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("drafted_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["principals.id"], name=op.f("fk_drafts_closed_by_principals")
        ),
        sa.ForeignKeyConstraint(
            ["drafted_by"], ["principals.id"], name=op.f("fk_drafts_drafted_by_principals")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_drafts_record_id_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drafts_drafted_by"), ["drafted_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_drafts_member"), ["member"], unique=False)
        batch_op.create_index(batch_op.f("ix_drafts_state"), ["state"], unique=False)
    op.create_table(
        "record_people",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("drafted_by", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["principals.id"],
            name=op.f("fk_record_people_approved_by_principals"),
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name=op.f("fk_record_people_draft_id_drafts")
        ),
        sa.ForeignKeyConstraint(
            ["drafted_by"],
            ["principals.id"],
            name=op.f("fk_record_people_drafted_by_principals"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_record_people_record_id_records")
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_record_people")),
    )
    with op.batch_alter_table("record_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_people_approved_by"), ["approved_by"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_record_people_drafted_by"), ["drafted_by"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("record_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_people_drafted_by"))
        batch_op.drop_index(batch_op.f("ix_record_people_approved_by"))
    op.drop_table("record_people")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drafts_state"))
        batch_op.drop_index(batch_op.f("ix_drafts_member"))
        batch_op.drop_index(batch_op.f("ix_drafts_drafted_by"))
    op.drop_table("drafts")
    op.drop_table("people")
