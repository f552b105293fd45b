"""findings by subject, findings cite observations, evaluation watermarks

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 04:10:00

Incremental evaluation rewrites only the findings that touch the subjects a change
reaches, so findings are indexed by subject (``finding_subjects``, filled from each
finding's ``subjects``). Findings cite track observations beside records
(``findings.observations``). ``evaluations`` keeps, per mechanism, the last record and
the moment its findings take in.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "finding_subjects",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_subjects_finding_id_findings"),
        ),
        sa.PrimaryKeyConstraint("finding_id", "subject", name=op.f("pk_finding_subjects")),
    )
    with op.batch_alter_table("finding_subjects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_subjects_subject"), ["subject"], unique=False)
    op.create_table(
        "evaluations",
        sa.Column("mechanism", sa.String(length=64), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_record_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("mechanism", name=op.f("pk_evaluations")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("observations", JSON, nullable=True))
        batch_op.create_index(batch_op.f("ix_findings_mechanism"), ["mechanism"], unique=False)
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_observations_subject_b"), ["subject_b"], unique=False)
        batch_op.create_index(batch_op.f("ix_observations_kind"), ["kind"], unique=False)
    findings = sa.table("findings", sa.column("id", sa.Integer()), sa.column("subjects", JSON))
    subjects = sa.table(
        "finding_subjects", sa.column("finding_id", sa.Integer()), sa.column("subject", sa.String())
    )
    conn = op.get_bind()
    rows = []
    for fid, raw in conn.execute(sa.select(findings.c.id, findings.c.subjects)):
        values = json.loads(raw) if isinstance(raw, str) else raw
        rows += [{"finding_id": fid, "subject": s} for s in sorted(set(values or [])) if _entity(s)]
    if rows:
        conn.execute(sa.insert(subjects), rows)


def _entity(subject: str) -> bool:
    """Whether a stored subject names an entity. Findings of earlier versions also listed
    a threshold kind or a constraint rule among their subjects; those are aspects now (part
    of the finding's key, not an index entry shared by many findings)."""
    return subject not in ("notification", "observation") and not subject.startswith(
        ("constraint:", "announce:")
    )


def downgrade() -> None:
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observations_kind"))
        batch_op.drop_index(batch_op.f("ix_observations_subject_b"))
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_mechanism"))
        batch_op.drop_column("observations")
    op.drop_table("evaluations")
    with op.batch_alter_table("finding_subjects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_subjects_subject"))
    op.drop_table("finding_subjects")
