"""Events seen in tracks, as the oversight rules read them, and what the rules read.

Three kinds come from the core's track analyses: a ship-to-ship meeting (``rendezvous``),
a suspected switch-off (a ``gaps`` event marked ``switch_off``) and an approach to the
watched coast (``near-coast`` at the charter's distance). The same event found by two
analyses of the same data is one event, citing both observations; its key names it by
its vessels and start (``sts:412000001-445000002:1780000000``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

import numpy as np

from cosec.kit import Observation
from cosec.mechanisms.oversight.lists import DesignatedList
from cosec.mechanisms.oversight.regime import OversightRegime
from cosec.mechanisms.oversight.zone import inside

Seen = Literal["sts", "dark", "approach"]
KIND_OF: dict[str, Seen] = {"rendezvous": "sts", "gaps": "dark", "near-coast": "approach"}
NM = 1852.0


@dataclass(frozen=True, slots=True)
class SeenEvent:
    """One event of the tracks the rules judge."""

    key: str
    kind: Seen
    vessels: tuple[str, ...]
    start: datetime
    end: datetime
    lat: float
    lon: float
    in_zone: bool
    observations: tuple[int, ...] = ()
    analyses: tuple[int, ...] = ()
    figures: Mapping[str, Any] = field(default_factory=dict)
    """``min_distance_m``, ``shore_distance_m``, ``median_speed_kn``..."""

    @property
    def day(self) -> date:
        """The event's day (UTC): the list in force that day judges it."""
        return self.start.astimezone(UTC).date()

    @property
    def hours(self) -> float:
        """How long it lasted."""
        return (self.end - self.start).total_seconds() / 3600.0

    def merged(self, other: SeenEvent) -> SeenEvent:
        """The same event seen by one more analysis."""
        return SeenEvent(
            self.key,
            self.kind,
            self.vessels,
            self.start,
            self.end,
            self.lat,
            self.lon,
            self.in_zone,
            tuple(sorted({*self.observations, *other.observations})),
            tuple(sorted({*self.analyses, *other.analyses})),
            self.figures,
        )


def event_key(kind: Seen, vessels: Sequence[str], start: datetime) -> str:
    """``sts:412000001-445000002:1780000000``: the event by its vessels and start."""
    return f"{kind}:{'-'.join(sorted(vessels))}:{int(start.timestamp())}"


def _utc(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)


def _float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


FIGURES = {
    "sts": ("min_distance_m", "median_speed_a_kn", "median_speed_b_kn", "confidence"),
    "dark": ("shore_distance_m", "distance_m", "implied_speed_kn", "lat_end", "lon_end"),
    "approach": ("min_distance_m", "confidence"),
}


def seen_events(
    kind: Seen,
    rows: Iterable[Mapping[str, Any]],
    regime: OversightRegime,
    *,
    ids: Callable[[int, Mapping[str, Any]], tuple[tuple[int, ...], tuple[int, ...]]],
) -> list[SeenEvent]:
    """The events of one kind from an analysis's rows (a switch-off that starts outside the
    zone, a gap that is no switch-off, are not oversight's); ``ids(n, row)`` gives the
    observation and analysis ids a row is cited by."""
    rows = list(rows)
    if kind == "dark":
        rows = [r for r in rows if bool(r.get("switch_off"))]
    if not rows:
        return []
    lat = np.array([_float(r.get("lat", r.get("lat_start"))) or 0.0 for r in rows])
    lon = np.array([_float(r.get("lon", r.get("lon_start"))) or 0.0 for r in rows])
    zone = inside(regime.watch_zone, lat, lon)
    out = []
    for n, (r, z) in enumerate(zip(rows, zone, strict=True)):
        if kind == "dark" and not z:
            continue
        vessels = tuple(str(r[k]) for k in ("id_a", "id_b", "id") if r.get(k) is not None)
        start = _utc(r["start"])
        figures = {k: f for k in FIGURES[kind] if (f := _float(r.get(k))) is not None}
        obs, analyses = ids(n, r)
        out.append(
            SeenEvent(
                key=event_key(kind, vessels, start),
                kind=kind,
                vessels=vessels,
                start=start,
                end=_utc(r.get("end") or r["start"]),
                lat=float(lat[n]),
                lon=float(lon[n]),
                in_zone=bool(z),
                observations=obs,
                analyses=analyses,
                figures=figures,
            )
        )
    return out


def from_observations(
    kind: Seen, found: Sequence[Observation], regime: OversightRegime
) -> list[SeenEvent]:
    """The events of stored observations (the store's ids cited)."""
    rows = []
    for o in found:
        row = dict(o.details)
        ids = list(o.vessels)
        if kind == "sts":
            row["id_a"], row["id_b"] = ids[0], ids[1] if len(ids) > 1 else None
        else:
            row["id"] = ids[0]
        row.update(start=o.start, end=o.end, lat=o.lat, lon=o.lon, _ids=(o.id, o.analysis_id))
        rows.append(row)
    return seen_events(kind, rows, regime, ids=lambda _n, r: ((r["_ids"][0],), (r["_ids"][1],)))


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    """A nuclear test or a missile launch on the record."""

    key: str
    record_id: int
    event: str
    label: str
    occurred_at: datetime
    place: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MonthReport:
    """A member's report of one month, as it stands (a correction replaces the earlier)."""

    member: str
    month: str
    barrels: int
    record_id: int


@dataclass
class OversightContext:
    """What the oversight obligations read, focused on the subjects to judge."""

    regime: OversightRegime
    as_of: datetime
    listed: DesignatedList
    events: Sequence[SeenEvent] = ()
    programme: Sequence[ProgrammeItem] = ()
    petroleum: Mapping[int, Sequence[MonthReport]] = field(default_factory=dict)
    """Year → the reports counted in it."""
    members: tuple[str, ...] | None = None
    member_name: Callable[[str], str] = str
    flag_of: Callable[[str, datetime], str | None] = lambda _v, _t: None
    """A vessel's flag (member code) at a time: the registry, else its MMSI's MID."""

    def is_member(self, code: str | None) -> bool:
        """Whether ``code`` is a member of the regime."""
        return code is not None and (self.members is None or code in self.members)
