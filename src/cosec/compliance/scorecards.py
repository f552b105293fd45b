"""Per-member scorecards: what a minister reads. Built from findings and records alone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cosec.compliance.findings import FindingState, Severity
from cosec.compliance.service import FindingView, list_findings
from cosec.deployment import Deployment
from cosec.principals import Principal
from cosec.registry import mechanisms
from cosec.store.tables import RecordRow
from cosec.store.visibility import records_visible


@dataclass(frozen=True)
class ObligationStatus:
    """How a member stands on one obligation."""

    obligation: str
    title: str
    open: int
    answered: int
    resolved: int
    worst_open: Severity | None

    @property
    def status(self) -> str:
        """``kept``, ``watch`` (only low findings open) or ``breached``."""
        if self.open == 0 and self.answered == 0:
            return "kept"
        if self.worst_open is None or self.worst_open is Severity.LOW:
            return "watch"
        return "breached"


@dataclass(frozen=True)
class Scorecard:
    """One member's record under the charter, as ``principal`` may see it."""

    member: str
    name: str
    records: dict[str, int]
    obligations: list[ObligationStatus]
    open_by_severity: dict[str, int]
    findings: list[FindingView] = field(default_factory=list)

    @property
    def kept(self) -> int:
        """Obligations with nothing open."""
        return sum(1 for o in self.obligations if o.status == "kept")


def scorecard(
    session: Session, *, deployment: Deployment, principal: Principal, member: str
) -> Scorecard:
    """The scorecard of ``member``."""
    charter = deployment.current
    findings = list_findings(session, deployment=deployment, principal=principal, member=member)
    counts = dict(
        session.execute(
            select(RecordRow.kind, func.count())
            .where(RecordRow.submitter == member, records_visible(principal, charter))
            .group_by(RecordRow.kind)
        ).all()
    )
    statuses = []
    for mech in mechanisms().values():
        regime = charter.regime(mech.name)
        if regime is None:
            continue
        members = charter.regime_members(mech.name)
        if members is not None and member not in members:
            continue
        for ob in mech.obligations:
            if regime.obligations is not None and ob.id not in regime.obligations:
                continue
            mine = [f for f in findings if f.row.obligation == ob.id]
            states = Counter(f.row.state for f in mine)
            open_sev = [f.severity for f in mine if f.row.state == FindingState.OPEN]
            statuses.append(
                ObligationStatus(
                    obligation=ob.id,
                    title=ob.title,
                    open=states[FindingState.OPEN.value],
                    answered=states[FindingState.ANSWERED.value],
                    resolved=states[FindingState.RESOLVED.value],
                    worst_open=max(open_sev, key=lambda s: s.rank) if open_sev else None,
                )
            )
    open_by = Counter(f.row.severity for f in findings if f.row.state == FindingState.OPEN)
    return Scorecard(
        member=member,
        name=charter.member_name(member),
        records={str(k): int(v) for k, v in counts.items()},
        obligations=statuses,
        open_by_severity={s.value: open_by.get(s.value, 0) for s in Severity},
        findings=findings,
    )


def scorecards(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[Scorecard]:
    """Every member's scorecard, in charter order."""
    return [
        scorecard(session, deployment=deployment, principal=principal, member=m)
        for m in deployment.current.member_codes
    ]
