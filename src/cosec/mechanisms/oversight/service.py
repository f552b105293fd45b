"""Use cases of the oversight mechanism: the views the interfaces show, read through the
one visibility rule (records and findings).

- the list: designations and delistings as records, the list in force on a day, its
  changes over time, and a list CSV turned into the designations it adds;
- a vessel's dossier: its designations (and those of the same IMO number under other
  MMSIs: its flag history), its events (findings) and their positions;
- the programme's tests and launches; the petroleum reports of a year against the cap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cosec.kit import NotFound, Principal, flag_of_mmsi
from cosec.mechanisms.oversight import records as r
from cosec.mechanisms.oversight.assess import parse_rows
from cosec.mechanisms.oversight.regime import OversightRegime
from cosec.plugin.store import (
    Deployment,
    FindingView,
    Item,
    Session,
    list_findings,
    list_visible,
    stored_payload,
)

MECHANISM = "oversight"
TRACK_OBLIGATIONS = (
    "oversight.sts_designated",
    "oversight.sts_watch_zone",
    "oversight.dark_in_watch_zone",
    "oversight.coast_approach",
)


def regime_of(deployment: Deployment) -> OversightRegime:
    """The oversight regime in force (not found when the charter has none)."""
    regime = deployment.current.regime(MECHANISM)
    if not isinstance(regime, OversightRegime):
        raise NotFound(f"{deployment.current.id} has no oversight regime")
    return regime


@dataclass(frozen=True)
class DesignationView:
    """A designation on the record, with its delisting if any."""

    id: int
    payload: r.Designation
    recorded_at: datetime
    delisted_on: date | None = None
    delisting_id: int | None = None

    def in_force(self, day: date) -> bool:
        """Whether it is in force on ``day``."""
        return self.payload.listed_on <= day and (
            self.delisted_on is None or day < self.delisted_on
        )

    @property
    def flag(self) -> str | None:
        """The flag its MMSI's first digits give."""
        return flag_of_mmsi(self.payload.mmsi) if self.payload.mmsi else None

    def as_row(self) -> dict[str, Any]:
        """For lists and CSV."""
        p = self.payload
        return {
            "id": self.id,
            "subject": p.subject,
            "name": p.name,
            "mmsi": p.mmsi or "",
            "imo": p.imo or "",
            "flag": self.flag or "",
            "listed_on": p.listed_on.isoformat(),
            "source": p.source,
            "reference": p.reference,
            "delisted_on": self.delisted_on.isoformat() if self.delisted_on else "",
        }


def designations(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[DesignationView]:
    """Every designation ``principal`` may read, earliest listed first."""
    rows = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["oversight.designation", "oversight.delisting"],
    )
    out: dict[int, DesignationView] = {}
    for row in rows:
        if row.kind == "oversight.designation":
            p = stored_payload(r.Designation, row)
            if p is not None:
                out[row.id] = DesignationView(row.id, p, row.submitted_at)
    for row in rows:
        if row.kind == "oversight.delisting":
            x = stored_payload(r.Delisting, row)
            d = out.get(x.designation_id) if x is not None else None
            if (
                x is not None
                and d is not None
                and (d.delisted_on is None or x.delisted_on < d.delisted_on)
            ):
                out[d.id] = DesignationView(d.id, d.payload, d.recorded_at, x.delisted_on, row.id)
    return sorted(out.values(), key=lambda d: (d.payload.listed_on, d.id))


@dataclass(frozen=True)
class ListChange:
    """A day on which the list changed."""

    day: date
    listed: tuple[DesignationView, ...] = ()
    delisted: tuple[DesignationView, ...] = ()
    size: int = 0
    """Designations in force at the end of the day."""


