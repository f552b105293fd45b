"""Write an evaluation's findings: a handful of statements however many findings there are.

Given the findings an evaluation produced and the stored findings in its scope (those
touching the subjects it judged), this inserts the new ones, updates the changed ones,
reopens those whose facts hold again and resolves those whose facts no longer hold, never
deleting one (its id, history and any answer survive). The members, parties and subjects
of findings are rewritten only where they changed. Reads and writes are per batch (one
query for the audiences of all the evidence, one multi-row insert...), not per finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from cosec.kit.findings import FindingDraft, FindingState
from cosec.records import SECRETARIAT, Audience
from cosec.store.tables import (
    FindingMemberRow,
    FindingPartyRow,
    FindingRecordRow,
    FindingRow,
    FindingSubjectRow,
    RecordPartyRow,
    RecordRow,
)

_AUDIENCE_ORDER = [Audience.PUBLIC, Audience.REGIME, Audience.PARTIES, Audience.SECRETARIAT]
_FINDINGS = cast(Table, FindingRow.__table__)
Stored = Row[Any]
"""A stored finding as read for reconciling (a row of the findings table)."""
_CHUNK = 500

Links = tuple[set[str], set[str], set[str], set[int]]
"""A finding's members, parties, subjects and the ids of the records it rests on."""


@dataclass
class Changes:
    """What one reconciliation changed."""

    opened: int = 0
    updated: int = 0
    resolved: int = 0
    reopened: int = 0
    ids: list[int] = field(default_factory=list)
    """Ids of the findings opened, changed, reopened or resolved."""


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def touching(session: Session, mechanism: str, subjects: Iterable[str]) -> list[Stored]:
    """Stored findings of ``mechanism`` that judge any of ``subjects``."""
    wanted = sorted(set(subjects))
    found: dict[int, Stored] = {}
    for chunk in _chunks(wanted):
        ids = select(FindingSubjectRow.finding_id).where(FindingSubjectRow.subject.in_(chunk))
        for row in session.execute(
            select(_FINDINGS).where(_FINDINGS.c.mechanism == mechanism, _FINDINGS.c.id.in_(ids))
        ):
            found[row.id] = row
    return list(found.values())


def of_mechanism(session: Session, mechanism: str) -> list[Stored]:
    """Every stored finding of ``mechanism`` (as rows: a judgement of everything compares
    each, and 85,000 ORM objects cost seconds that plain rows do not)."""
    return list(session.execute(select(_FINDINGS).where(_FINDINGS.c.mechanism == mechanism)))


def _visibility(
    session: Session, drafts: Sequence[FindingDraft], default: str
) -> list[tuple[str, set[str]]]:
    """Each draft's audience and parties: as restricted as its most restricted evidence; the
    members it concerns always read it."""
    ids = sorted({e for d in drafts for e in d.evidence})
    audience_of: dict[int, Audience] = {}
    for chunk in _chunks(ids):
        for rid, aud in session.execute(
            select(RecordRow.id, RecordRow.audience).where(RecordRow.id.in_(chunk))
        ):
            audience_of[rid] = Audience(aud)
    narrow = [i for i in ids if audience_of.get(i) in (Audience.PARTIES, Audience.SECRETARIAT)]
    parties_of: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(narrow):
        for rid, member in session.execute(
            select(RecordPartyRow.record_id, RecordPartyRow.member).where(
                RecordPartyRow.record_id.in_(chunk)
            )
        ):
            parties_of[rid].add(member)
    out = []
    for d in drafts:
        audiences = [audience_of[e] for e in d.evidence if e in audience_of] or [Audience(default)]
        audience = max(audiences, key=_AUDIENCE_ORDER.index)
        parties = set(d.members)
        if audience in (Audience.PARTIES, Audience.SECRETARIAT):
            for e in d.evidence:
                parties |= parties_of.get(e, set())
        parties.discard(SECRETARIAT)
        out.append((audience.value, parties))
    return out


def _values(
    d: FindingDraft, audience: str, charter_id: str, charter_version: str
) -> dict[str, Any]:
    return {
        "obligation": d.obligation,
        "flag": d.flag,
        "charter_id": charter_id,
        "charter_version": charter_version,
        "severity": d.severity.value,
        "summary": d.summary,
        "subjects": list(d.subjects),
        "evidence": sorted(set(d.evidence)),
        "observations": sorted(set(d.observations)),
        "details": d.details,
        "audience": audience,
    }


