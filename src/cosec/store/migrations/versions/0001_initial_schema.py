"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29 09:21:09.959247
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "charter_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("charter_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("adopted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charter_versions")),
        sa.UniqueConstraint("charter_id", "version", name=op.f("uq_charter_versions_charter_id")),
    )
    with op.batch_alter_table("charter_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_charter_versions_charter_id"), ["charter_id"], unique=False
        )

    op.create_table(
        "members",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "groups",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_members")),
    )
    op.create_table(
        "principals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_principals")),
        sa.UniqueConstraint("name", name=op.f("uq_principals_name")),
    )
    with op.batch_alter_table("principals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_principals_member"), ["member"], unique=False)

    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("principal_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["principal_id"], ["principals.id"], name=op.f("fk_api_keys_principal_id_principals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_keys_principal_id"), ["principal_id"], unique=False
        )

    op.create_table(
        "records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("mechanism", sa.String(length=64), nullable=False),
        sa.Column("submitter", sa.String(length=3), nullable=False),
        sa.Column("principal_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("charter_id", sa.String(length=64), nullable=False),
        sa.Column("charter_version", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refers_to", sa.Integer(), nullable=True),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["principal_id"], ["principals.id"], name=op.f("fk_records_principal_id_principals")
        ),
        sa.ForeignKeyConstraint(
            ["refers_to"], ["records.id"], name=op.f("fk_records_refers_to_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
    )
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_records_kind"), ["kind"], unique=False)
        batch_op.create_index("ix_records_mechanism_kind", ["mechanism", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_refers_to"), ["refers_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_submitted_at"), ["submitted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_submitter"), ["submitter"], unique=False)

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("obligation", sa.String(length=64), nullable=False),
        sa.Column("flag", sa.String(length=64), nullable=False),
        sa.Column("mechanism", sa.String(length=64), nullable=False),
        sa.Column("charter_id", sa.String(length=64), nullable=False),
        sa.Column("charter_version", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "subjects",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "evidence",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_record_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answer_record_id"], ["records.id"], name=op.f("fk_findings_answer_record_id_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint("key", name=op.f("uq_findings_key")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_obligation"), ["obligation"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_severity"), ["severity"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_state"), ["state"], unique=False)

    op.create_table(
        "record_parties",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_record_parties_record_id_records")
        ),
        sa.PrimaryKeyConstraint("record_id", "member", name=op.f("pk_record_parties")),
    )
    with op.batch_alter_table("record_parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_parties_member"), ["member"], unique=False)

    op.create_table(
        "finding_members",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["findings.id"], name=op.f("fk_finding_members_finding_id_findings")
        ),
        sa.PrimaryKeyConstraint("finding_id", "member", name=op.f("pk_finding_members")),
    )
    with op.batch_alter_table("finding_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_members_member"), ["member"], unique=False)

    op.create_table(
        "finding_parties",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["findings.id"], name=op.f("fk_finding_parties_finding_id_findings")
        ),
        sa.PrimaryKeyConstraint("finding_id", "member", name=op.f("pk_finding_parties")),
    )
    with op.batch_alter_table("finding_parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_parties_member"), ["member"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("finding_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_parties_member"))

    op.drop_table("finding_parties")
    with op.batch_alter_table("finding_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_members_member"))

    op.drop_table("finding_members")
    with op.batch_alter_table("record_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_parties_member"))

    op.drop_table("record_parties")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_state"))
        batch_op.drop_index(batch_op.f("ix_findings_severity"))
        batch_op.drop_index(batch_op.f("ix_findings_obligation"))

    op.drop_table("findings")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_records_submitter"))
        batch_op.drop_index(batch_op.f("ix_records_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_records_refers_to"))
        batch_op.drop_index("ix_records_mechanism_kind")
        batch_op.drop_index(batch_op.f("ix_records_kind"))

    op.drop_table("records")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_principal_id"))

    op.drop_table("api_keys")
    with op.batch_alter_table("principals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_principals_member"))

    op.drop_table("principals")
    op.drop_table("members")
    with op.batch_alter_table("charter_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_charter_versions_charter_id"))

    op.drop_table("charter_versions")
