"""Queries on records, always through the visibility filter."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from cosec.charter.models import Charter
from cosec.principals import Principal
from cosec.store.tables import RecordPartyRow, RecordRow
from cosec.store.visibility import records_visible

M = TypeVar("M", bound=BaseModel)
_log = logging.getLogger(__name__)


def stored_payload(model: type[M], row: RecordRow) -> M | None:
    """The payload of a stored record as ``model``, or ``None`` when it no longer validates.

    Records are validated when they are submitted, but the log keeps for ever what an
    earlier version of cosec accepted (a date in year 1, an unbounded text). Such a record
    can never be removed, so readers skip it (and say so in the log) instead of failing:
    one bad record must not take a page or an evaluation down for everyone. It stays
    readable, field by field, on its record page.
    """
    try:
        return model.model_validate(row.payload)
    except ValidationError as exc:
        _log.warning(
            "record %s (%s) no longer validates and is left out: %s",
            row.id,
            row.kind,
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3]),
        )
        return None


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
    offset: int = 0,
    newest_first: bool = False,
) -> list[RecordRow]:
    """Records ``principal`` may read, filtered; at most ``limit`` from ``offset``."""
    where = _visible(principal, charter, kinds, submitter, refers_to, since)
    q = select(RecordRow).where(*where)
    q = q.order_by(RecordRow.id.desc() if newest_first else RecordRow.id).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return list(session.scalars(q).all())


def count_visible(
    session: Session,
    principal: Principal,
    charter: Charter,
    *,
    kinds: Sequence[str] = (),
    submitter: str | None = None,
    since: datetime | None = None,
) -> int:
    """How many records ``principal`` may read pass the filters (as :func:`list_visible`),
    counted by the database."""
    where = _visible(principal, charter, kinds, submitter, None, since)
    return int(session.scalar(select(func.count()).select_from(RecordRow).where(*where)) or 0)


def _visible(
    principal: Principal,
    charter: Charter,
    kinds: Sequence[str],
    submitter: str | None,
    refers_to: int | None,
    since: datetime | None,
) -> list[ColumnElement[bool]]:
    where = [records_visible(principal, charter)]
    if kinds:
        where.append(RecordRow.kind.in_(kinds))
    if submitter:
        where.append(RecordRow.submitter == submitter)
    if refers_to is not None:
        where.append(RecordRow.refers_to == refers_to)
    if since is not None:
        where.append(RecordRow.submitted_at >= since)
    return where


REFERS_CHUNK = 500
"""Record ids per ``IN`` list (SQLite binds at most 32,766 parameters; keep statements small)."""


def list_referring(
    session: Session,
    principal: Principal,
    charter: Charter,
    *,
    kinds: Sequence[str],
    refers_to: Sequence[int],
) -> dict[int, list[RecordRow]]:
    """The records of ``kinds`` ``principal`` may read that refer to each of ``refers_to``
    (in log order): one query per few hundred ids, for a list of many records that shows
    what follows each (not one query per record)."""
    out: dict[int, list[RecordRow]] = {i: [] for i in refers_to}
    ids = sorted(set(refers_to))
    for start in range(0, len(ids), REFERS_CHUNK):
        chunk = ids[start : start + REFERS_CHUNK]
        q = (
            select(RecordRow)
            .where(records_visible(principal, charter))
            .where(RecordRow.kind.in_(kinds), RecordRow.refers_to.in_(chunk))
            .order_by(RecordRow.id)
        )
        for row in session.scalars(q):
            assert row.refers_to is not None  # selected by it
            out[row.refers_to].append(row)
    return out


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
