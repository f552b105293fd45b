"""A synthetic AIS scenario with planted events and its ground truth, for tests and benchmarks.

Background vessels cross a region on straight courses (turning back at its edges),
reporting at their own intervals. Planted events sit in their own slots, far enough
apart not to touch each other, in open sea far from any coast (the central South China
Sea by default):

- ``fast_pass``: 20-30 kn on crossing courses, CPA 20-400 m, reports every 3-5 minutes,
  the CPA between two reports (a 10-minute sampled method misses these);
- ``slow_pass``: 3-8 kn, CPA 50-450 m;
- ``near_miss``: CPA 520-700 m, just outside a 500 m threshold (must not be reported);
- ``rendezvous``: two vessels drift together within 100-300 m for 3-5 h at under 1 kn;
- ``gap_pass``: a pass (CPA 100 m) while one vessel is silent for 2 h (must not be
  reported: no interpolation across a gap longer than 1 h);
- ``gap_bridge``: two vessels within 300 m before and after one of them falls silent for
  2 h: two episodes, never one bridged across the gap;
- ``switch_off``: silent for 13 h far from shore after regular reports; ``gap``: 7 h;
- ``loitering``: 0.5-1.5 kn for 3 h far from shore.

Motion is linear in latitude and longitude between reports, so the designed CPA is
the true CPA of the linear interpolation, to well under a millimetre. Garbage is added
on request: exact duplicate rows, rows breaking each validation rule, malformed lines
(CSV only) and impossible jumps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cosec.analytics.io.events import text_times, write_csv
from cosec.analytics.kernels.geodesy import KNOT, metres_per_degree
from cosec.analytics.tracks import iso_times, timestamps
from cosec.errors import InvalidInput

DEFAULT_START = 1_704_067_200.0  # 2024-01-01T00:00:00Z
DEFAULT_REGION = (10.5, 16.5, 112.0, 118.0)
"""South, north, west, east (degrees) of the background traffic."""
ARENA = (13.2, 114.6)
"""Centre of the planted events' slots: over 100 nm from any coast."""
SLOT_DEG = 0.25
PLANTED_BASE_MMSI = 900_000_000
BACKGROUND_BASE_MMSI = 200_000_000

TRUTH_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("id_a", pa.int64()),
        ("id_b", pa.int64()),
        ("expect", pa.string()),
        ("start", pa.timestamp("ms", "UTC")),
        ("end", pa.timestamp("ms", "UTC")),
        ("cpa_time", pa.timestamp("ms", "UTC")),
        ("cpa_distance_m", pa.float64()),
        ("note", pa.string()),
    ]
)


@dataclass
class Scenario:
    """Positions (clean, then garbage), the truth table and what was added."""

    positions: pa.Table
    truth: pa.Table
    garbage: list[tuple[str, list[str]]]
    """Bad rows as text (reason, CSV fields): only the CSV output can carry all of them."""
    duplicates: int
    jumps: int


class _Builder:
    def __init__(self, seed: int, start: float, hours: float) -> None:
        self.rng = np.random.default_rng(seed)
        self.start = start
        self.end = start + hours * 3600.0
        self.cols: dict[str, list[np.ndarray]] = {
            k: [] for k in ("mmsi", "t", "lat", "lon", "sog", "cog")
        }
        self.truth: list[dict[str, object]] = []
        self.next_id = PLANTED_BASE_MMSI
        self.slot = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def next_slot(self) -> tuple[float, float]:
        """A fresh slot centre on a spiral of slots around the arena."""
        k = self.slot
        self.slot += 1
        side = math.ceil(math.sqrt(k + 1))
        row, col = divmod(k, side)
        return ARENA[0] + (row - side / 2) * SLOT_DEG, ARENA[1] + (col - side / 2) * SLOT_DEG

    def track(
        self,
        mmsi: int,
        times: np.ndarray,
        lat0: float,
        lon0: float,
        t0: float,
        v_east: float,
        v_north: float,
        ref_lat: float,
    ) -> None:
        """Reports at ``times`` of a vessel at (lat0, lon0) at ``t0`` moving linearly."""
        kx, ky = metres_per_degree(ref_lat)
        times = times[(times >= self.start) & (times < self.end)]
        dt = times - t0
        self.cols["mmsi"].append(np.full(times.size, mmsi, dtype=np.int64))
        self.cols["t"].append(times)
        self.cols["lat"].append(lat0 + v_north * dt / ky)
        self.cols["lon"].append(lon0 + v_east * dt / kx)
        speed = math.hypot(v_east, v_north) / KNOT
        self.cols["sog"].append(np.full(times.size, round(speed, 1)))
        self.cols["cog"].append(
            np.full(times.size, round(math.degrees(math.atan2(v_east, v_north)) % 360, 1))
        )

    def reports(self, t_from: float, t_to: float, every: float, phase: float) -> np.ndarray:
        first = t_from + phase
        return first + every * np.arange(max(0, math.floor((t_to - first) / every)) + 1)

    def add_truth(self, kind: str, a: int, b: int | None, expect: str, **fields: object) -> None:
        self.truth.append({"kind": kind, "id_a": a, "id_b": b, "expect": expect, **fields})


