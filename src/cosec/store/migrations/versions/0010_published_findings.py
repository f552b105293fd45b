"""published findings: what the secretariat made public

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 07:00:00

``published_findings``: the findings that ``publication.release`` records made public,
which every reader may then read (a projection of the log, folded after each release).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_findings",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["findings.id"], name=op.f("fk_published_findings_finding_id_findings")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_published_findings_record_id_records")
        ),
        sa.PrimaryKeyConstraint("finding_id", name=op.f("pk_published_findings")),
    )
    op.create_index(
        op.f("ix_published_findings_record_id"), "published_findings", ["record_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_published_findings_record_id"), table_name="published_findings")
    op.drop_table("published_findings")
