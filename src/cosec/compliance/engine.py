"""Evaluate every obligation in force and keep the findings table in step.

Findings are derived state: each run recomputes them from records and evidence. A finding
keeps its identity (its key: obligation + subjects) across runs, so its id, history and
any member's answer survive; a finding whose facts no longer hold is marked resolved,
never deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cosec.clock import Clock
from cosec.compliance.findings import FindingDraft, FindingState
from cosec.deployment import Deployment
from cosec.records import Audience
from cosec.registry import mechanisms
from cosec.store.records import parties_of
from cosec.store.tables import FindingMemberRow, FindingPartyRow, FindingRow, RecordRow

_log = logging.getLogger(__name__)
_AUDIENCE_ORDER = [Audience.PUBLIC, Audience.REGIME, Audience.PARTIES, Audience.SECRETARIAT]


@dataclass
class EvaluationReport:
    """What one evaluation changed."""

    opened: int = 0
    updated: int = 0
    resolved: int = 0
    reopened: int = 0
    mechanisms: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Obligations that raised (their findings were kept as they were)."""


def drafts_for(
    session: Session,
    *,
    deployment: Deployment,
    clock: Clock,
    mechanism: str,
    failed: set[str] | None = None,
) -> list[FindingDraft]:
    """Every finding the mechanism's obligations in force yield now (nothing written).

    An obligation that raises is left out and its id added to ``failed`` (when given): one
    broken rule, or one record it cannot read, must not stop every other rule; the
    caller keeps that obligation's earlier findings as they were.
    """
    mech = mechanisms()[mechanism]
    regime = deployment.current.regime(mechanism)
    if regime is None or mech.load_context is None:
        return []
    ctx = mech.load_context(session, deployment, clock.now())
    enabled = set(regime.obligations) if regime.obligations is not None else None
    drafts: list[FindingDraft] = []
    for ob in mech.obligations:
        if enabled is not None and ob.id not in enabled:
            continue
        try:
            drafts.extend(ob.evaluate(ctx))
        except Exception:
            _log.exception("obligation %s failed; its findings are kept as they were", ob.id)
            if failed is None:
                raise
            failed.add(ob.id)
    return drafts


def evaluate(
    session: Session,
    *,
    deployment: Deployment,
    clock: Clock,
    only: Sequence[str] | None = None,
) -> EvaluationReport:
    """Run the obligations of every mechanism (or ``only`` these) and store the findings."""
    report = EvaluationReport()
    for name in mechanisms():
        if only is not None and name not in only:
            continue
        if deployment.current.regime(name) is None:
            continue
        failed: set[str] = set()
        drafts = drafts_for(
            session, deployment=deployment, clock=clock, mechanism=name, failed=failed
        )
        _store(
            session,
            deployment=deployment,
            clock=clock,
            mechanism=name,
            drafts=drafts,
            report=report,
            failed=failed,
        )
        report.mechanisms.append(name)
        report.failed.extend(sorted(failed))
    return report


def _visibility(
    session: Session, evidence: Iterable[int], members: Iterable[str], default: str
) -> tuple[str, set[str]]:
    """A finding is as restricted as its most restricted evidence; its members always see it."""
    ids = sorted(set(evidence))
    rows = session.execute(select(RecordRow.id, RecordRow.audience).where(RecordRow.id.in_(ids)))
    audiences = [Audience(a) for _, a in rows] or [Audience(default)]
    audience = max(audiences, key=_AUDIENCE_ORDER.index)
    parties = set(members)
    if audience in (Audience.PARTIES, Audience.SECRETARIAT):
        for ps in parties_of(session, ids).values():
            parties |= ps
    parties.discard("SEC")
    return audience.value, parties


def _store(
    session: Session,
    *,
    deployment: Deployment,
    clock: Clock,
    mechanism: str,
    drafts: list[FindingDraft],
    report: EvaluationReport,
    failed: set[str],
) -> None:
    now = clock.now()
    charter = deployment.current
    regime = charter.regime(mechanism)
    default = regime.default_audience if regime is not None else Audience.REGIME.value
    existing = {
        f.key: f
        for f in session.scalars(select(FindingRow).where(FindingRow.mechanism == mechanism))
    }
    answers = _answers(session)
    seen: set[str] = set()
    for d in drafts:
        if d.key in seen:
            continue
        seen.add(d.key)
        audience, parties = _visibility(session, d.evidence, d.members, default)
        row = existing.get(d.key)
        if row is None:
            row = FindingRow(
                key=d.key,
                mechanism=mechanism,
                first_seen=now,
                state=FindingState.OPEN.value,
            )
            session.add(row)
            report.opened += 1
        else:
            if row.state == FindingState.RESOLVED.value:
                row.state = (
                    FindingState.OPEN.value
                    if row.answer_record_id is None
                    else (FindingState.ANSWERED.value)
                )
                row.resolved_at = None
                report.reopened += 1
            report.updated += 1
        row.obligation = d.obligation
        row.flag = d.flag
        row.charter_id = charter.id
        row.charter_version = charter.version
        row.severity = d.severity.value
        row.summary = d.summary
        row.subjects = list(d.subjects)
        row.evidence = sorted(set(d.evidence))
        row.details = d.details
        row.audience = audience
        row.last_seen = now
        if row.id is not None and row.id in answers:
            row.answer_record_id = answers[row.id]
            if row.state == FindingState.OPEN.value:
                row.state = FindingState.ANSWERED.value
        session.flush()
        _replace(session, FindingMemberRow, row.id, set(d.members))
        _replace(session, FindingPartyRow, row.id, parties)
    for key, row in existing.items():
        if row.obligation in failed:
            continue
        if key not in seen and row.state != FindingState.RESOLVED.value:
            row.state = FindingState.RESOLVED.value
            row.resolved_at = now
            report.resolved += 1
    session.flush()


def _answers(session: Session) -> dict[int, int]:
    """Finding id → the latest ``finding.answer`` record about it."""
    out: dict[int, int] = {}
    for rid, payload in session.execute(
        select(RecordRow.id, RecordRow.payload)
        .where(RecordRow.kind == "finding.answer")
        .order_by(RecordRow.id)
    ):
        out[int(payload["finding_id"])] = rid
    return out


def _replace(
    session: Session,
    table: type[FindingMemberRow] | type[FindingPartyRow],
    finding_id: int,
    members: set[str],
) -> None:
    current = set(session.scalars(select(table.member).where(table.finding_id == finding_id)).all())
    if current == members:
        return
    session.execute(delete(table).where(table.finding_id == finding_id))
    session.add_all(table(finding_id=finding_id, member=m) for m in sorted(members))
