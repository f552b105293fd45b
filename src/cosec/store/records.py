"""Queries on records, always through the visibility filter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.access.principals import Principal
from cosec.charter.models import Charter
from cosec.store.tables import RecordPartyRow, RecordRow
from cosec.store.visibility import records_visible


def get_visible(
    session: Session, principal: Principal, charter: Charter, record_id: int
) -> RecordRow | None:
    """A record by id, if ``principal`` may read it."""
    return session.scalar(
        select(RecordRow).where(RecordRow.id == record_id, records_visible(principal, charter))
    )


def list_visible(
    session: Session,
    principal: Principal,
    charter: Charter,
    *,
    kinds: Sequence[str] = (),
    submitter: str | None = None,
    refers_to: int | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[RecordRow]:
    """Records ``principal`` may read, filtered."""
    q = select(RecordRow).where(records_visible(principal, charter))
    if kinds:
        q = q.where(RecordRow.kind.in_(kinds))
    if submitter:
        q = q.where(RecordRow.submitter == submitter)
    if refers_to is not None:
        q = q.where(RecordRow.refers_to == refers_to)
    if since is not None:
        q = q.where(RecordRow.submitted_at >= since)
    q = q.order_by(RecordRow.id.desc() if newest_first else RecordRow.id)
    if limit is not None:
        q = q.limit(limit)
    return list(session.scalars(q).all())


def parties_of(session: Session, record_ids: Sequence[int]) -> dict[int, set[str]]:
    """Members each record is addressed to."""
    out: dict[int, set[str]] = {i: set() for i in record_ids}
    if record_ids:
        for rid, member in session.execute(
            select(RecordPartyRow.record_id, RecordPartyRow.member).where(
                RecordPartyRow.record_id.in_(record_ids)
            )
        ):
            out[rid].add(member)
    return out
