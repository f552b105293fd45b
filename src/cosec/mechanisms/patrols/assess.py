"""Judge a file of patrols and cases under a charter, with no database.

``cosec patrols assess FILE --charter lancang-mekong`` reads::

    {"as_of": "2027-01-15T00:00:00Z",          # optional; else --as-of, else now
     "years": [2026],                            # optional; member-years judged
     "plans": [{"id": "P1", "lead": "CHN", "participants": ["CHN", "LAO"],
                "start": "2026-03-02", "end": "2026-03-05", "title": "..."}],
     "reports": [{"plan": "P1", "submitted": "2026-03-09T08:00:00Z",
                  "participants": ["CHN", "LAO"]}],
     "cases": [{"id": "K1", "member": "THA", "category": "CAT2",
                "occurred": "2026-03-03T22:00:00Z", "shared": "2026-03-05T09:00:00Z"}]}

and applies the server's three rules to it. Every row is checked before any is judged; a
bad one is named by its id (or its place) and field: ``plan P1.participants[1]: 'XXX' is
not a member of the patrols regime``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cosec.kit import (
    Charter,
    FieldError,
    FindingDraft,
    InvalidInput,
    MemberCode,
    RecordDate,
    RecordDateTime,
    field_errors,
)
from cosec.mechanisms.patrols.obligations import (
    Case,
    Participation,
    PatrolContext,
    Plan,
    Reported,
    check_case_shared,
    check_participation,
    check_report_on_time,
    first_year,
    year_over,
)
from cosec.mechanisms.patrols.records import Category
from cosec.mechanisms.patrols.regime import PatrolsRegime

MAX_ROWS = 100_000
COLUMNS = ("flag", "obligation", "members", "subject", "year", "summary")
TABLE_COLUMNS = ("flag", "members", "subject", "summary")
RowId = Annotated[str, Field(min_length=1, max_length=100)] | Annotated[int, Field(ge=0)]
Members = Annotated[tuple[MemberCode, ...], Field(min_length=1, max_length=50)]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class PlanRow(_Row):
    """A planned patrol."""

    id: RowId
    lead: MemberCode
    participants: Members
    start: RecordDate
    end: RecordDate
    title: Annotated[str, Field(max_length=200)] = ""


class ReportRow(_Row):
    """A report of a planned patrol."""

    plan: RowId
    submitted: RecordDateTime
    participants: Members


class CaseRow(_Row):
    """A law-enforcement case, and when it was shared."""

    id: RowId
    member: MemberCode
    category: Category
    occurred: RecordDateTime
    shared: RecordDateTime
    title: Annotated[str, Field(max_length=200)] = ""


class PatrolFile(_Row):
    """The whole file."""

    as_of: RecordDateTime | None = None
    years: (
        Annotated[tuple[Annotated[int, Field(ge=1990, le=2200)], ...], Field(max_length=300)] | None
    ) = None
    plans: list[Any] = []
    reports: list[Any] = []
    cases: list[Any] = []


def regime_of(charter: Charter) -> PatrolsRegime:
    """The charter's patrols regime, or an error naming the charter."""
    regime = charter.regime("patrols")
    if not isinstance(regime, PatrolsRegime):
        raise InvalidInput.field("--charter", f"{charter.id} has no patrols regime")
    return regime


