"""Read the report's facts from the store, as a reader may see them (the thin IO layer)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from cosec.deployment import Deployment
from cosec.principals import Principal, Role
from cosec.registry import CORE, mechanisms
from cosec.reports.figures import (
    FindingFact,
    MechanismInfo,
    Member,
    ObligationInfo,
    RecordCount,
    ReportFacts,
)
from cosec.store.tables import FindingMemberRow, FindingRow, RecordRow
from cosec.store.visibility import findings_visible, member_regimes, records_visible


def audience_of(principal: Principal) -> str:
    """Whose view a report is: ``secretariat``, a member's code, or ``public``."""
    if principal.role is Role.SECRETARIAT:
        return "secretariat"
    if principal.role is Role.MEMBER and principal.member:
        return principal.member
    return principal.role.value


def _mechanisms(deployment: Deployment) -> tuple[MechanismInfo, ...]:
    charter = deployment.current
    out = []
    for m in mechanisms().values():
        regime = charter.regime(m.name)
        if regime is None:
            continue
        obligations = tuple(
            ObligationInfo(o.id, o.title)
            for o in m.obligations
            if regime.obligations is None or o.id in regime.obligations
        )
        out.append(MechanismInfo(m.name, m.title, obligations))
    return tuple(out)


def _findings(session: Session, deployment: Deployment, principal: Principal) -> list[FindingFact]:
    visible = findings_visible(principal, deployment.current)
    members: dict[int, list[str]] = defaultdict(list)
    for fid, code in session.execute(
        select(FindingMemberRow.finding_id, FindingMemberRow.member)
        .join(FindingRow, FindingRow.id == FindingMemberRow.finding_id)
        .where(visible)
        .order_by(FindingMemberRow.member)
    ):
        members[fid].append(code)
    rows = session.execute(
        select(
            FindingRow.id,
            FindingRow.mechanism,
            FindingRow.obligation,
            FindingRow.severity,
            FindingRow.state,
            FindingRow.first_seen,
            FindingRow.answer_record_id,
        ).where(visible)
    )
    return [
        FindingFact(
            id=fid,
            mechanism=mech,
            obligation=ob,
            severity=sev,
            state=state,
            members=tuple(members[fid]),
            year=first.year,
            answered=answer is not None,
        )
        for fid, mech, ob, sev, state, first, answer in rows
    ]


def _records(session: Session, deployment: Deployment, principal: Principal) -> list[RecordCount]:
    year = extract("year", RecordRow.submitted_at)
    rows = session.execute(
        select(RecordRow.mechanism, RecordRow.submitter, year, func.count())
        .where(records_visible(principal, deployment.current), RecordRow.mechanism != CORE)
        .group_by(RecordRow.mechanism, RecordRow.submitter, year)
    )
    return [RecordCount(mech, who, int(y), int(n)) for mech, who, y, n in rows]


def _extra(
    session: Session, deployment: Deployment, principal: Principal, year: int, now: datetime
) -> list[dict[str, Any]]:
    out = []
    for m in mechanisms().values():
        hook = m.interfaces.report
        if hook is None or deployment.current.regime(m.name) is None:
            continue
        for figure in hook.load()(session, deployment, principal, year, now):
            data = asdict(figure)
            data["values"] = dict(figure.values)
            data["counts"] = dict(figure.counts)
            out.append({"mechanism": m.name, **data})
    return out


def report_facts(
    session: Session, *, deployment: Deployment, principal: Principal, year: int, now: datetime
) -> ReportFacts:
    """The facts of the report of ``year`` that ``principal`` may read."""
    charter = deployment.current
    return ReportFacts(
        year=year,
        charter=f"{charter.id} {charter.version}",
        generated_at=now.isoformat(timespec="seconds"),
        members=tuple(
            Member(code, charter.member_name(code), frozenset(member_regimes(charter, code)))
            for code in charter.member_codes
        ),
        mechanisms=_mechanisms(deployment),
        findings=tuple(_findings(session, deployment, principal)),
        records=tuple(_records(session, deployment, principal)),
        extra=tuple(_extra(session, deployment, principal, year, now)),
        audience=audience_of(principal),
    )
