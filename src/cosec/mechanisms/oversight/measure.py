"""The oversight pass on tracks (through :mod:`cosec.plugin.tracks`): the core's
``rendezvous``, ``gaps`` and ``near-coast`` analyses, each run only where its rule can
find something, and their events as the rules read them.

- ``rendezvous`` runs on every vessel (a meeting with a designated vessel counts anywhere);
- ``gaps`` runs on the vessels with a report inside the watch zone's bounds (a switch-off
  that counts starts at a report inside the zone, and a vessel's gaps depend on its own
  reports only);
- ``near-coast`` of the watched coast runs on the vessels with a report inside the coast's
  bounds widened by the distance and the farthest a ship goes in the splitting gap.

:func:`analyses` gives the same three as ``(kind, params)`` for the stored way
(``cosec oversight analyse``), where each is signed and logged as evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from cosec.kit import FieldError, InvalidInput, NotFound
from cosec.mechanisms.oversight.events import SeenEvent, seen_events
from cosec.mechanisms.oversight.regime import OversightRegime
from cosec.mechanisms.oversight.zone import bounds
from cosec.plugin.tracks import (
    METRES_PER_NM,
    LocalEngine,
    Tracks,
    coastlines,
    data_dir,
    dataset_path,
    load_tracks,
)
from cosec.plugin.tracks import run_analysis as _run

MAX_SPEED_KN = 50.0
"""The fastest a ship goes between two reports (the track model splits faster moves)."""
MAX_NAMED_REJECTS = 20


def analyses(regime: OversightRegime) -> list[tuple[str, dict[str, Any]]]:
    """The analyses the oversight rules read, at the charter's parameters."""
    return [
        ("rendezvous", {}),
        ("gaps", {}),
        (
            "near-coast",
            {
                "states": [regime.coast_state],
                "within_m": regime.approach_m,
                "max_gap_s": regime.approach_gap_s,
            },
        ),
    ]


@cache
def coast_box(state: str) -> tuple[float, float, float, float] | None:
    """``(south, west, north, east)`` of a state's coast edges (``None``: no coast)."""
    coast = coastlines()
    mask = coast.select([state])
    if not mask.any():
        return None
    lats = np.concatenate([coast.lat0[mask], coast.lat1[mask]])
    lons = np.concatenate([coast.lon0[mask], coast.lon1[mask]])
    return float(lats.min()), float(lons.min()), float(lats.max()), float(lons.max())


def vessels_in(tracks: Tracks, box: tuple[float, float, float, float], pad_m: float) -> Tracks:
    """The tracks of the vessels with a report inside ``box`` widened by ``pad_m``."""
    south, west, north, east = box
    dlat = pad_m / 111_000.0
    top = min(max(abs(south - dlat), abs(north + dlat)), 89.0)
    dlon = dlat / max(float(np.cos(np.radians(top))), 1e-6)
    inside = (
        (tracks.lat >= south - dlat)
        & (tracks.lat <= north + dlat)
        & (tracks.lon >= west - dlon)
        & (tracks.lon <= east + dlon)
    )
    codes = np.unique(tracks.code[inside])
    return tracks.take(np.isin(tracks.code, codes))


def oversight_events(
    tracks: Tracks, regime: OversightRegime, *, threads: int | None = None
) -> list[SeenEvent]:
    """Every event of the tracks the rules judge, in order of start."""
    engine = LocalEngine(threads=threads)
    (_, rdv), (_, gaps), (_, near) = analyses(regime)
    none = lambda _n, _r: ((), ())  # noqa: E731 - a file's events cite no stored observation
    found: list[SeenEvent] = []
    table = _run(tracks, "rendezvous", rdv, engine=engine)
    found += seen_events("sts", table.to_pylist(), regime, ids=none)
    zone = vessels_in(tracks, bounds(regime.watch_zone), 0.0)
    if zone.n:
        table = _run(zone, "gaps", gaps, engine=engine)
        found += seen_events("dark", table.to_pylist(), regime, ids=none)
    box = coast_box(regime.coast_state)
    if box is not None:
        pad = regime.approach_m + MAX_SPEED_KN * METRES_PER_NM * regime.approach_gap_hours
        near_coast = vessels_in(tracks, box, pad)
        if near_coast.n:
            table = _run(near_coast, "near-coast", near, engine=engine)
            found += seen_events("approach", table.to_pylist(), regime, ids=none)
    unique: dict[str, SeenEvent] = {}
    for e in found:
        unique.setdefault(e.key, e)
    return sorted(unique.values(), key=lambda e: (e.start, e.key))


def load_positions(paths: Sequence[Path], *, skip_bad_rows: bool = False) -> Tracks:
    """Positions of files or a dataset; a file's rejected rows are an input error naming
    them, unless ``skip_bad_rows``."""
    tracks, report = load_tracks(list(paths))
    if tracks.kind != "ais":
        raise InvalidInput.field("POSITIONS", "must be ship positions (mmsi), not aircraft")
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


def vessel_tracks(
    dataset: str, vessels: Sequence[str], start: datetime, end: datetime
) -> dict[str, list[tuple[float, float]]]:
    """The reports of ``vessels`` between ``start`` and ``end`` in a server dataset, as
    ``(lon, lat)`` lines (none when the dataset is no longer on the server)."""
    try:
        path = dataset_path(data_dir(), dataset)
    except (NotFound, InvalidInput):
        return {}
    tracks, _ = load_tracks([path])
    wanted = np.array([int(v) for v in vessels], dtype=np.int64)
    codes = np.flatnonzero(np.isin(np.asarray(tracks.ids, dtype=np.int64), wanted))
    t0, t1 = start.timestamp(), end.timestamp()
    keep = np.isin(tracks.code, codes) & (tracks.t >= t0) & (tracks.t <= t1)
    out: dict[str, list[tuple[float, float]]] = {}
    for code in codes:
        m = keep & (tracks.code == code)
        order = np.argsort(tracks.t[m], kind="stable")
        lon, lat = tracks.lon[m][order], tracks.lat[m][order]
        out[str(int(tracks.ids[code]))] = [
            (round(float(x), 5), round(float(y), 5)) for x, y in zip(lon, lat, strict=True)
        ]
    return out