def read(file: Path) -> Any:
    """The file as JSON."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput.field("FILE", f"cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput.field("FILE", f"is not JSON (line {exc.lineno}: {exc.msg})") from None


def _name(kind: str, raw: Any, i: int, key: str = "id") -> str:
    if isinstance(raw, dict) and isinstance(raw.get(key), str | int) and str(raw[key]).strip():
        return f"{kind} {str(raw[key])[:60]}"
    return f"{kind}s[{i}]"


def _rows(
    raw: list[Any], model: type[_Row], kind: str, errors: list[FieldError]
) -> list[tuple[str, Any]]:
    out = []
    for i, item in enumerate(raw):
        name = f"{kind}s[{i}]" if kind == "report" else _name(kind, item, i)
        if not isinstance(item, dict):
            errors.append(FieldError(name, "must be an object"))
            continue
        try:
            out.append((name, model.model_validate(item)))
        except ValidationError as exc:
            errors.extend(field_errors(exc, (name,)))
    return out


def _not_member(
    name: str, field: str, codes: Sequence[str], members: tuple[str, ...] | None
) -> list[FieldError]:
    if members is None:
        return []
    return [
        FieldError(f"{name}.{field}[{i}]", f"{c!r} is not a member of the patrols regime")
        for i, c in enumerate(codes)
        if c not in members
    ]


def judge(doc: Any, charter: Charter, as_of: datetime) -> tuple[list[FindingDraft], datetime]:
    """Every finding the rules make of the file (one error naming every bad row first)."""
    regime = regime_of(charter)
    members = charter.regime_members("patrols")
    try:
        f = PatrolFile.model_validate(doc)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc, ())) from None
    if len(f.plans) + len(f.reports) + len(f.cases) > MAX_ROWS:
        raise InvalidInput.field("FILE", f"must hold at most {MAX_ROWS:,} rows")
    errors: list[FieldError] = []
    plans: list[tuple[str, PlanRow]] = _rows(f.plans, PlanRow, "plan", errors)
    reports: list[tuple[str, ReportRow]] = _rows(f.reports, ReportRow, "report", errors)
    cases: list[tuple[str, CaseRow]] = _rows(f.cases, CaseRow, "case", errors)
    by_id: dict[str, PlanRow] = {}
    for name, p in plans:
        errors += _not_member(name, "participants", p.participants, members)
        if members is not None and p.lead not in members:
            errors.append(
                FieldError(f"{name}.lead", f"{p.lead!r} is not a member of the patrols regime")
            )
        elif p.lead not in p.participants:
            errors.append(FieldError(f"{name}.participants", f"must include the lead, {p.lead}"))
        if p.end < p.start:
            errors.append(FieldError(f"{name}.end", "must not be before start"))
        if str(p.id) in by_id:
            errors.append(FieldError(f"{name}.id", "is used by an earlier plan"))
        by_id[str(p.id)] = p
    for name, rep in reports:
        plan = by_id.get(str(rep.plan))
        if plan is None:
            errors.append(FieldError(f"{name}.plan", f"{rep.plan!r} is not a plan of the file"))
            continue
        for i, m in enumerate(rep.participants):
            if m not in plan.participants:
                errors.append(
                    FieldError(f"{name}.participants[{i}]", f"{m} was not planned to take part")
                )
    seen: set[str] = set()
    for name, c in cases:
        if members is not None and c.member not in members:
            errors.append(
                FieldError(f"{name}.member", f"{c.member!r} is not a member of the patrols regime")
            )
        if c.shared < c.occurred:
            errors.append(FieldError(f"{name}.shared", "must not be before occurred"))
        if str(c.id) in seen:
            errors.append(FieldError(f"{name}.id", "is used by an earlier case"))
        seen.add(str(c.id))
    if errors:
        raise InvalidInput(errors)
    when = f.as_of.astimezone(UTC) if f.as_of is not None else as_of
    return _judge(regime, charter, members, plans, reports, cases, f.years, when), when


def _judge(
    regime: PatrolsRegime,
    charter: Charter,
    members: tuple[str, ...] | None,
    plans: list[tuple[str, PlanRow]],
    reports: list[tuple[str, ReportRow]],
    cases: list[tuple[str, CaseRow]],
    years: tuple[int, ...] | None,
    as_of: datetime,
) -> list[FindingDraft]:
    got: dict[str, list[Reported]] = defaultdict(list)
    for n, (_, rep) in enumerate(reports, start=1):
        got[str(rep.plan)].append(Reported(n, rep.submitted.astimezone(UTC), rep.participants))
    built = [
        Plan(
            key=f"plan {p.id}",
            record_id=n,
            lead=p.lead,
            title=p.title or f"patrol {p.id}",
            participants=p.participants,
            start=p.start,
            end=p.end,
            reports=tuple(got[str(p.id)]),
        )
        for n, (_, p) in enumerate(plans, start=1)
    ]
    judged = [
        Case(
            key=f"case {c.id}",
            record_id=n,
            submitter=c.member,
            title=c.title or f"case {c.id}",
            category=c.category,
            occurred_at=c.occurred.astimezone(UTC),
            shared_at=c.shared.astimezone(UTC),
        )
        for n, (_, c) in enumerate(cases, start=1)
    ]
    took: dict[tuple[str, int], set[int]] = defaultdict(set)
    for p in built:
        for m in p.took_part:
            took[(m, p.start.year)].add(p.record_id)
    start = first_year(regime, charter.effective_from)
    if years is None:
        years = tuple(sorted({p.start.year for p in built if p.start.year >= start}))
    everyone = members or tuple(sorted({m for p in built for m in p.participants}))
    participation = [
        Participation(m, y, tuple(sorted(took.get((m, y), ()))))
        for y in sorted(set(years))
        if year_over(y) <= as_of
        for m in everyone
    ]
    ctx = PatrolContext(
        regime=regime,
        as_of=as_of,
        plans=built,
        cases=judged,
        participation=participation,
        member_name=charter.member_name,
    )
    return [*check_report_on_time(ctx), *check_case_shared(ctx), *check_participation(ctx)]


def as_dicts(found: Sequence[FindingDraft]) -> list[dict[str, Any]]:
    """``[{"flag", "obligation", "members", "subject", "year", "summary"}]``."""
    out = []
    for f in found:
        year = f.details.get("year")
        if year is None:
            when = f.details.get("occurred_at") or f.details.get("end")
            year = int(str(when)[:4]) if when else None
        out.append(
            {
                "flag": f.flag,
                "obligation": f.obligation,
                "members": list(f.members),
                "subject": f.subjects[0],
                "year": year,
                "summary": f.summary,
            }
        )
    return out
