"""A page of findings, sorted and counted in the database: lists usable at 100,000 rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from cosec.compliance.findings import FindingState, Severity
from cosec.compliance.service import FindingView
from cosec.deployment import Deployment
from cosec.errors import InvalidInput
from cosec.principals import Principal
from cosec.store.tables import FindingMemberRow, FindingRow
from cosec.store.visibility import findings_visible

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
    sort: str = "",
    order: str = "asc",
    limit: int | None = 50,
    offset: int = 0,
) -> FindingPage:
    """Findings ``principal`` may read, filtered, sorted by ``sort`` (``order`` ``asc`` or
    ``desc``; none: open and most severe first, newest first), ``limit`` from ``offset``
    (``limit`` ``None``: all, for exports)."""
    if sort and sort not in SORTS:
        raise InvalidInput.field("sort", f"must be one of {', '.join(SORTS)}")
    if order not in ("asc", "desc"):
        raise InvalidInput.field("order", "must be asc or desc")
    where = _where(deployment, principal, member, state, min_severity, obligation)
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
    where = _where(deployment, principal, member, state, min_severity, obligation)
    return session.scalar(select(func.count()).select_from(FindingRow).where(*where)) or 0


def _where(
    deployment: Deployment,
    principal: Principal,
    member: str | None,
    state: str | None,
    min_severity: Severity | None,
    obligation: str | None,
) -> list[Any]:
    """The conditions of a list: what ``principal`` may read, and the filters."""
    if state and state not in {s.value for s in FindingState}:
        raise InvalidInput.field(
            "state", f"must be one of {', '.join(s.value for s in FindingState)}"
        )
    where: list[Any] = [findings_visible(principal, deployment.current)]
    if member:
        where.append(
            FindingRow.id.in_(
                select(FindingMemberRow.finding_id).where(FindingMemberRow.member == member)
            )
        )
    if state:
        where.append(FindingRow.state == state)
    if obligation:
        where.append(FindingRow.obligation == obligation)
    if min_severity is not None:
        where.append(
            FindingRow.severity.in_([s.value for s in Severity if s.rank >= min_severity.rank])
        )
    return where
