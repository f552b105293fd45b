"""A page of findings, sorted and counted in the database: lists usable at 100,000 rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from cosec.compliance.findings import FindingState, Severity
from cosec.compliance.service import FindingView, conditions
from cosec.deployment import Deployment
from cosec.errors import InvalidInput
from cosec.principals import Principal
from cosec.store.tables import FindingMemberRow, FindingRow

SEVERITY_RANK = case(*((FindingRow.severity == s.value, s.rank) for s in Severity), else_=0)
SORTS: dict[str, Any] = {
    "id": FindingRow.id,
    "severity": SEVERITY_RANK,
    "state": FindingRow.state,
    "obligation": FindingRow.obligation,
    "first_seen": FindingRow.first_seen,
}
"""Columns a list sorts by (``sort``); by default, open first, most severe, newest."""


@dataclass(frozen=True)
class FindingPage:
    """One page of findings and how many there are in all."""

    total: int
    views: list[FindingView]


def page_findings(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    member: str | None = None,
    state: str | None = None,
    min_severity: Severity | None = None,
    obligation: str | None = None,
    record_id: int | None = None,
    sort: str = "",
    order: str = "asc",
    limit: int | None = 50,
    offset: int = 0,
) -> FindingPage:
    """Findings ``principal`` may read, filtered (as :func:`service.conditions` filters),
    sorted by ``sort`` (``order`` ``asc`` or ``desc``; none: open and most severe first,
    newest first), ``limit`` from ``offset`` (``limit`` ``None``: all, for exports)."""
    if sort and sort not in SORTS:
        raise InvalidInput.field("sort", f"must be one of {', '.join(SORTS)}")
    if order not in ("asc", "desc"):
        raise InvalidInput.field("order", "must be asc or desc")
    where = conditions(deployment, principal, member, state, min_severity, obligation, record_id)
    total = session.scalar(select(func.count()).select_from(FindingRow).where(*where)) or 0
    if sort:
        column = SORTS[sort]
        keys = [column.desc() if order == "desc" else column.asc(), FindingRow.id.desc()]
    else:
        keys = [
            (FindingRow.state != FindingState.OPEN.value).asc(),
            SEVERITY_RANK.desc(),
            FindingRow.id.desc(),
        ]
    q = select(FindingRow).where(*where).order_by(*keys).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    rows = list(session.scalars(q))
    members: dict[int, list[str]] = defaultdict(list)
    ids = [f.id for f in rows]
    for start in range(0, len(ids), 10_000):  # bounded IN lists, for exports
        for fid, code in session.execute(
            select(FindingMemberRow.finding_id, FindingMemberRow.member)
            .where(FindingMemberRow.finding_id.in_(ids[start : start + 10_000]))
            .order_by(FindingMemberRow.member)
        ):
            members[fid].append(code)
    return FindingPage(total, [FindingView(row=f, members=tuple(members[f.id])) for f in rows])


def count_findings(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    member: str | None = None,
    state: str | None = None,
    min_severity: Severity | None = None,
    obligation: str | None = None,
) -> int:
    """How many findings ``principal`` may read pass the filters (counted in the database)."""
    where = conditions(deployment, principal, member, state, min_severity, obligation)
    return session.scalar(select(func.count()).select_from(FindingRow).where(*where)) or 0
