"""What a record would trigger, shown before it is signed (nothing is written).

A point of contact about to sign a record sees which findings it would open against their
own state or others, and which it would resolve, now and if nothing else is sent within a
year (the deadlines it starts). The record is validated as a real submission would be;
then the obligations judge the subjects it reaches twice, over the stored records with it
and without it, and the difference is what the record does. Nothing is signed, logged or
stored.

The projections are built from the mechanism's records each time: a preview costs what
reading them twice costs, fine for a person at a form, not for a machine in a loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.clock import Clock
from cosec.compliance.engine import Stored, fresh_projection, judge
from cosec.deployment import Deployment
from cosec.kit.findings import FindingDraft
from cosec.kit.projection import EVERYTHING
from cosec.kit.submission import Item
from cosec.pipeline.submit import canonical_json, validate
from cosec.principals import Principal
from cosec.registry import mechanisms
from cosec.store.tables import RecordRow

HORIZON = timedelta(days=366)
"""How far ahead a preview looks for the deadlines a record starts."""


@dataclass(frozen=True)
class Previewed:
    """A finding a record would open or resolve."""

    flag: str
    severity: str
    members: tuple[str, ...]
    summary: str
    by: datetime | None = None
    """For a deadline: from when it would hold if nothing else is sent."""

    @classmethod
    def of(cls, d: FindingDraft, by: datetime | None = None) -> Previewed:
        """From a finding draft."""
        return cls(d.flag, d.severity.value, d.members, d.summary, by)


@dataclass(frozen=True)
class Preview:
    """What signing the record would do."""

    kind: str
    audience: str
    parties: tuple[str, ...]
    payload: dict[str, Any]
    opens: list[Previewed] = field(default_factory=list)
    """Findings it would open at once."""
    resolves: list[Previewed] = field(default_factory=list)
    """Open findings it would resolve."""
    deadlines: list[Previewed] = field(default_factory=list)
    """Findings that would open within a year if nothing else is sent."""

    def against(self, member: str) -> list[Previewed]:
        """The findings it would open now against ``member``."""
        return [p for p in self.opens if member in p.members]


def _judged(
    mechanism_name: str,
    session: Session,
    deployment: Deployment,
    record: Stored,
    as_of: datetime,
) -> tuple[list[FindingDraft], list[FindingDraft]]:
    """The findings on the subjects the record reaches, without it and with it."""
    mechanism = mechanisms()[mechanism_name]
    regime = deployment.current.regime(mechanism_name)
    enabled = set(regime.obligations) if regime and regime.obligations is not None else None
    kept = fresh_projection(session, deployment, mechanism, upto=None)
    base = fresh_projection(session, deployment, mechanism, upto=None)
    with kept.evidence.bound(session), base.evidence.bound(session):
        subjects = set(kept.projection.apply(record))
        focus = None if EVERYTHING in subjects else frozenset(kept.projection.expand(subjects))
        with_it = kept.projection.context(as_of=as_of, focus=focus)
        without = base.projection.context(as_of=as_of, focus=focus)
        return (
            judge(mechanism, without, set(), enabled),
            judge(mechanism, with_it, set(), enabled),
        )


def preview(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    item: Item,
    clock: Clock,
) -> Preview:
    """Validate ``item`` as a submission and say what it would open and resolve."""
    now = clock.now()
    valid = validate(
        session,
        deployment=deployment,
        principal=principal,
        kind=item.kind,
        payload=item.payload,
        audience=item.audience,
        parties=item.parties,
        now=now,
    )
    payload = canonical_json(valid.payload)
    out = Preview(
        kind=item.kind,
        audience=valid.audience.value,
        parties=tuple(sorted(valid.parties)),
        payload=payload,
    )
    if valid.mechanism not in mechanisms() or valid.charter.regime(valid.mechanism) is None:
        return out
    newest = session.scalar(select(RecordRow.id).order_by(RecordRow.id.desc()).limit(1)) or 0
    record = Stored(
        id=newest + 1,  # where it would land; never stored
        kind=item.kind,
        mechanism=valid.mechanism,
        submitter=principal.submitter or "",
        audience=valid.audience.value,
        submitted_at=now,
        refers_to=valid.referenced.id if valid.referenced is not None else None,
        payload=payload,
        charter_version=valid.charter.version,
    )
    without, with_it = _judged(valid.mechanism, session, deployment, record, now)
    before = {d.key for d in without}
    after = {d.key for d in with_it}
    out.opens.extend(Previewed.of(d) for d in with_it if d.key not in before)
    out.resolves.extend(Previewed.of(d) for d in without if d.key not in after)
    later_without, later = _judged(valid.mechanism, session, deployment, record, now + HORIZON)
    later_before = {d.key for d in later_without}
    out.deadlines.extend(
        Previewed.of(d, _deadline_of(d))
        for d in later
        if d.key not in after and d.key not in later_before
    )
    return out


def _deadline_of(d: FindingDraft) -> datetime | None:
    for key in ("deadline", "notify_by", "due"):
        value = d.details.get(key)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                continue
    return None


def previews(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    items: Sequence[Item],
    clock: Clock,
) -> list[Preview]:
    """One preview per item (each judged alone, beside the stored records)."""
    return [
        preview(session, deployment=deployment, principal=principal, item=i, clock=clock)
        for i in items
    ]