def _pass(
    b: _Builder,
    kind: str,
    speeds: tuple[float, float],
    cpa_range: tuple[float, float],
    every: tuple[float, float],
    expect: str,
    silent_s: float = 0.0,
) -> None:
    """Two vessels whose straight courses pass at a designed CPA in the middle of the day."""
    rng = b.rng
    lat_c, lon_c = b.next_slot()
    t_c = float(
        np.round(rng.uniform(b.start + 0.3 * (b.end - b.start), b.start + 0.7 * (b.end - b.start)))
    )
    va = rng.uniform(*speeds) * KNOT
    vb = rng.uniform(*speeds) * KNOT
    ha = rng.uniform(0, 2 * math.pi)
    hb = ha + rng.uniform(math.radians(60), math.radians(180)) * rng.choice([-1, 1])
    vel_a = np.array([va * math.sin(ha), va * math.cos(ha)])
    vel_b = np.array([vb * math.sin(hb), vb * math.cos(hb)])
    rel = vel_b - vel_a
    normal = np.array([-rel[1], rel[0]]) / np.linalg.norm(rel)
    cpa = float(rng.uniform(*cpa_range))
    kx, ky = metres_per_degree(lat_c)
    pa_m = -0.5 * cpa * normal
    pb_m = 0.5 * cpa * normal
    id_a, id_b = b.new_id(), b.new_id()
    step_a = float(rng.uniform(*every))
    step_b = float(rng.uniform(*every))
    # Reports straddle the CPA: it falls between two reports of each vessel.
    k = np.arange(-math.ceil(2 * 3600 / step_a), math.ceil(2 * 3600 / step_a))
    times_a = np.round(t_c + (k + 0.5) * step_a)
    k = np.arange(-math.ceil(2 * 3600 / step_b), math.ceil(2 * 3600 / step_b))
    times_b = np.round(t_c + (k + 0.37) * step_b)
    if silent_s:
        times_a = times_a[np.abs(times_a - t_c) > silent_s / 2]
    for mmsi, times, p, vel in ((id_a, times_a, pa_m, vel_a), (id_b, times_b, pb_m, vel_b)):
        b.track(mmsi, times, lat_c + p[1] / ky, lon_c + p[0] / kx, t_c, vel[0], vel[1], lat_c)
    b.add_truth(kind, id_a, id_b, expect, cpa_time=t_c, cpa_distance_m=cpa)


def _gap_bridge(b: _Builder) -> None:
    """Two vessels side by side 250 m apart for 5 h; one is silent for 2 h in the middle."""
    lat_c, lon_c = b.next_slot()
    t_c = float(
        np.round(
            b.rng.uniform(b.start + 0.4 * (b.end - b.start), b.start + 0.6 * (b.end - b.start))
        )
    )
    ky = metres_per_degree(lat_c)[1]
    v = 6 * KNOT
    id_a, id_b = b.new_id(), b.new_id()
    times = b.reports(t_c - 2.5 * 3600, t_c + 2.5 * 3600, 120.0, 0.0)
    silent = np.abs(times - t_c) < 3600.0
    b.track(id_a, times[~silent], lat_c, lon_c, t_c, v, 0.0, lat_c)
    b.track(id_b, times + 30.0, lat_c + 250.0 / ky, lon_c, t_c, v, 0.0, lat_c)
    for side, (lo, hi) in (
        ("before", (t_c - 2.5 * 3600, t_c - 3600)),
        ("after", (t_c + 3600, t_c + 2.5 * 3600)),
    ):
        b.add_truth(
            "gap_bridge", id_a, id_b, "event", start=lo, end=hi, note=f"episode {side} the gap"
        )


