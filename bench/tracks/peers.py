"""The peers cosec is measured against, each on the same input.

- DuckDB: read the Parquet and sort it by vessel and time (the floor: no engine can
  detect anything without at least reading and ordering the reports).
- PostGIS: ``ST_CPAWithin`` over LINESTRINGM segments with an n-D GiST index, after
  projecting to an azimuthal equidistant plane centred on the region.
- pymeos (MEOS): ``nearest_approach_distance`` between the two vessels' sequences, for
  each candidate vessel pair.
- A 10-minute sampled proximity method like Global Fishing Watch's: positions
  interpolated at every 10-minute mark, pairs within the distance at those instants.
"""

from __future__ import annotations

import io
import itertools
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cosec.analytics.kernels.geodesy import local_distances_m
from cosec.analytics.tracks import Tracks


def duckdb_floor(path: Path) -> tuple[float, int]:
    """Seconds to read the Parquet and sort it by vessel and time, into Arrow."""
    con = duckdb.connect()
    t = time.perf_counter()
    table = con.sql(
        f"SELECT * FROM read_parquet('{path}') ORDER BY mmsi, timestamp"
    ).to_arrow_table()
    elapsed = time.perf_counter() - t
    con.close()
    return elapsed, table.num_rows


@dataclass
class PostgisResult:
    load_s: float
    segments_s: float
    index_s: float
    query_s: float
    segments: int
    pairs: int
    nd_query_s: float | None

    @property
    def total_s(self) -> float:
        return self.load_s + self.segments_s + self.index_s + self.query_s


