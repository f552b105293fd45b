"""findings by the records they rest on

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 07:20:00

A record's page and its API answer show the findings that rest on it. They were found by
reading every finding the reader may see and keeping those whose ``evidence`` lists the
record: a cost that grew with the store (on the 10,000-notification benchmark store, 608 ms
a record against 1.4 ms through this index, medians of 15 on a busy machine).
``finding_records`` indexes each finding's evidence by record, filled here from every
stored finding's ``evidence``.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
CHUNK = 5000


def upgrade() -> None:
    op.create_table(
        "finding_records",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_records_finding_id_findings"),
        ),
        sa.PrimaryKeyConstraint("finding_id", "record_id", name=op.f("pk_finding_records")),
    )
    with op.batch_alter_table("finding_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finding_records_record_id"), ["record_id"], unique=False
        )
    findings = sa.table("findings", sa.column("id", sa.Integer()), sa.column("evidence", JSON))
    links = sa.table(
        "finding_records",
        sa.column("finding_id", sa.Integer()),
        sa.column("record_id", sa.Integer()),
    )
    conn = op.get_bind()
    rows: list[dict[str, int]] = []
    for fid, raw in conn.execute(sa.select(findings.c.id, findings.c.evidence)):
        values = json.loads(raw) if isinstance(raw, str) else raw
        rows += [
            {"finding_id": fid, "record_id": int(r)}
            for r in sorted({v for v in values or [] if isinstance(v, int)})
        ]
        if len(rows) >= CHUNK:
            conn.execute(sa.insert(links), rows)
            rows = []
    if rows:
        conn.execute(sa.insert(links), rows)


def downgrade() -> None:
    with op.batch_alter_table("finding_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_records_record_id"))
    op.drop_table("finding_records")