def _rendezvous(b: _Builder) -> None:
    lat_c, lon_c = b.next_slot()
    rng = b.rng
    t_meet = float(
        np.round(rng.uniform(b.start + 0.2 * (b.end - b.start), b.start + 0.4 * (b.end - b.start)))
    )
    stay = float(rng.uniform(3, 5)) * 3600.0
    ky = metres_per_degree(lat_c)[1]
    drift = rng.uniform(0.3, 1.0) * KNOT
    sep = float(rng.uniform(100, 300))
    id_a, id_b = b.new_id(), b.new_id()
    every = float(rng.uniform(120, 360))
    times = b.reports(t_meet, t_meet + stay, every, 0.0)
    b.track(id_a, times, lat_c, lon_c, t_meet, drift, 0.0, lat_c)
    b.track(id_b, times + 17.0, lat_c + sep / ky, lon_c, t_meet, drift, 0.0, lat_c)
    b.add_truth(
        "rendezvous", id_a, id_b, "event", start=t_meet, end=t_meet + stay, cpa_distance_m=sep
    )


def _gap(b: _Builder, hours: float, kind: str) -> None:
    lat_c, lon_c = b.next_slot()
    id_a = b.new_id()
    t_off = float(
        np.round(
            b.rng.uniform(b.start + 0.25 * (b.end - b.start), b.start + 0.35 * (b.end - b.start))
        )
    )
    times = b.reports(b.start, b.end, 300.0, 7.0)
    times = times[(times <= t_off) | (times >= t_off + hours * 3600.0)]
    b.track(id_a, times, lat_c, lon_c, b.start, 0.0, 3 * KNOT, lat_c)
    before = times[times <= t_off][-1]
    after = times[times >= t_off + hours * 3600.0]
    if after.size:
        b.add_truth(kind, id_a, None, "event", start=before, end=after[0])


def _loitering(b: _Builder) -> None:
    lat_c, lon_c = b.next_slot()
    id_a = b.new_id()
    rng = b.rng
    t0 = float(
        np.round(rng.uniform(b.start + 0.2 * (b.end - b.start), b.start + 0.5 * (b.end - b.start)))
    )
    dur = 3 * 3600.0
    v = rng.uniform(0.5, 1.5) * KNOT
    times = b.reports(t0, t0 + dur, 180.0, 0.0)
    b.track(id_a, times, lat_c, lon_c, t0, v, 0.0, lat_c)
    b.add_truth("loitering", id_a, None, "event", start=times[0], end=times[-1])


def _background(
    b: _Builder, n: int, region: tuple[float, float, float, float], interval_s: float | None
) -> None:
    rng = b.rng
    south, north, west, east = region
    lat0 = rng.uniform(south, north, n)
    lon0 = rng.uniform(west, east, n)
    speed = np.where(rng.random(n) < 0.1, 0.0, rng.uniform(2.0, 20.0, n)) * KNOT
    heading = rng.uniform(0, 2 * np.pi, n)
    every = np.full(n, interval_s) if interval_s else rng.uniform(60.0, 600.0, n)
    phase = rng.uniform(0, 1, n) * every
    steps = np.floor((b.end - b.start - phase) / every).astype(np.int64) + 1
    steps = np.maximum(steps, 1)
    vessel = np.repeat(np.arange(n), steps)
    k = np.arange(vessel.size) - np.repeat(np.cumsum(steps) - steps, steps)
    t = np.round(b.start + phase[vessel] + k * every[vessel])
    dt = t - b.start
    kx = 111_319.49 * np.cos(np.radians(lat0))
    b.cols["mmsi"].append(BACKGROUND_BASE_MMSI + vessel.astype(np.int64))
    b.cols["t"].append(t)
    lat = lat0[vessel] + (speed * np.cos(heading))[vessel] * dt / 110_574.0
    lon = lon0[vessel] + (speed * np.sin(heading))[vessel] * dt / kx[vessel]
    # Vessels turn back at the edges of the region, so its traffic stays in it.
    b.cols["lat"].append(_bounce(lat, south, north))
    b.cols["lon"].append(_bounce(lon, west, east))
    b.cols["sog"].append(np.round(speed / KNOT, 1)[vessel])
    b.cols["cog"].append(np.round(np.degrees(heading) % 360, 1)[vessel])


