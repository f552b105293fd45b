"""Use cases of joint patrols: the views the interfaces show.

Submissions go through the one shared pipeline; the rules a record meets are in
:mod:`.checks`, the state the obligations read in :mod:`.projection`. The views here read
only what the reader may see (plans, reports and cases through the audience filter).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cosec.kit import NotFound, Principal
from cosec.mechanisms.patrols import records as r
from cosec.mechanisms.patrols.obligations import case_due, report_due
from cosec.mechanisms.patrols.regime import PatrolsRegime
from cosec.plugin.store import (
    Deployment,
    RecordRow,
    Session,
    get_visible,
    list_visible,
    stored_payload,
)

MECHANISM = "patrols"
KINDS = ("patrols.plan", "patrols.report", "patrols.case")
STATUSES = ("planned", "under way", "awaiting report", "overdue", "reported", "reported late")


def regime_of(deployment: Deployment, version: str | None = None) -> PatrolsRegime:
    """The patrols regime of a charter version (the current one by default)."""
    charter = deployment.version(version) if version else deployment.current
    regime = charter.regime(MECHANISM)
    if not isinstance(regime, PatrolsRegime):
        raise NotFound(f"{charter.id} has no patrols regime")
    return regime


@dataclass(frozen=True)
class PlanView:
    """A patrol plan as a reader sees it, with its reports and its deadline."""

    record: RecordRow
    plan: r.PatrolPlan
    reports: tuple[tuple[RecordRow, r.PatrolReport], ...]
    due: datetime
    status: str

    @property
    def took_part(self) -> tuple[str, ...]:
        """Every member a report says took part."""
        return tuple(sorted({m for _, p in self.reports for m in p.participants}))

    @property
    def stations(self) -> tuple[str, ...]:
        """Every station a report says the patrol visited, in order of first mention."""
        return tuple(dict.fromkeys(s for _, p in self.reports for s in p.stations))

    @property
    def reported_at(self) -> datetime | None:
        """When the first report was logged."""
        return self.reports[0][0].submitted_at if self.reports else None


@dataclass(frozen=True)
class CaseView:
    """A case as a reader sees it, with its sharing deadline."""

    record: RecordRow
    case: r.LawEnforcementCase
    due: datetime

    @property
    def late(self) -> bool:
        """Shared after the window."""
        return self.record.submitted_at > self.due


def status_of(
    plan: r.PatrolPlan, reported_at: datetime | None, due: datetime, now: datetime
) -> str:
    """One of :data:`STATUSES`."""
    if reported_at is not None:
        return "reported late" if reported_at >= due else "reported"
    today = now.date()
    if today < plan.start:
        return "planned"
    if today <= plan.end:
        return "under way"
    return "overdue" if now >= due else "awaiting report"


def _reports(
    session: Session, deployment: Deployment, principal: Principal
) -> dict[int, list[tuple[RecordRow, r.PatrolReport]]]:
    rows = list_visible(session, principal, deployment.current, kinds=["patrols.report"])
    out: dict[int, list[tuple[RecordRow, r.PatrolReport]]] = defaultdict(list)
    for row in rows:
        p = stored_payload(r.PatrolReport, row)
        if p is not None:
            out[p.plan_id].append((row, p))
    return out


def _view(
    deployment: Deployment,
    row: RecordRow,
    plan: r.PatrolPlan,
    reports: list[tuple[RecordRow, r.PatrolReport]],
    now: datetime,
) -> PlanView:
    ordered = tuple(sorted(reports, key=lambda x: (x[0].submitted_at, x[0].id)))
    due = report_due(plan.end, regime_of(deployment, row.charter_version))
    first = ordered[0][0].submitted_at if ordered else None
    return PlanView(row, plan, ordered, due, status_of(plan, first, due, now))


def list_plans(
    session: Session, *, deployment: Deployment, principal: Principal, now: datetime
) -> list[PlanView]:
    """Patrol plans the reader may see, latest start first."""
    rows = list_visible(session, principal, deployment.current, kinds=["patrols.plan"])
    reports = _reports(session, deployment, principal)
    out = []
    for row in rows:
        plan = stored_payload(r.PatrolPlan, row)
        if plan is not None:
            out.append(_view(deployment, row, plan, reports.get(row.id, []), now))
    return sorted(out, key=lambda v: (v.plan.start, v.record.id), reverse=True)


def get_plan(
    session: Session, *, deployment: Deployment, principal: Principal, plan_id: int, now: datetime
) -> PlanView:
    """One plan with its reports, if the reader may see it."""
    row = get_visible(session, principal, deployment.current, plan_id)
    plan = stored_payload(r.PatrolPlan, row) if row is not None else None
    if row is None or row.kind != "patrols.plan" or plan is None:
        raise NotFound(f"no patrol plan {plan_id}")
    reports = _reports(session, deployment, principal).get(row.id, [])
    return _view(deployment, row, plan, reports, now)


def list_cases(session: Session, *, deployment: Deployment, principal: Principal) -> list[CaseView]:
    """Cases the reader may see, latest first."""
    rows = list_visible(session, principal, deployment.current, kinds=["patrols.case"])
    out = []
    for row in rows:
        case = stored_payload(r.LawEnforcementCase, row)
        if case is not None:
            regime = regime_of(deployment, row.charter_version)
            out.append(CaseView(row, case, case_due(case.occurred_at, regime)))
    return sorted(out, key=lambda v: (v.case.occurred_at, v.record.id), reverse=True)


def get_case(
    session: Session, *, deployment: Deployment, principal: Principal, case_id: int
) -> CaseView:
    """One case, if the reader may see it."""
    row = get_visible(session, principal, deployment.current, case_id)
    case = stored_payload(r.LawEnforcementCase, row) if row is not None else None
    if row is None or row.kind != "patrols.case" or case is None:
        raise NotFound(f"no law-enforcement case {case_id}")
    regime = regime_of(deployment, row.charter_version)
    return CaseView(row, case, case_due(case.occurred_at, regime))


@dataclass
class YearStats:
    """One year's patrols and cases."""

    year: int
    patrols: int = 0
    reported: int = 0
    cases: Counter[str] = field(default_factory=Counter)
    drugs_kg: float = 0.0
    tablets: float = 0.0
    detained: int = 0

    @property
    def case_count(self) -> int:
        """Cases of every category."""
        return sum(self.cases.values())

    def as_row(self) -> dict[str, Any]:
        """A flat row for JSON and CSV."""
        return {
            "year": self.year,
            "patrols": self.patrols,
            "reported": self.reported,
            "cases": self.case_count,
            **{c: self.cases.get(c, 0) for c in r.CATEGORIES},
            "drugs_kg": round(self.drugs_kg, 3),
            "tablets": round(self.tablets),
            "persons_detained": self.detained,
        }