def changes(views: list[DesignationView]) -> list[ListChange]:
    """The list's changes over time, oldest first, with its size after each."""
    listed: dict[date, list[DesignationView]] = defaultdict(list)
    delisted: dict[date, list[DesignationView]] = defaultdict(list)
    for v in views:
        listed[v.payload.listed_on].append(v)
        if v.delisted_on is not None:
            delisted[v.delisted_on].append(v)
    size = 0
    out = []
    for day in sorted(set(listed) | set(delisted)):
        size += len(listed.get(day, ())) - len(delisted.get(day, ()))
        out.append(ListChange(day, tuple(listed.get(day, ())), tuple(delisted.get(day, ())), size))
    return out


def import_items(
    session: Session, *, deployment: Deployment, principal: Principal, text: str, audience: str
) -> tuple[list[tuple[int, Item]], int]:
    """The designations a list CSV adds (rows already on the record, same vessel, day and
    source, are left out: importing the next version of a list adds only what is new), and
    how many rows were already there."""
    known = {
        (d.payload.mmsi, d.payload.imo, d.payload.listed_on, d.payload.source)
        for d in designations(session, deployment=deployment, principal=principal)
    }
    items: list[tuple[int, Item]] = []
    same = 0
    for n, d in parse_rows(text):
        key = (d.mmsi, d.imo, d.listed_on, d.source)
        if key in known:
            same += 1
            continue
        known.add(key)
        items.append((n, Item("oversight.designation", d, audience=audience)))
    return items, same


@dataclass(frozen=True)
class EventView:
    """An event from tracks, as its finding records it."""

    finding_id: int
    flag: str
    state: str
    severity: str
    vessels: tuple[str, ...]
    start: datetime
    end: datetime
    hours: float
    lat: float
    lon: float
    summary: str
    observations: tuple[int, ...]
    evidence: tuple[int, ...]
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, f: FindingView) -> EventView:
        """From a track finding."""
        d = f.row.details
        return cls(
            finding_id=f.row.id,
            flag=f.row.flag,
            state=f.row.state,
            severity=f.row.severity,
            vessels=tuple(str(v) for v in d.get("vessels", ())),
            start=datetime.fromisoformat(str(d["start"])),
            end=datetime.fromisoformat(str(d["end"])),
            hours=float(d.get("hours", 0.0)),
            lat=float(d.get("lat", 0.0)),
            lon=float(d.get("lon", 0.0)),
            summary=f.row.summary,
            observations=tuple(f.row.observations or ()),
            evidence=tuple(f.row.evidence or ()),
            details=dict(d),
        )

    def as_row(self) -> dict[str, Any]:
        """For lists and CSV."""
        return {
            "finding": self.finding_id,
            "flag": self.flag,
            "severity": self.severity,
            "vessels": ";".join(self.vessels),
            "start": self.start.isoformat().replace("+00:00", "Z"),
            "end": self.end.isoformat().replace("+00:00", "Z"),
            "hours": round(self.hours, 2),
            "lat": self.lat,
            "lon": self.lon,
            "state": self.state,
        }


def events(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    vessel: str | None = None,
    flag: str | None = None,
    year: int | None = None,
) -> list[EventView]:
    """Track findings ``principal`` may read (not resolved), oldest first."""
    out: list[EventView] = []
    for ob in TRACK_OBLIGATIONS:
        found = list_findings(session, deployment=deployment, principal=principal, obligation=ob)
        out += [EventView.of(f) for f in found if f.row.state != "resolved"]
    if vessel:
        out = [e for e in out if vessel in e.vessels]
    if flag:
        out = [e for e in out if e.flag == flag]
    if year:
        out = [e for e in out if e.start.year == year]
    return sorted(out, key=lambda e: (e.start, e.finding_id))


@dataclass(frozen=True)
class Dossier:
    """What is known of one vessel."""

    mmsi: str
    names: tuple[str, ...]
    imo: str | None
    designations: tuple[DesignationView, ...]
    flags: tuple[tuple[str, str, str], ...]
    """``(mmsi, flag code, first listed under it)``: the vessel's MMSIs, oldest first."""
    events: tuple[EventView, ...]