def postgis(
    path: Path,
    *,
    max_distance_m: float,
    max_gap_s: float,
    hours: float | None,
    nd_index: bool = False,
) -> PostgisResult:
    """PostGIS end to end: load positions, build segments, index, CPA self-join."""
    import psycopg
    from tests.support.postgres import PostgresServer

    table = pq.read_table(path, columns=["mmsi", "timestamp", "lat", "lon"])
    t = table.column("timestamp").cast(pa.int64()).to_numpy() / 1000.0
    keep = np.ones(t.size, dtype=bool) if hours is None else t < t.min() + hours * 3600
    mmsi = table.column("mmsi").to_numpy()[keep]
    lat = table.column("lat").to_numpy()[keep]
    lon = table.column("lon").to_numpy()[keep]
    t = t[keep]
    lat0 = float((lat.min() + lat.max()) / 2)
    lon0 = float((lon.min() + lon.max()) / 2)
    server = PostgresServer()
    server.start()
    try:
        server.execute("CREATE EXTENSION postgis")
        with psycopg.connect(
            f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("SET max_parallel_workers_per_gather = 2")
            conn.execute(
                "CREATE UNLOGGED TABLE pos (mmsi bigint, t double precision, lat double precision,"
                " lon double precision)"
            )
            buf = io.StringIO()
            np.savetxt(
                buf,
                np.column_stack([mmsi, t, lat, lon]),
                fmt=["%d", "%.3f", "%.9f", "%.9f"],
                delimiter="\t",
            )
            start = time.perf_counter()
            with conn.cursor() as cur, cur.copy("COPY pos FROM STDIN") as copy:
                copy.write(buf.getvalue())
            load_s = time.perf_counter() - start
            proj = f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"
            conn.execute(
                "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, proj4text)"
                " VALUES (990001, 'cosec', 990001, %s)",
                (proj,),
            )
            start = time.perf_counter()
            conn.execute(
                f"""CREATE UNLOGGED TABLE seg AS
                SELECT mmsi, t AS t0, t2 AS t1, ST_Transform(ST_SetSRID(ST_MakeLine(
                    ST_MakePointM(lon, lat, t), ST_MakePointM(lon2, lat2, t2)), 4326),
                    990001) AS geom
                FROM (SELECT mmsi, lat, lon, t,
                        lead(lat) OVER w AS lat2, lead(lon) OVER w AS lon2, lead(t) OVER w AS t2
                      FROM pos WINDOW w AS (PARTITION BY mmsi ORDER BY t)) s
                WHERE t2 IS NOT NULL AND t2 > t AND t2 - t <= {max_gap_s}"""
            )
            segments_s = time.perf_counter() - start
            start = time.perf_counter()
            conn.execute("CREATE INDEX seg_2d ON seg USING GIST (geom)")
            conn.execute("ANALYZE seg")
            index_s = time.perf_counter() - start
            # A 2-D index and the time overlap as a plain predicate: on this data that is
            # much faster than the n-D index (gist_geometry_ops_nd) over x, y and m.
            start = time.perf_counter()
            row = conn.execute(
                f"""SELECT count(*) FROM seg a JOIN seg b
                    ON a.geom && ST_Expand(b.geom, {max_distance_m})
                    AND a.t0 <= b.t1 AND b.t0 <= a.t1
                    WHERE a.mmsi < b.mmsi AND ST_CPAWithin(a.geom, b.geom, {max_distance_m})"""
            ).fetchone()
            query_s = time.perf_counter() - start
            nd_query_s = None
            if nd_index:
                conn.execute("DROP INDEX seg_2d")
                conn.execute("CREATE INDEX seg_nd ON seg USING GIST (geom gist_geometry_ops_nd)")
                conn.execute("ANALYZE seg")
                start = time.perf_counter()
                conn.execute(
                    f"""SELECT count(*) FROM seg a JOIN seg b
                        ON a.geom &&& ST_Expand(b.geom, {max_distance_m})
                        WHERE a.mmsi < b.mmsi AND ST_CPAWithin(a.geom, b.geom, {max_distance_m})"""
                ).fetchone()
                nd_query_s = time.perf_counter() - start
            n_seg = conn.execute("SELECT count(*) FROM seg").fetchone()
    finally:
        server.destroy()
    assert row is not None
    assert n_seg is not None
    return PostgisResult(
        load_s, segments_s, index_s, query_s, int(n_seg[0]), int(row[0]), nd_query_s
    )


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S.%f+00")


@dataclass
class PymeosResult:
    pairs_timed: int
    build_s: float
    query_s: float
    max_diff_m: float
    worst_pair: tuple[int, int] | None
    worst_meos_m: float

    @property
    def per_pair_s(self) -> float:
        return (self.build_s + self.query_s) / max(self.pairs_timed, 1)


def pymeos_pairs(
    tracks: Tracks,
    pairs: Iterable[tuple[int, int]],
    cosec_min: dict[tuple[int, int], float],
    max_gap_s: float,
) -> PymeosResult:
    """Time MEOS building both vessels' tracks and their nearest approach, per pair.

    A track is a sequence set split where reports are more than ``max_gap_s`` apart, so
    MEOS, like cosec, does not interpolate across gaps.
    """
    import pymeos

    pymeos.pymeos_initialize("UTC")
    starts = np.flatnonzero(np.r_[True, tracks.code[1:] != tracks.code[:-1], True])
    build = 0.0
    query = 0.0
    worst = 0.0
    worst_pair: tuple[int, int] | None = None
    worst_meos = math.nan
    n = 0
    for a, b in pairs:
        t0 = time.perf_counter()
        seqs = []
        for code in (a, b):
            lo, hi = starts[code], starts[code + 1]
            cuts = [
                lo,
                *(lo + 1 + np.flatnonzero(np.diff(tracks.t[lo:hi]) > max_gap_s)).tolist(),
                hi,
            ]
            parts = []
            for c0, c1 in itertools.pairwise(cuts):
                inst = ", ".join(
                    f"POINT({tracks.lon[i]} {tracks.lat[i]})@{_iso(tracks.t[i])}"
                    for i in range(c0, c1)
                )
                parts.append(f"[{inst}]")
            seqs.append(pymeos.TGeogPointSeqSet("{" + ", ".join(parts) + "}"))
        t1 = time.perf_counter()
        d = seqs[0].nearest_approach_distance(seqs[1])
        t2 = time.perf_counter()
        build += t1 - t0
        query += t2 - t1
        n += 1
        ref = cosec_min.get((a, b))
        if ref is not None and abs(ref - d) > worst:
            worst = abs(ref - d)
            worst_pair = (a, b)
            worst_meos = d
    return PymeosResult(n, build, query, worst, worst_pair, worst_meos)


def dense_min_distance(tracks: Tracks, a: int, b: int, around: float) -> float:
    """Smallest separation of two vessels' interpolated tracks sampled every 10 ms over
    the two minutes around ``around`` (great-circle interpolation, WGS84 distances)."""
    from cosec.analytics.kernels.cpa import lat_lon_of, slerp, unit_vector
    from cosec.analytics.kernels.geodesy import local_distance_m

    starts = np.flatnonzero(np.r_[True, tracks.code[1:] != tracks.code[:-1], True])

    def position(code: int, when: float) -> tuple[float, float] | None:
        lo, hi = starts[code], starts[code + 1]
        j = int(np.searchsorted(tracks.t[lo:hi], when)) - 1
        if j < 0 or j >= hi - lo - 1:
            return None
        i = lo + j
        f = (when - tracks.t[i]) / (tracks.t[i + 1] - tracks.t[i])
        p = unit_vector(tracks.lat[i], tracks.lon[i])
        q = unit_vector(tracks.lat[i + 1], tracks.lon[i + 1])
        return lat_lon_of(*slerp(*p, *q, f))

    best = math.inf
    for when in np.arange(around - 60.0, around + 60.0, 0.01):
        pa_, pb_ = position(a, when), position(b, when)
        if pa_ is not None and pb_ is not None:
            best = min(best, local_distance_m(pa_[0], pa_[1], pb_[0], pb_[1]))
    return best


def sampled_pairs(
    tracks: Tracks, *, step_s: float, max_distance_m: float, max_gap_s: float
) -> tuple[float, set[tuple[int, int]]]:
    """Vessel pairs within the distance at 10-minute marks (positions interpolated)."""
    start = time.perf_counter()
    found: set[tuple[int, int]] = set()
    t = tracks.t
    code = tracks.code
    first = math.ceil(t.min() / step_s) * step_s
    marks = np.arange(first, t.max() + 1, step_s)
    same = code[1:] == code[:-1]
    for mark in marks:
        # Each vessel's segment containing the mark (reports no more than max_gap apart).
        i = np.flatnonzero(same & (t[:-1] <= mark) & (t[1:] > mark) & (t[1:] - t[:-1] <= max_gap_s))
        f = (mark - t[i]) / (t[i + 1] - t[i])
        lat = tracks.lat[i] + f * (tracks.lat[i + 1] - tracks.lat[i])
        lon = tracks.lon[i] + f * (tracks.lon[i + 1] - tracks.lon[i])
        cell = max_distance_m / 111_000.0
        gy = np.floor(lat / cell).astype(np.int64)
        gx = np.floor(lon / cell).astype(np.int64)
        key = gy * 10_000_000 + gx
        order = np.argsort(key)
        key_s = key[order]
        # Pairs in the same or a neighbouring cell (each pair once).
        for dy, dx in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):
            other = key_s + dy * 10_000_000 + dx
            lo = np.searchsorted(key_s, other, side="left")
            hi = np.searchsorted(key_s, other, side="right")
            counts = hi - lo
            p = np.repeat(np.arange(key_s.size), counts)
            q = np.repeat(lo, counts) + (
                np.arange(p.size) - np.repeat(np.cumsum(counts) - counts, counts)
            )
            if dy == 0 and dx == 0:
                p, q = p[q > p], q[q > p]
            u, v = order[p], order[q]
            d = local_distances_m(lat[u], lon[u], lat[v], lon[v])
            close = d <= max_distance_m
            a = code[i[u[close]]]
            b = code[i[v[close]]]
            found.update(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist(), strict=True))
    return time.perf_counter() - start, found


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import os
    import platform

    import dask
    import numba

    model = "unknown"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(fh.readline().split()[1])
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gib": round(mem_kb / 2**20),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "duckdb": duckdb.__version__,
        "pyarrow": pa.__version__,
        "dask": dask.__version__,
    }