def _bounce(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Positions on a line folded back and forth into ``[lo, hi]`` (a triangle wave).

    >>> _bounce(np.array([0.5, 1.5, 2.5]), 0.0, 1.0).tolist()
    [0.5, 0.5, 0.5]
    """
    width = hi - lo
    u = np.mod(x - lo, 2.0 * width)
    return np.asarray(lo + np.where(u <= width, u, 2.0 * width - u))


def synthesize(
    *,
    vessels: int,
    hours: float,
    seed: int,
    start: float = DEFAULT_START,
    region: tuple[float, float, float, float] = DEFAULT_REGION,
    interval_s: float | None = None,
    planted: int | None = None,
    garbage: bool = True,
) -> Scenario:
    """A scenario: ``vessels`` background vessels for ``hours`` hours, planted events,
    garbage. ``interval_s`` fixes every background vessel's reporting interval (else each
    reports every 1-10 minutes); ``planted`` sets how many events of each kind (default
    scales with the traffic, at least 2)."""
    if vessels < 0:
        raise InvalidInput.field("vessels", "must not be negative")
    per_kind = planted if planted is not None else max(2, vessels // 500)
    if not 0 < hours <= 24 * 31:
        raise InvalidInput.field("hours", "must be more than 0 and at most 744")
    if per_kind and hours < 12:
        raise InvalidInput.field("hours", "must be at least 12 when events are planted")
    if per_kind < 0:
        raise InvalidInput.field("planted", "must not be negative")
    b = _Builder(seed, start, hours)
    for _ in range(per_kind):
        _pass(b, "fast_pass", (20.0, 30.0), (20.0, 400.0), (180.0, 300.0), "event")
        _pass(b, "slow_pass", (3.0, 8.0), (50.0, 450.0), (60.0, 180.0), "event")
        _pass(b, "near_miss", (10.0, 20.0), (520.0, 700.0), (60.0, 240.0), "none")
        _pass(
            b, "gap_pass", (8.0, 14.0), (100.0, 100.0), (60.0, 120.0), "none", silent_s=2 * 3600.0
        )
        _gap_bridge(b)
        _rendezvous(b)
        _gap(b, 13.0 if hours >= 20 else 7.0, "switch_off" if hours >= 20 else "gap")
        _gap(b, 7.0, "gap")
        _loitering(b)
    _background(b, vessels, region, interval_s)
    cols = {k: np.concatenate(v) if v else np.zeros(0) for k, v in b.cols.items()}
    n = cols["t"].size
    order = b.rng.permutation(n) if garbage else np.lexsort((cols["t"], cols["mmsi"]))
    positions = pa.table(
        {
            "mmsi": pa.array(cols["mmsi"][order].astype(np.int64)),
            "timestamp": timestamps(cols["t"][order]),
            "lat": pa.array(cols["lat"][order]),
            "lon": pa.array(cols["lon"][order]),
            "sog": pa.array(cols["sog"][order].astype(np.float32)),
            "cog": pa.array(cols["cog"][order].astype(np.float32)),
        }
    )
    bad: list[tuple[str, list[str]]] = []
    duplicates = jumps = 0
    if garbage and n:
        positions, duplicates, jumps = _add_typed_garbage(positions, b.rng)
        bad = _text_garbage(b.rng, start)
    truth = pa.Table.from_pylist([_truth_row(r) for r in b.truth], schema=TRUTH_SCHEMA)
    return Scenario(positions, truth, bad, duplicates, jumps)


def _truth_row(r: dict[str, object]) -> dict[str, object]:
    out = dict(r)
    for key in ("start", "end", "cpa_time"):
        value = out.get(key)
        out[key] = None if value is None else round(float(value) * 1000)  # type: ignore[arg-type]
    out.setdefault("note", "")
    out.setdefault("cpa_distance_m", None)
    return out


def _add_typed_garbage(positions: pa.Table, rng: np.random.Generator) -> tuple[pa.Table, int, int]:
    """Exact duplicates (1 %) and impossible jumps (one row in 5,000, moved 2 degrees)."""
    n = positions.num_rows
    dup = rng.choice(n, size=max(1, n // 100), replace=False)
    background = np.flatnonzero(positions.column("mmsi").to_numpy() < PLANTED_BASE_MMSI)
    jump_rows = rng.choice(background, size=min(background.size, max(1, n // 5000)), replace=False)
    moved = positions.take(pa.array(jump_rows))
    lat = moved.column("lat").to_numpy() + 2.0
    moved = moved.set_column(moved.column_names.index("lat"), "lat", pa.array(lat))
    # A jump is an extra report 1 s after a real one, 2 degrees away.
    ts = moved.column("timestamp").cast(pa.int64()).to_numpy() + 1000
    moved = moved.set_column(1, "timestamp", pa.array(ts).cast(pa.timestamp("ms", "UTC")))
    out = pa.concat_tables([positions, positions.take(pa.array(dup)), moved])
    shuffle = rng.permutation(out.num_rows)
    return out.take(pa.array(shuffle)), int(dup.size), int(jump_rows.size)


def _text_garbage(rng: np.random.Generator, start: float) -> list[tuple[str, list[str]]]:
    """One or more rows breaking each rule, as CSV fields."""
    ts = iso_times(np.array([start + 3600.0]))[0]
    return [
        ("bad_id", ["not-an-mmsi", ts, "13.0", "115.0", "5.0", "90.0"]),
        ("missing_id", ["", ts, "13.0", "115.0", "5.0", "90.0"]),
        ("bad_timestamp", ["900999999", "yesterday", "13.0", "115.0", "5.0", "90.0"]),
        ("position_not_available", ["900999999", ts, "91", "181", "5.0", "90.0"]),
        ("lat_out_of_range", ["900999999", ts, "95.5", "115.0", "5.0", "90.0"]),
        ("lon_out_of_range", ["900999999", ts, "13.0", "215.0", "5.0", "90.0"]),
        ("bad_sog", ["900999999", ts, "13.0", "115.0", "-3", "90.0"]),
        ("bad_cog", ["900999999", ts, "13.0", "115.0", "5.0", "400"]),
        ("missing_position", ["900999999", ts, "", "115.0", "5.0", "90.0"]),
        ("malformed_row", ["900999999", ts, "13.0"]),
    ]


def write_scenario(scenario: Scenario, out: Path, *, fmt: str = "csv") -> dict[str, Path]:
    """Write ``positions.csv`` (or ``.parquet``), ``truth.csv`` and ``garbage.csv`` (what
    was planted as bad rows and why); returns the paths."""
    if fmt not in ("csv", "parquet"):
        raise InvalidInput.field("format", "must be csv or parquet")
    out.mkdir(parents=True, exist_ok=True)
    paths = {"truth": out / "truth.csv", "garbage": out / "garbage.csv"}
    pos = scenario.positions
    if fmt == "parquet":
        paths["positions"] = out / "positions.parquet"
        pq.write_table(pos, paths["positions"])
    else:
        paths["positions"] = out / "positions.csv"
        ms = pos.column("timestamp").cast(pa.int64()).to_numpy()
        text = pos.set_column(1, "timestamp", pa.array(_iso_seconds(ms / 1000.0)))
        write_csv(text, paths["positions"])
        with paths["positions"].open("a") as fh:
            for _, fields in scenario.garbage:
                fh.write(",".join(fields) + "\n")
    write_csv(text_times(scenario.truth), paths["truth"])
    garbage = pa.table(
        {
            "reason": [r for r, _ in scenario.garbage] + ["duplicate", "impossible_jump"],
            "rows": [1] * len(scenario.garbage) + [scenario.duplicates, scenario.jumps],
            "in_file": ["csv only"] * len(scenario.garbage) + ["both", "both"],
        }
    )
    write_csv(garbage, paths["garbage"])
    return paths


def _iso_seconds(t: np.ndarray) -> list[str]:
    """ISO 8601 UTC to the second (what most AIS exports look like)."""
    secs = np.round(t).astype("datetime64[s]")
    return [s + "Z" for s in np.datetime_as_string(secs, unit="s").tolist()]