@dataclass(frozen=True)
class Statistics:
    """Patrols and cases by year and category, and each member's patrols in one year."""

    years: list[YearStats]
    year: int
    participation: list[tuple[str, int]]
    """``(member, patrols it took part in)`` in ``year``."""
    minimum: int


def statistics(
    plans: list[PlanView],
    cases: list[CaseView],
    *,
    year: int,
    members: tuple[str, ...],
    minimum: int,
) -> Statistics:
    """Counts by year (a patrol in the year of its first day, a case in the year it happened)."""
    by_year: dict[int, YearStats] = {}

    def of(y: int) -> YearStats:
        return by_year.setdefault(y, YearStats(y))

    took: Counter[str] = Counter()
    for v in plans:
        s = of(v.plan.start.year)
        s.patrols += 1
        s.reported += 1 if v.reports else 0
        if v.plan.start.year == year:
            took.update(v.took_part)
    for c in cases:
        s = of(c.case.occurred_at.year)
        s.cases[c.case.category] += 1
        s.drugs_kg += c.case.drugs_kg
        s.tablets += c.case.tablets
        s.detained += c.case.persons_detained
    return Statistics(
        years=[by_year[y] for y in sorted(by_year)],
        year=year,
        participation=[(m, took.get(m, 0)) for m in members],
        minimum=minimum,
    )


def _point(lon: float, lat: float, **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def geojson(
    plans: list[PlanView], cases: list[CaseView], regime: PatrolsRegime, *, positions: bool = False
) -> dict[str, Any]:
    """Routes as lines, the charter's stations and the cases as points (and, for one
    patrol, the positions its reports logged)."""
    features: list[dict[str, Any]] = []
    for v in plans:
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[w.lon, w.lat] for w in v.plan.route],
                },
                "properties": {
                    "kind": "route",
                    "id": v.record.id,
                    "label": f"{v.plan.title} ({v.plan.start:%d %B %Y})",
                    "status": v.status,
                    "href": f"/patrols/{v.record.id}",
                },
            }
        )
        if positions:
            for row, report in v.reports:
                for p in report.positions:
                    features.append(
                        _point(
                            p.lon,
                            p.lat,
                            kind="position",
                            label=f"{p.at:%d %B %Y %H:%M} UTC",
                            report=row.id,
                        )
                    )
    visited = {s.casefold() for v in plans for s in v.stations}
    for s in regime.stations:
        features.append(
            _point(
                s.lon,
                s.lat,
                kind="station",
                label=f"{s.name} ({s.member})",
                visited=s.name.casefold() in visited,
            )
        )
    for c in cases:
        features.append(
            _point(
                c.case.lon,
                c.case.lat,
                kind="case",
                id=c.record.id,
                category=c.case.category,
                label=f"{c.case.category[:3]} {c.case.category[3:]}: {c.case.title}",
                href=f"/patrols/cases/{c.record.id}",
            )
        )
    return {"type": "FeatureCollection", "features": features}


def in_year(day: date | datetime, year: int | None) -> bool:
    """Whether ``day`` falls in ``year`` (any year when ``None``)."""
    return year is None or day.year == year
