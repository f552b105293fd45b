"""Per-member scorecards: what a minister reads. Built from findings and records alone.

The secretariat and the members read them as the findings stand. The public reads only
what was published: the statistics the secretariat last released (the figures as they
stood then, :func:`statistics`), and findings that are public or were published; an
obligation with neither says ``unpublished`` ("no published data"), never ``kept``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cosec.compliance.findings import FindingState, Severity
from cosec.compliance.service import FindingView, list_findings
from cosec.deployment import Deployment
from cosec.principals import Principal, Role
from cosec.registry import mechanisms
from cosec.store.publications import latest
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
    published: bool = True
    """False: the reader (the public) has no published data on it."""
    as_of: datetime | None = None
    """When the figures were published (``None``: as they stand now)."""

    @property
    def status(self) -> str:
        """``kept``, ``watch`` (only low findings open), ``breached``, or ``unpublished``
        when the reader may see no published data on it."""
        if not self.published:
            return "unpublished"
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

    @property
    def unpublished(self) -> int:
        """Obligations the reader has no published data on."""
        return sum(1 for o in self.obligations if o.status == "unpublished")


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
    public = principal.role is Role.PUBLIC
    released = latest(session, "statistics") if public else None
    snapshot: dict[str, Any] = {}
    if released is not None:
        snapshot = (released.payload.get("content") or {}).get("members", {}).get(member, {})
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
            if released is not None and ob.id in snapshot:
                statuses.append(_from_snapshot(ob.id, ob.title, snapshot[ob.id], released))
                continue
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
                    published=not public or bool(mine),
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


def _from_snapshot(
    obligation: str, title: str, figures: dict[str, Any], released: RecordRow
) -> ObligationStatus:
    worst = figures.get("worst_open")
    return ObligationStatus(
        obligation=obligation,
        title=title,
        open=int(figures.get("open", 0)),
        answered=int(figures.get("answered", 0)),
        resolved=int(figures.get("resolved", 0)),
        worst_open=Severity(worst) if worst else None,
        as_of=released.submitted_at,
    )


def statistics(cards: list[Scorecard], *, as_of: datetime) -> dict[str, Any]:
    """The figures a release of statistics publishes: for each member and obligation, its
    open, answered and resolved findings and the worst open severity (pure)."""
    return {
        "as_of": as_of.isoformat(),
        "members": {
            c.member: {
                o.obligation: {
                    "open": o.open,
                    "answered": o.answered,
                    "resolved": o.resolved,
                    "worst_open": o.worst_open.value if o.worst_open else None,
                }
                for o in c.obligations
            }
            for c in cards
        },
    }
