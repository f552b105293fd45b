"""Use cases of presence along coasts: the views the interfaces show.

Episodes, yearly comparisons and notified areas near coasts are findings (stored by the
evaluation, with their figures in ``details``), so the pages read them through the one
visibility rule of findings; the notified areas' centres and radii come from the
``notification.prior`` records the reader may read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cosec.kit import NotFound, Principal
from cosec.mechanisms.coasts.regime import CoastsRegime
from cosec.plugin.store import (
    Deployment,
    FindingView,
    Session,
    get_visible,
    list_findings,
)

MECHANISM = "coasts"


def regime_of(deployment: Deployment) -> CoastsRegime:
    """The presence regime in force (not found when the charter has none)."""
    regime = deployment.current.regime(MECHANISM)
    if not isinstance(regime, CoastsRegime):
        raise NotFound(f"{deployment.current.id} has no coasts regime")
    return regime


def _when(text: Any) -> datetime:
    return datetime.fromisoformat(str(text)).astimezone(UTC)


@dataclass(frozen=True)
class EpisodeView:
    """A presence episode, as its finding records it."""

    finding_id: int
    state: str
    member: str
    coastal_state: str
    vessel: str
    unit_kind: str
    unit_name: str
    start: datetime
    end: datetime
    duration_h: float
    min_distance_nm: float
    lat: float
    lon: float
    observations: tuple[int, ...]
    summary: str

    @classmethod
    def of(cls, f: FindingView) -> EpisodeView:
        """From a ``presence`` finding."""
        d = f.row.details
        return cls(
            finding_id=f.row.id,
            state=f.row.state,
            member=f.members[0] if f.members else "",
            coastal_state=str(d["coastal_state"]),
            vessel=str(d["vessel"]),
            unit_kind=str(d.get("unit_kind", "")),
            unit_name=str(d.get("unit_name", "")),
            start=_when(d["start"]),
            end=_when(d["end"]),
            duration_h=float(d["duration_h"]),
            min_distance_nm=float(d["min_distance_nm"]),
            lat=float(d["lat"]),
            lon=float(d["lon"]),
            observations=tuple(f.row.observations or ()),
            summary=f.row.summary,
        )

    def as_row(self) -> dict[str, Any]:
        """As ``cosec coasts assess`` prints an episode."""
        return {
            "member": self.member,
            "coastal_state": self.coastal_state,
            "mmsi": self.vessel,
            "start": self.start.isoformat().replace("+00:00", "Z"),
            "end": self.end.isoformat().replace("+00:00", "Z"),
            "duration_h": round(self.duration_h, 3),
            "min_distance_nm": round(self.min_distance_nm, 3),
        }


def list_episodes(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    member: str | None = None,
    coast: str | None = None,
    year: int | None = None,
) -> list[EpisodeView]:
    """Presence episodes ``principal`` may read, oldest first."""
    found = list_findings(
        session, deployment=deployment, principal=principal, obligation="coasts.presence"
    )
    out = [EpisodeView.of(f) for f in found if f.row.state != "resolved"]
    if member:
        out = [e for e in out if e.member == member]
    if coast:
        out = [e for e in out if e.coastal_state == coast]
    if year:
        out = [e for e in out if e.start.year == year]
    return sorted(out, key=lambda e: (e.start, e.finding_id))


@dataclass(frozen=True)
class PairView:
    """A member's presence along another member's coasts in a year, and the year before."""

    member: str
    coastal_state: str
    year: int
    count: int
    hours: float
    count_before: int
    hours_before: float
    finding_id: int | None
    """The ``presence_grew`` finding, when there is one."""

    @property
    def grew(self) -> bool:
        """Whether the count or the hours grew."""
        return self.count > self.count_before or self.hours > self.hours_before + 1e-9

    def as_row(self) -> dict[str, Any]:
        """For lists and CSV."""
        return {
            "member": self.member,
            "coastal_state": self.coastal_state,
            "year": self.year,
            "count": self.count,
            "hours": round(self.hours, 1),
            "count_before": self.count_before,
            "hours_before": round(self.hours_before, 1),
            "grew": self.grew,
            "finding": self.finding_id,
        }


def pairs(
    session: Session, *, deployment: Deployment, principal: Principal, year: int
) -> list[PairView]:
    """Every member pair with presence in ``year`` or the year before."""
    totals: dict[tuple[str, str, int], list[float]] = defaultdict(lambda: [0, 0.0])
    for e in list_episodes(session, deployment=deployment, principal=principal):
        if e.start.year in (year, year - 1):
            t = totals[(e.member, e.coastal_state, e.start.year)]
            t[0] += 1
            t[1] += e.duration_h
    grew = {
        (f.members[0], str(f.row.details["coastal_state"])): f.row.id
        for f in list_findings(
            session,
            deployment=deployment,
            principal=principal,
            obligation="coasts.less_presence",
        )
        if f.row.state != "resolved" and f.row.details.get("year") == year and f.members
    }
    keys = sorted({(m, c) for m, c, _ in totals})
    out = []
    for m, c in keys:
        now, before = totals.get((m, c, year), [0, 0.0]), totals.get((m, c, year - 1), [0, 0.0])
        out.append(
            PairView(m, c, year, int(now[0]), now[1], int(before[0]), before[1], grew.get((m, c)))
        )
    return sorted(out, key=lambda p: (-p.hours, p.member, p.coastal_state))


@dataclass(frozen=True)
class Month:
    """One month's presence of a member along a coast."""

    month: int
    count: int
    hours: float
    count_before: int
    hours_before: float


