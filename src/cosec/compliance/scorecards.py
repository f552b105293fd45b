"""Per-member scorecards: what a minister reads. Built from findings and records alone.

The secretariat and the members read them as the findings stand. The public reads only
what was published: the statistics the secretariat last released (the figures as they
stood then, :func:`statistics`), and findings that are public or were published; an
obligation with neither says ``unpublished`` ("no published data"), never ``kept``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cosec.charter.models import Charter
from cosec.compliance.findings import FindingState, Severity
from cosec.compliance.service import FindingView, list_findings
from cosec.deployment import Deployment
from cosec.principals import Principal, Role
from cosec.registry import mechanisms
from cosec.store.publications import latest
from cosec.store.tables import FindingMemberRow, FindingRow, RecordRow
from cosec.store.visibility import findings_visible, records_visible


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


Tally = dict[tuple[str, str, str], int]
"""Findings by (obligation, state, severity)."""


def _tallies(
    session: Session, principal: Principal, charter: Charter, member: str | None
) -> dict[str, Tally]:
    """For each member (or only ``member``), its visible findings counted by obligation,
    state and severity: one aggregate query, whatever the number of findings."""
    q = (
        select(
            FindingMemberRow.member,
            FindingRow.obligation,
            FindingRow.state,
            FindingRow.severity,
            func.count(),
        )
        .join(FindingRow, FindingRow.id == FindingMemberRow.finding_id)
        .where(findings_visible(principal, charter))
        .group_by(
            FindingMemberRow.member, FindingRow.obligation, FindingRow.state, FindingRow.severity
        )
    )
    if member is not None:
        q = q.where(FindingMemberRow.member == member)
    out: dict[str, Tally] = defaultdict(dict)
    for code, obligation, state, severity, n in session.execute(q):
        out[code][(obligation, state, severity)] = int(n)
    return out


def _records(
    session: Session, principal: Principal, charter: Charter, member: str | None
) -> dict[str, dict[str, int]]:
    q = (
        select(RecordRow.submitter, RecordRow.kind, func.count())
        .where(records_visible(principal, charter))
        .group_by(RecordRow.submitter, RecordRow.kind)
    )
    if member is not None:
        q = q.where(RecordRow.submitter == member)
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for code, kind, n in session.execute(q):
        out[code][str(kind)] = int(n)
    return out


def _card(
    charter: Charter,
    member: str,
    tally: Tally,
    records: dict[str, int],
    *,
    public: bool,
    released: RecordRow | None,
) -> Scorecard:
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
            if released is not None and ob.id in snapshot:
                statuses.append(_from_snapshot(ob.id, ob.title, snapshot[ob.id], released))
                continue
            states: Counter[str] = Counter()
            open_sev: list[Severity] = []
            for (obligation, state, severity), n in tally.items():
                if obligation == ob.id:
                    states[state] += n
                    if state == FindingState.OPEN.value:
                        open_sev.append(Severity(severity))
            statuses.append(
                ObligationStatus(
                    obligation=ob.id,
                    title=ob.title,
                    open=states[FindingState.OPEN.value],
                    answered=states[FindingState.ANSWERED.value],
                    resolved=states[FindingState.RESOLVED.value],
                    worst_open=max(open_sev, key=lambda s: s.rank) if open_sev else None,
                    published=not public or sum(states.values()) > 0,
                )
            )
    open_by: Counter[str] = Counter()
    for (_, state, severity), n in tally.items():
        if state == FindingState.OPEN.value:
            open_by[severity] += n
    return Scorecard(
        member=member,
        name=charter.member_name(member),
        records=records,
        obligations=statuses,
        open_by_severity={s.value: open_by.get(s.value, 0) for s in Severity},
    )


def scorecard(
    session: Session, *, deployment: Deployment, principal: Principal, member: str
) -> Scorecard:
    """The scorecard of ``member``, with the findings about it ``principal`` may read."""
    cards = _scorecards(session, deployment=deployment, principal=principal, member=member)
    findings = list_findings(session, deployment=deployment, principal=principal, member=member)
    return replace(cards[0], findings=findings)


def scorecards(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[Scorecard]:
    """Every member's scorecard, in charter order (without their findings: see
    :func:`scorecard`)."""
    return _scorecards(session, deployment=deployment, principal=principal, member=None)


def _scorecards(
    session: Session, *, deployment: Deployment, principal: Principal, member: str | None
) -> list[Scorecard]:
    charter = deployment.current
    public = principal.role is Role.PUBLIC
    tallies = _tallies(session, principal, charter, member)
    records = _records(session, principal, charter, member)
    released = latest(session, "statistics") if public else None
    return [
        _card(charter, m, tallies.get(m, {}), records.get(m, {}), public=public, released=released)
        for m in ([member] if member is not None else charter.member_codes)
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
