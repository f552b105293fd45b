"""The columnar track model: reports sorted by vessel and time, as NumPy columns.

Every kernel reads a :class:`Tracks`. Vessels (or aircraft) are numbered by ``code`` in
the order of their identifiers, so that ``code_a < code_b`` means ``id_a < id_b``;
``seq`` numbers each vessel's reports from its first (a subset read from a partition of
a dataset keeps the numbers, so reports that were not consecutive are never joined);
``brk`` marks a report that starts a new track piece after a physically impossible jump.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
from numba import njit

from cosec.analytics.io.schema import ID_COLUMN, Kind, format_icao24
from cosec.analytics.kernels.geodesy import KNOT, local_distances_m
from cosec.analytics.kernels.order import clean_tracks, factorize, track_order

DEFAULT_MAX_SPEED_KN: dict[str, float] = {"ais": 50.0, "adsb": 1000.0}
"""Above this implied speed a move between two reports is impossible and splits the track."""
JUMP_TOLERANCE_M = 100.0
"""Position noise allowed on top of the speed limit before a move counts as a jump."""


@dataclass(frozen=True)
class Tracks:
    """Reports of one kind (AIS or ADS-B), sorted by vessel then time."""

    kind: Kind
    ids: np.ndarray
    """Identifier of each vessel code: MMSI, or the ICAO address as an integer."""
    code: np.ndarray
    t: np.ndarray
    """Seconds since 1970-01-01T00:00:00Z."""
    lat: np.ndarray
    lon: np.ndarray
    sog: np.ndarray
    """Reported speed over ground, knots (NaN: not reported)."""
    cog: np.ndarray
    alt: np.ndarray
    """Altitude in metres for aircraft (NaN: unknown); zeros for ships."""
    seq: np.ndarray
    brk: np.ndarray

    @property
    def n(self) -> int:
        """Number of reports."""
        return int(self.t.size)

    @property
    def id_column(self) -> str:
        """``mmsi`` or ``icao24``."""
        return ID_COLUMN[self.kind]

    def id_values(self, code: np.ndarray) -> pa.Array:
        """Identifiers of vessel codes as an Arrow array (int64 MMSI or ICAO hex strings)."""
        ids = self.ids[code]
        if self.kind == "adsb":
            return pa.array([format_icao24(int(v)) for v in ids], pa.string())
        return pa.array(ids, pa.int64())

    def alt_or_zero(self) -> np.ndarray:
        """Altitudes for the CPA: unknown altitudes count as 0 (horizontal distance only)."""
        return np.asarray(np.nan_to_num(self.alt, nan=0.0))

    def take(self, mask: np.ndarray) -> Tracks:
        """The reports where ``mask`` holds (order kept, ``seq`` kept)."""
        return Tracks(
            self.kind,
            self.ids,
            self.code[mask],
            self.t[mask],
            self.lat[mask],
            self.lon[mask],
            self.sog[mask],
            self.cog[mask],
            self.alt[mask],
            self.seq[mask],
            self.brk[mask],
        )


@dataclass(frozen=True)
class Preparation:
    """What putting reports into track order removed and split."""

    duplicates_removed: int = 0
    jumps: pa.Table = field(default_factory=lambda: pa.table({}))
    """One row per impossible jump: vessel, the two reports' times and positions, the
    implied speed (knots)."""


def _column(table: pa.Table, name: str) -> np.ndarray:
    return np.ascontiguousarray(table.column(name).to_numpy(zero_copy_only=False), dtype=np.float64)


def tracks_from_clean(
    clean: pa.Table,
    *,
    kind: Kind,
    max_speed_kn: float | None = None,
    seq: np.ndarray | None = None,
    brk: np.ndarray | None = None,
) -> tuple[Tracks, Preparation]:
    """Sort clean reports (columns of ``CLEAN_SCHEMA``), drop exact duplicates, mark jumps.

    ``seq`` and ``brk`` come from a dataset when it is read back; otherwise they are
    computed here (each vessel's reports numbered from 0, jumps from ``max_speed_kn``).
    """
    speed = DEFAULT_MAX_SPEED_KN[kind] if max_speed_kn is None else max_speed_kn
    ids = np.ascontiguousarray(clean.column("id").to_numpy(zero_copy_only=False), dtype=np.int64)
    uniq, code = factorize(ids)
    t = _column(clean, "t")
    order = track_order(code, t)
    in_order = bool(order.size == 0 or (order[1:] > order[:-1]).all())

    def ordered(a: np.ndarray) -> np.ndarray:
        return a if in_order else a[order]

    code = ordered(code)
    t = ordered(t)
    lat = ordered(_column(clean, "lat"))
    lon = ordered(_column(clean, "lon"))
    sog = ordered(_column(clean, "sog"))
    cog = ordered(_column(clean, "cog"))
    alt = ordered(_column(clean, "alt"))
    keep, jump = clean_tracks(code, t, lat, lon, sog, cog, alt, speed, JUMP_TOLERANCE_M)
    n_dup = int(keep.size - np.count_nonzero(keep))
    if n_dup:
        code, t, lat, lon, sog, cog, alt, jump = (
            a[keep] for a in (code, t, lat, lon, sog, cog, alt, jump)
        )
    seq = seq_in_vessel(code) if seq is None else ordered(seq)[keep]
    brk = jump if brk is None else ordered(brk)[keep]
    tracks = Tracks(kind, uniq, code, t, lat, lon, sog, cog, alt, seq, brk)
    return tracks, Preparation(n_dup, jump_table(tracks, np.flatnonzero(jump)))


def jump_table(tracks: Tracks, at: np.ndarray) -> pa.Table:
    """The impossible jumps ending at report indices ``at`` (each after the vessel's previous
    report)."""
    prev = at - 1
    dt = tracks.t[at] - tracks.t[prev]
    dist = local_distances_m(tracks.lat[prev], tracks.lon[prev], tracks.lat[at], tracks.lon[at])
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(dt > 0, dist / np.maximum(dt, 1e-9) / KNOT, np.inf)
    return pa.table(
        {
            tracks.id_column: tracks.id_values(tracks.code[at]),
            "from_time": timestamps(tracks.t[prev]),
            "to_time": timestamps(tracks.t[at]),
            "from_lat": tracks.lat[prev],
            "from_lon": tracks.lon[prev],
            "to_lat": tracks.lat[at],
            "to_lon": tracks.lon[at],
            "distance_m": dist,
            "implied_speed_kn": speed,
        }
    )


def timestamps(t: np.ndarray) -> pa.Array:
    """Epoch seconds as an Arrow ``timestamp[ms, UTC]`` array (rounded to the millisecond).

    >>> timestamps(np.array([0.0015])).to_pylist()[0].isoformat()
    '1970-01-01T00:00:00.002000+00:00'
    """
    ms = np.round(np.asarray(t, dtype=np.float64) * 1000.0).astype(np.int64)
    return pa.array(ms, pa.int64()).cast(pa.timestamp("ms", "UTC"))


def iso_times(t: np.ndarray) -> list[str]:
    """Epoch seconds as ISO 8601 UTC strings with milliseconds (``...T00:00:00.000Z``).

    >>> iso_times(np.array([1704067200.25]))
    ['2024-01-01T00:00:00.250Z']
    """
    ms = np.round(np.asarray(t, dtype=np.float64) * 1000.0).astype("datetime64[ms]")
    return [s + "Z" for s in np.datetime_as_string(ms, unit="ms").tolist()]


@njit(cache=True)
def seq_in_vessel(code: np.ndarray) -> np.ndarray:
    """Each report's number within its vessel's run (``code`` sorted).

    >>> seq_in_vessel(np.array([0, 0, 1, 1, 1])).tolist()
    [0, 1, 0, 1, 2]
    """
    out = np.empty(code.shape[0], dtype=np.int64)
    k = 0
    for i in range(code.shape[0]):
        k = k + 1 if i > 0 and code[i] == code[i - 1] else 0
        out[i] = k
    return out
