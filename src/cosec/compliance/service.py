"""Reading findings, answering them, and running evaluations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from cosec.compliance.findings import FindingState, Severity
from cosec.deployment import Deployment
from cosec.errors import InvalidInput, NotFound
from cosec.kit.submission import Item
from cosec.principals import Principal
from cosec.store.records import get_visible
from cosec.store.tables import FindingMemberRow, FindingRecordRow, FindingRow
from cosec.store.visibility import findings_visible


@dataclass(frozen=True)
class FindingView:
    """A finding with the members it concerns."""

    row: FindingRow
    members: tuple[str, ...]

    @property
    def severity(self) -> Severity:
        """Its severity as an enum."""
        return Severity(self.row.severity)


def _views(session: Session, rows: Sequence[FindingRow]) -> list[FindingView]:
    members: dict[int, list[str]] = defaultdict(list)
    ids = [f.id for f in rows]
    if ids:
        for fid, m in session.execute(
            select(FindingMemberRow.finding_id, FindingMemberRow.member)
            .where(FindingMemberRow.finding_id.in_(ids))
            .order_by(FindingMemberRow.member)
        ):
            members[fid].append(m)
    return [FindingView(row=f, members=tuple(members[f.id])) for f in rows]


def list_findings(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    member: str | None = None,
    state: str | None = None,
    min_severity: Severity | None = None,
    obligation: str | None = None,
    record_id: int | None = None,
) -> list[FindingView]:
    """Findings ``principal`` may read, most severe and newest first."""
    where = conditions(deployment, principal, member, state, min_severity, obligation, record_id)
    q = select(FindingRow).where(*where)
    rows = list(session.scalars(q.order_by(FindingRow.id.desc())).all())
    views = _views(session, rows)
    return sorted(
        views, key=lambda v: (v.row.state != FindingState.OPEN, -v.severity.rank, -v.row.id)
    )


def conditions(
    deployment: Deployment,
    principal: Principal,
    member: str | None = None,
    state: str | None = None,
    min_severity: Severity | None = None,
    obligation: str | None = None,
    record_id: int | None = None,
) -> list[ColumnElement[bool]]:
    """What a list of findings selects: those ``principal`` may read, filtered (``record_id``:
    those that rest on that record; :class:`InvalidInput` names a state that is none)."""
    if state and state not in {s.value for s in FindingState}:
        raise InvalidInput.field(
            "state", f"must be one of {', '.join(s.value for s in FindingState)}"
        )
    where = [findings_visible(principal, deployment.current)]
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
    if record_id is not None:
        where.append(
            FindingRow.id.in_(
                select(FindingRecordRow.finding_id).where(FindingRecordRow.record_id == record_id)
            )
        )
    return where


def get_finding(
    session: Session, *, deployment: Deployment, principal: Principal, finding_id: int
) -> FindingView:
    """One finding, if ``principal`` may read it."""
    row = session.scalar(
        select(FindingRow).where(
            FindingRow.id == finding_id, findings_visible(principal, deployment.current)
        )
    )
    if row is None:
        raise NotFound(f"no finding {finding_id}")
    return _views(session, [row])[0]


def answer_item(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    finding_id: int,
    text: str,
) -> Item:
    """The ``finding.answer`` record to submit (its audience follows the finding's)."""
    get_finding(session, deployment=deployment, principal=principal, finding_id=finding_id)
    return Item(kind="finding.answer", payload={"finding_id": finding_id, "answer": text})


def answer_text(
    session: Session, *, deployment: Deployment, principal: Principal, view: FindingView
) -> str | None:
    """The member's answer to a finding, if any and if ``principal`` may read it."""
    if view.row.answer_record_id is None:
        return None
    rec = get_visible(session, principal, deployment.current, view.row.answer_record_id)
    return None if rec is None else str(rec.payload.get("answer", ""))
