"""AIS gaps and suspected deliberate switch-offs, over time partitions.

A partition owns the gaps that *start* in its window. A gap whose next report lies in a
later partition is closed in the reduce: each partition hands over the last report of
every vessel ("tail") and the first ("head"), and a tail meets the head whose ``seq``
follows it. Reports in the reception window before a gap are read through the halo.

Output columns: ``id, start, end, duration_s`` (from the last report before to the first
after), ``lat_start, lon_start, lat_end, lon_end``, ``distance_m`` and
``implied_speed_kn`` (straight line between the two reports), ``shore_distance_m`` at the
start (``inf`` beyond 200 nm), ``reports_before`` (in the reception window),
``switch_off`` (suspected deliberate: long enough, far from shore, good reception before)
and ``confidence``: ``min(1, reports_before / min_reports_before)``, how well the
vessel's reporting before the gap shows that reports were expected.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cosec.analytics.coasts import distance_to_coast_m
from cosec.analytics.events.base import Detector, Partial, Window, column, concat
from cosec.analytics.kernels.gaps import gap_starts, reports_before
from cosec.analytics.kernels.geodesy import KNOT, local_distances_m
from cosec.analytics.params import NM, GapParams, Params
from cosec.analytics.tracks import Tracks, timestamps

SHORE_SEARCH_M = 200 * NM

ENDS = pa.schema(
    [
        ("id", pa.int64()),
        ("seq", pa.int64()),
        ("t", pa.float64()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("reports_before", pa.int64()),
        ("shore_m", pa.float64()),
    ]
)
"""Reports at the ends of a gap (complete gaps: both ends; tails and heads: one)."""


def _ends(tracks: Tracks, at: np.ndarray, before: np.ndarray, shore: np.ndarray) -> pa.Table:
    return pa.table(
        {
            "id": tracks.ids[tracks.code[at]],
            "seq": tracks.seq[at],
            "t": tracks.t[at],
            "lat": tracks.lat[at],
            "lon": tracks.lon[at],
            "reports_before": before,
            "shore_m": shore,
        },
        schema=ENDS,
    )


def _map(tracks: Tracks, params: Params, window: Window, threads: int) -> Partial:
    assert isinstance(params, GapParams)
    x = tracks
    owned = (x.t >= window.t0) & (x.t < window.t1)
    before = reports_before(x.code, x.t, params.reception_window_s)
    start = gap_starts(x.code, x.t, x.seq, params.min_gap_s)
    start = start[owned[start]]
    # Tails: a vessel's last owned report, when the report after it is not in this partition.
    idx = np.flatnonzero(owned)
    last = idx[np.r_[x.code[idx][1:] != x.code[idx][:-1], True]] if idx.size else idx
    nxt_ok = np.zeros(last.size, dtype=bool)
    inside = last + 1 < x.n
    nxt_ok[inside] = (x.code[last[inside] + 1] == x.code[last[inside]]) & (
        x.seq[last[inside] + 1] == x.seq[last[inside]] + 1
    )
    tails = last[~nxt_ok]
    heads = idx[np.r_[True, x.code[idx][1:] != x.code[idx][:-1]]] if idx.size else idx
    shore_at = np.concatenate([start, tails])
    shore = distance_to_coast_m(x.lat[shore_at], x.lon[shore_at], max_distance_m=SHORE_SEARCH_M)
    ns = start.size
    none = np.zeros(heads.size, dtype=np.int64)
    return {
        "gap_from": _ends(x, start, before[start], shore[:ns]),
        "gap_to": _ends(x, start + 1, before[start + 1], np.full(ns, np.nan)),
        "tails": _ends(x, tails, before[tails], shore[ns:]),
        "heads": _ends(x, heads, none, np.full(heads.size, np.nan)),
    }


def gaps_table(a: pa.Table, b: pa.Table, params: GapParams) -> pa.Table:
    """Gap events from matched start (``a``) and end (``b``) reports, row by row."""
    t0, t1 = column(a, "t"), column(b, "t")
    dist = local_distances_m(column(a, "lat"), column(a, "lon"), column(b, "lat"), column(b, "lon"))
    duration = t1 - t0
    before = column(a, "reports_before")
    shore = column(a, "shore_m")
    switch_off = (
        (duration >= params.switch_off_gap_s)
        & (shore > params.switch_off_min_shore_m)
        & (before >= params.min_reports_before)
    )
    need = max(params.min_reports_before, 1)
    table = pa.table(
        {
            "id": a.column("id"),
            "start": timestamps(t0),
            "end": timestamps(t1),
            "duration_s": duration,
            "lat_start": a.column("lat"),
            "lon_start": a.column("lon"),
            "lat_end": b.column("lat"),
            "lon_end": b.column("lon"),
            "distance_m": dist,
            "implied_speed_kn": dist / np.maximum(duration, 1e-9) / KNOT,
            "shore_distance_m": shore,
            "reports_before": before,
            "switch_off": switch_off,
            "confidence": np.minimum(1.0, before / need),
        }
    )
    return table.sort_by([("id", "ascending"), ("start", "ascending")])


def _reduce(parts: list[Partial], params: Params) -> pa.Table:
    assert isinstance(params, GapParams)
    a = concat(parts, "gap_from", ENDS)
    b = concat(parts, "gap_to", ENDS)
    tails = concat(parts, "tails", ENDS)
    heads = concat(parts, "heads", ENDS)
    if tails.num_rows and heads.num_rows:
        # A tail meets the head of the same vessel whose seq follows it.
        tk = (column(tails, "id") << 32) | (column(tails, "seq") + 1)
        hk = (column(heads, "id") << 32) | column(heads, "seq")
        order = np.argsort(hk, kind="stable")
        pos = np.searchsorted(hk[order], tk)
        pos = np.minimum(pos, hk.size - 1)
        found = hk[order][pos] == tk
        ti = np.flatnonzero(found)
        hi = order[pos[found]]
        long_enough = column(heads, "t")[hi] - column(tails, "t")[ti] >= params.min_gap_s
        a = pa.concat_tables([a, tails.take(pa.array(ti[long_enough], pa.int64()))])
        b = pa.concat_tables([b, heads.take(pa.array(hi[long_enough], pa.int64()))])
    return gaps_table(a, b, params)


def _halo_s(params: Params) -> tuple[float, float]:
    assert isinstance(params, GapParams)
    return params.reception_window_s, 0.0


DETECTOR = Detector(
    halo_s=_halo_s, spatial=False, halo_m=lambda _p, _v: 0.0, map=_map, reduce=_reduce
)
