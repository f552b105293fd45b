"""Measuring presence on tracks and coasts (through :mod:`cosec.plugin.tracks`).

:func:`presence_episodes` finds the episodes of a positions file or dataset: the reports
of registered state units only, then, for each member coast, the core's ``near-coast``
analysis of the other members' units at the charter's distance and gap (one stay per
vessel and coast, split at longer gaps; the closest distance measured on the straight
segments between reports). Units whose reports never come near a coast's bounding box,
widened by the distance and the farthest a unit can go between two reports, are left out
of that coast's run: they could not reach it.

:func:`near_coasts` gives the projection its distances to coasts (so that the projection
itself stays pure).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import numpy as np

from cosec.kit import FieldError, InvalidInput, Setup
from cosec.mechanisms.coasts.episodes import Episode, Unit
from cosec.mechanisms.coasts.projection import CoastsProjection
from cosec.mechanisms.coasts.regime import CoastsRegime
from cosec.plugin.tracks import (
    METRES_PER_NM,
    LocalEngine,
    Tracks,
    coast_codes,
    coastlines,
    distance_to_coast_m,
    load_tracks,
    run_analysis,
)

MAX_SPEED_KN = {"ais": 50.0, "adsb": 1000.0}
"""The fastest a unit can go between two reports (the track model splits faster moves)."""


def near_coasts(lat: float, lon: float, reach_m: float, states: Sequence[str]) -> dict[str, float]:
    """Metres from a point to each of ``states``' coasts that lies within ``reach_m``."""
    known = coast_codes()
    out: dict[str, float] = {}
    for state in states:
        if state not in known:
            continue
        d = distance_to_coast_m(
            np.array([lat]), np.array([lon]), states=[state], max_distance_m=reach_m
        )
        if np.isfinite(d[0]):
            out[state] = float(d[0])
    return out


def new_projection(setup: Setup[CoastsRegime]) -> CoastsProjection:
    """The registration's factory: a projection that measures notified areas too."""
    return CoastsProjection(setup, near=near_coasts)


@cache
def coast_box(state: str) -> tuple[float, float, float, float] | None:
    """``(south, north, west, east)`` of a state's coast edges (``None``: no coast)."""
    coast = coastlines()
    mask = coast.select([state])
    if not mask.any():
        return None
    lats = np.concatenate([coast.lat0[mask], coast.lat1[mask]])
    lons = np.concatenate([coast.lon0[mask], coast.lon1[mask]])
    return float(lats.min()), float(lats.max()), float(lons.min()), float(lons.max())


def _may_reach(tracks: Tracks, state: str, reach_m: float) -> np.ndarray:
    """Vessel codes with a report inside the state's coast box widened by ``reach_m``."""
    box = coast_box(state)
    if box is None:
        return np.zeros(0, dtype=np.int64)
    south, north, west, east = box
    dlat = reach_m / 111_000.0
    top = min(max(abs(south - dlat), abs(north + dlat)), 89.0)
    dlon = dlat / max(np.cos(np.radians(top)), 1e-6)
    inside = (tracks.lat >= south - dlat) & (tracks.lat <= north + dlat)
    if east - west + 2 * dlon < 360.0:
        inside &= (tracks.lon >= west - dlon) & (tracks.lon <= east + dlon)
    return np.unique(tracks.code[inside])


def presence_episodes(
    tracks: Tracks,
    units: Mapping[str, Unit],
    coasts: Sequence[str],
    regime: CoastsRegime,
    *,
    threads: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Episode]:
    """Every episode of the ``units`` (by MMSI or ICAO address) along the ``coasts`` of
    other members, in order of start; keys ``episode:1``, ``episode:2``..."""
    ids = [_identifier(tracks, v) for v in tracks.ids]
    unit_of_code = {c: units[i] for c, i in enumerate(ids) if i in units}
    state = tracks.take(np.isin(tracks.code, np.fromiter(unit_of_code, dtype=np.int64)))
    engine = LocalEngine(threads=threads)
    reach = (
        regime.distance_m + MAX_SPEED_KN[tracks.kind] * METRES_PER_NM * regime.split_gap_s / 3600
    )
    found: list[Episode] = []
    known = coast_codes()
    wanted = [c for c in coasts if c in known]
    for done, coast in enumerate(wanted, start=1):
        codes = [
            int(c)
            for c in _may_reach(state, coast, reach)
            if unit_of_code[int(c)].member != coast
            and unit_of_code[int(c)].kind in regime.unit_kinds
        ]
        if codes:
            part = state.take(np.isin(state.code, np.array(codes, dtype=np.int64)))
            params = {
                "states": [coast],
                "within_m": regime.distance_m,
                "max_gap_s": regime.split_gap_s,
            }
            table = run_analysis(part, "near-coast", params, engine=engine)
            found += _episodes(table.to_pylist(), coast, units, tracks.kind)
        if progress is not None:
            progress(done, len(wanted))
    found.sort(key=lambda e: (e.start, e.vessel, e.coastal_state))
    return [replace(e, key=f"episode:{n}", evidence=(n,)) for n, e in enumerate(found, start=1)]


def _identifier(tracks: Tracks, value: object) -> str:
    if tracks.kind == "adsb":
        return format(int(str(value)), "06x")
    return str(int(str(value)))


def _episodes(
    rows: list[dict[str, object]], coast: str, units: Mapping[str, Unit], kind: str
) -> list[Episode]:
    out = []
    for row in rows:
        vessel = str(row["id"]).lower()
        unit = units[vessel]
        out.append(
            Episode(
                key="",
                member=unit.member,
                coastal_state=coast,
                vessel=vessel,
                unit_kind=unit.kind,
                unit_name=unit.name,
                start=_utc(row["start"]),
                end=_utc(row["end"]),
                min_distance_m=float(str(row["min_distance_m"])),
                lat=float(str(row["lat"])),
                lon=float(str(row["lon"])),
                domain="air" if kind == "adsb" else "sea",
            )
        )
    return out


def _utc(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).astimezone(UTC)


MAX_NAMED_REJECTS = 20


def load_positions(paths: Sequence[Path], *, skip_bad_rows: bool = False) -> Tracks:
    """Positions of files or a dataset; a file's rejected rows are an input error naming
    them, unless ``skip_bad_rows``."""
    tracks, report = load_tracks(list(paths))
    if report is None or skip_bad_rows or report.rejects.num_rows == 0:
        return tracks
    rejects = report.rejects.to_pylist()
    several = len({r["source"] for r in rejects}) > 1
    errors = []
    for r in rejects[:MAX_NAMED_REJECTS]:
        where = f"{Path(str(r['source'])).name} " if several else ""
        field = f".{r['field']}" if r.get("field") else ""
        errors.append(FieldError(f"POSITIONS {where}row {r['row']}{field}", str(r["reason"])))
    if len(rejects) > MAX_NAMED_REJECTS:
        errors.append(
            FieldError(
                "POSITIONS",
                f"and {len(rejects) - MAX_NAMED_REJECTS} more bad rows "
                "(--skip-bad-rows judges the good ones)",
            )
        )
    raise InvalidInput(errors)