def reconcile(
    session: Session,
    *,
    mechanism: str,
    drafts: Sequence[FindingDraft],
    scope: Sequence[Stored],
    now: datetime,
    charter_id: str,
    charter_version: str,
    default_audience: str,
) -> Changes:
    """Make the stored findings in ``scope`` (and the new ones) agree with ``drafts``."""
    changes = Changes()
    unique: dict[str, FindingDraft] = {}
    for d in drafts:
        unique.setdefault(d.key, d)
    drafts = list(unique.values())
    existing = {f.key: f for f in scope}
    in_scope = {f.id for f in scope}
    missing = [k for k in unique if k not in existing]
    for chunk in _chunks(missing):  # findings outside the scope that the drafts name again
        for row in session.execute(select(_FINDINGS).where(_FINDINGS.c.key.in_(chunk))):
            existing[row.key] = row
    seen = _visibility(session, drafts, default_audience)

    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    wanted: dict[str, Links] = {}
    for d, (audience, parties) in zip(drafts, seen, strict=True):
        values = _values(d, audience, charter_id, charter_version)
        wanted[d.key] = (set(d.members), parties, set(d.subjects), set(d.evidence))
        found = existing.get(d.key)
        if found is None:
            inserts.append(
                values
                | {
                    "key": d.key,
                    "mechanism": mechanism,
                    "state": FindingState.OPEN.value,
                    "first_seen": now,
                    "last_seen": now,
                    "resolved_at": None,
                    "answer_record_id": None,
                }
            )
            changes.opened += 1
            continue
        state = found.state
        if state == FindingState.RESOLVED.value:
            state = (
                FindingState.ANSWERED.value
                if found.answer_record_id is not None
                else FindingState.OPEN.value
            )
            changes.reopened += 1
        current = {k: getattr(found, k) for k in values}
        if current != values or state != found.state:
            updates.append(
                values | {"b_id": found.id, "state": state, "last_seen": now, "resolved_at": None}
            )
            changes.updated += 1
            changes.ids.append(found.id)
    for key, row in existing.items():
        if key not in unique and row.state != FindingState.RESOLVED.value and row.id in in_scope:
            updates.append(
                {
                    "b_id": row.id,
                    "state": FindingState.RESOLVED.value,
                    "resolved_at": now,
                    "last_seen": row.last_seen,
                }
            )
            changes.resolved += 1
            changes.ids.append(row.id)

    conn = session.connection()
    new_ids: dict[str, int] = {}
    for chunk in _chunks(inserts):
        for fid, key in conn.execute(
            insert(_FINDINGS).returning(_FINDINGS.c.id, _FINDINGS.c.key), list(chunk)
        ):
            new_ids[key] = int(fid)
    changes.ids.extend(new_ids.values())
    by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for u in updates:
        by_shape[tuple(sorted(u))].append(u)
    for shape, rows in by_shape.items():
        stmt = (
            update(_FINDINGS)
            .where(_FINDINGS.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in shape if k != "b_id"})
        )
        conn.execute(stmt, rows)
    ids_of = {k: r.id for k, r in existing.items()} | new_ids
    _replace_links(session, {ids_of[k]: v for k, v in wanted.items()}, new=set(new_ids.values()))
    for obj in list(session.identity_map.values()):  # the ORM's copies of what Core rewrote
        if isinstance(obj, FindingRow):
            session.expire(obj)
    return changes


def _replace_links(session: Session, wanted: dict[int, Links], *, new: set[int]) -> None:
    """Bring each finding's members, parties, subjects and records to ``wanted`` where they
    differ."""
    conn = session.connection()
    old = sorted(set(wanted) - new)
    tables = (
        (cast(Table, FindingMemberRow.__table__), "member", 0),
        (cast(Table, FindingPartyRow.__table__), "member", 1),
        (cast(Table, FindingSubjectRow.__table__), "subject", 2),
        (cast(Table, FindingRecordRow.__table__), "record_id", 3),
    )
    for table, column, slot in tables:
        current: dict[int, set[Any]] = defaultdict(set)
        for chunk in _chunks(old):
            for fid, value in conn.execute(
                select(table.c.finding_id, table.c[column]).where(table.c.finding_id.in_(chunk))
            ):
                current[fid].add(value)
        stale = [fid for fid in old if current.get(fid, set()) != wanted[fid][slot]]
        for chunk in _chunks(stale):
            conn.execute(delete(table).where(table.c.finding_id.in_(chunk)))
        rows = [
            {"finding_id": fid, column: value}
            for fid in sorted(new) + stale
            for value in sorted(wanted[fid][slot])
        ]
        for chunk in _chunks(rows):
            conn.execute(insert(table), list(chunk))