def months(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    member: str,
    coast: str,
    year: int,
) -> tuple[list[Month], list[EpisodeView]]:
    """Presence by month in ``year`` beside the year before, and the year's episodes."""
    eps = list_episodes(
        session, deployment=deployment, principal=principal, member=member, coast=coast
    )
    cells: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0, 0.0])
    for e in eps:
        if e.start.year in (year, year - 1):
            cell = cells[(e.start.year, e.start.month)]
            cell[0] += 1
            cell[1] += e.duration_h
    rows = [
        Month(
            m,
            int(cells[(year, m)][0]),
            cells[(year, m)][1],
            int(cells[(year - 1, m)][0]),
            cells[(year - 1, m)][1],
        )
        for m in range(1, 13)
    ]
    return rows, [e for e in eps if e.start.year == year]


@dataclass(frozen=True)
class AreaView:
    """A notified activity whose area comes within the distance of another member's coast."""

    finding: FindingView
    designation: str
    lat: float | None
    lon: float | None
    radius_m: float
    record_id: int


def activity_areas(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[AreaView]:
    """Notified activities flagged near other members' coasts, with their areas."""
    out = []
    for f in list_findings(
        session, deployment=deployment, principal=principal, obligation="coasts.activity_area"
    ):
        if f.row.state == "resolved" or not f.row.evidence:
            continue
        rec = get_visible(session, principal, deployment.current, f.row.evidence[0])
        area = (rec.payload.get("area") or {}) if rec is not None else {}
        out.append(
            AreaView(
                finding=f,
                designation=str(rec.payload.get("designation", "")) if rec else "",
                lat=area.get("lat"),
                lon=area.get("lon"),
                radius_m=float(area.get("radius_km") or 0.0) * 1000.0,
                record_id=f.row.evidence[0],
            )
        )
    return out


def episodes_geojson(items: list[EpisodeView], names: Any) -> dict[str, Any]:
    """Episodes as GeoJSON points where the unit came closest to the coast."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                "properties": {
                    "finding": e.finding_id,
                    "member": e.member,
                    "member_name": names(e.member),
                    "coastal_state": e.coastal_state,
                    "vessel": e.vessel,
                    "unit_name": e.unit_name,
                    "start": e.start.isoformat(),
                    "duration_h": round(e.duration_h, 2),
                    "min_distance_nm": round(e.min_distance_nm, 2),
                    "href": f"/findings/{e.finding_id}",
                },
            }
            for e in items
        ],
    }


def areas_geojson(items: list[AreaView]) -> dict[str, Any]:
    """Flagged activity areas as GeoJSON points with their radius (the map draws circles)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [a.lon, a.lat]},
                "properties": {
                    "finding": a.finding.row.id,
                    "designation": a.designation,
                    "coastal_state": a.finding.row.details.get("coastal_state"),
                    "radius_m": a.radius_m,
                    "summary": a.finding.row.summary,
                    "href": f"/records/{a.record_id}",
                },
            }
            for a in items
            if a.lat is not None and a.lon is not None
        ],
    }