def dossier(
    session: Session, *, deployment: Deployment, principal: Principal, mmsi: str
) -> Dossier:
    """A vessel's dossier (not found when nothing is known of it)."""
    all_ = designations(session, deployment=deployment, principal=principal)
    own = [d for d in all_ if d.payload.mmsi == mmsi]
    imos = {d.payload.imo for d in own if d.payload.imo}
    same = [d for d in all_ if d.payload.imo in imos and d not in own]
    found = events(session, deployment=deployment, principal=principal, vessel=mmsi)
    if not own and not found:
        raise NotFound(f"nothing is known of vessel {mmsi}")
    flags: dict[str, tuple[str, str, str]] = {}
    for d in sorted(own + same, key=lambda d: (d.payload.listed_on, d.id)):
        m = d.payload.mmsi
        if m and m not in flags:
            flags[m] = (m, d.flag or "", d.payload.listed_on.isoformat())
    if mmsi not in flags:
        flags[mmsi] = (mmsi, flag_of_mmsi(mmsi) or "", "")
    return Dossier(
        mmsi=mmsi,
        names=tuple(dict.fromkeys(d.payload.name for d in own + same)),
        imo=next(iter(sorted(imos)), None),
        designations=tuple(own + same),
        flags=tuple(flags.values()),
        events=tuple(found),
    )


@dataclass(frozen=True)
class ProgrammeView:
    """A nuclear test or missile launch on the record."""

    id: int
    payload: r.ProgrammeEvent


def programme(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[ProgrammeView]:
    """Tests and launches, latest first."""
    rows = list_visible(session, principal, deployment.current, kinds=["oversight.event"])
    out = [
        ProgrammeView(row.id, p)
        for row in rows
        if (p := stored_payload(r.ProgrammeEvent, row)) is not None
    ]
    return sorted(out, key=lambda v: v.payload.occurred_at, reverse=True)


@dataclass(frozen=True)
class MonthTotal:
    """A month's reported transfers and the running total of the year."""

    month: str
    barrels: int
    running: int
    by_member: dict[str, int]


@dataclass(frozen=True)
class PetroleumYear:
    """A year's reports against the cap."""

    year: int
    cap: int
    thresholds: tuple[float, ...]
    months: tuple[MonthTotal, ...]
    findings: tuple[FindingView, ...]

    @property
    def total(self) -> int:
        """Barrels reported for the year."""
        return self.months[-1].running if self.months else 0


def petroleum(
    session: Session, *, deployment: Deployment, principal: Principal, year: int
) -> PetroleumYear:
    """The year's reports ``principal`` may read, month by month, against the cap."""
    regime = regime_of(deployment)
    rows = list_visible(
        session, principal, deployment.current, kinds=["oversight.petroleum_transfer"]
    )
    counted: dict[int, tuple[str, r.PetroleumTransfer]] = {}
    for row in rows:
        p = stored_payload(r.PetroleumTransfer, row)
        if p is None:
            continue
        if p.corrects is not None:
            counted.pop(p.corrects, None)
        counted[row.id] = (row.submitter, p)
    by_month: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for member, p in counted.values():
        if p.year == year:
            by_month[p.month][member] += p.barrels
    running = 0
    months = []
    for m in range(1, 13):
        key = f"{year}-{m:02d}"
        got = dict(by_month.get(key, {}))
        running += sum(got.values())
        months.append(MonthTotal(key, sum(got.values()), running, got))
    found = [
        f
        for f in list_findings(
            session,
            deployment=deployment,
            principal=principal,
            obligation="oversight.petroleum_cap",
        )
        if f.row.details.get("year") == year and f.row.state != "resolved"
    ]
    return PetroleumYear(
        year, regime.petroleum_cap_barrels, regime.petroleum_thresholds, tuple(months), tuple(found)
    )
