"""What the secretariat has published.

A release is a signed, public record in the log (``publication.release``, see
:mod:`cosec.publication.kinds`) and carries what it publishes: finding ids, or the figures
of statistics or of an annual report as they stood then. The figures are read from the
records themselves (:func:`latest`). The findings a release names are folded into
``published_findings`` (:func:`take_in`), so that the visibility rule can let every reader
read them with one ``IN``; the table is a projection of the log, rebuilt from it at will.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Select, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cosec.store.base import Base
from cosec.store.tables import FindingRow, RecordRow

KIND_RELEASE = "publication.release"


class PublishedFindingRow(Base):
    """A finding the secretariat published: anyone may read it from then on."""

    __tablename__ = "published_findings"

    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)


def releases(
    session: Session, scope: str | None = None, year: int | None = None
) -> Select[RecordRow]:
    """SELECT of release records (of ``scope``, for ``year``), newest first."""
    q = select(RecordRow).where(RecordRow.kind == KIND_RELEASE)
    if scope is not None:
        q = q.where(RecordRow.payload["scope"].as_string() == scope)
    if year is not None:
        q = q.where(RecordRow.payload["year"].as_integer() == year)
    return q.order_by(RecordRow.id.desc())


def latest(session: Session, scope: str, year: int | None = None) -> RecordRow | None:
    """The newest release of ``scope`` (for ``year``, if given)."""
    return session.scalar(releases(session, scope, year).limit(1))


def published_finding_ids() -> Select[Any]:
    """SELECT of the ids of published findings (for a WHERE ... IN)."""
    return select(PublishedFindingRow.finding_id)


def take_in(session: Session) -> int:
    """Fold the releases of findings not yet folded into ``published_findings``; return how
    many findings became public. Idempotent: a finding published twice keeps its first."""
    done = session.scalar(select(func.max(PublishedFindingRow.record_id))) or 0
    rows = session.scalars(
        select(RecordRow)
        .where(RecordRow.kind == KIND_RELEASE, RecordRow.id > done)
        .order_by(RecordRow.id)
    ).all()
    named: dict[int, int] = {}
    for row in rows:
        for fid in row.payload.get("findings") or ():
            named.setdefault(int(fid), row.id)
    if not named:
        return 0
    known = set(session.scalars(select(FindingRow.id).where(FindingRow.id.in_(list(named)))))
    already = set(
        session.scalars(
            select(PublishedFindingRow.finding_id).where(
                PublishedFindingRow.finding_id.in_(list(named))
            )
        )
    )
    new = [
        {"finding_id": fid, "record_id": rid}
        for fid, rid in sorted(named.items())
        if fid in known and fid not in already
    ]
    if new:
        session.execute(insert(PublishedFindingRow), new)
    return len(new)
