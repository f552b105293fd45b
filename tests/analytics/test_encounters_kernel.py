"""The bucketed encounter search finds exactly what an all-pairs search finds."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cosec.analytics.kernels.cpa import segment_pairs_approach
from cosec.analytics.kernels.encounters import (
    Hits,
    encounter_episodes,
    encounter_hits,
)
from cosec.analytics.kernels.segments import index_segments, slab_chunks, track_segments


def brute_force_hits(code, t, lat, lon, alt, seq, brk, max_gap_s, d):
    """Every pair of segments of different vessels, no buckets at all."""
    seg = track_segments(code, t, seq, brk, max_gap_s)
    a, b = np.meshgrid(seg, seg, indexing="ij")
    a = a.ravel()
    b = b.ravel()
    keep = code[a] < code[b]
    a, b = a[keep], b[keep]
    r = segment_pairs_approach(t, lat, lon, alt, a, b, d)
    hit = r[0]
    return Hits(a[hit], b[hit], *(x[hit] for x in r[1:]))


def engine_hits(code, t, lat, lon, alt, seq, brk, max_gap_s, d, cell_m=None, chunks=1):
    idx = index_segments(
        code, t, lat, lon, seq, brk, max_gap_s=max_gap_s, max_distance_m=d, cell_m=cell_m
    )
    parts = [
        encounter_hits(idx, t, lat, lon, alt, d, lo, hi) for lo, hi in slab_chunks(idx, chunks)
    ]
    return Hits.concat(parts)


def episode_rows(ep):
    return sorted(
        zip(
            ep.code_a.tolist(),
            ep.code_b.tolist(),
            ep.start.tolist(),
            ep.end.tolist(),
            ep.cpa_time.tolist(),
            ep.cpa_distance_m.tolist(),
            strict=True,
        )
    )


@st.composite
def track_sets(draw):
    """A few vessels moving in a small box, sometimes across the antimeridian or far north."""
    n_vessels = draw(st.integers(2, 6))
    lat0 = draw(st.sampled_from([0.0, 15.0, 62.0, -40.0]))
    lon0 = draw(st.sampled_from([112.0, 179.98, -0.01]))
    span = draw(st.sampled_from([0.01, 0.05, 0.2]))
    codes, times, lats, lons, brks = [], [], [], [], []
    for v in range(n_vessels):
        n = draw(st.integers(1, 12))
        steps = draw(st.lists(st.integers(1, 2400), min_size=n, max_size=n))
        tv = np.cumsum(np.array(steps, dtype=float)) + draw(st.integers(0, 1800))
        la = lat0 + np.array(draw(st.lists(st.floats(0, span), min_size=n, max_size=n)))
        lo = lon0 + np.array(draw(st.lists(st.floats(0, span), min_size=n, max_size=n)))
        lo = (lo + 180.0) % 360.0 - 180.0
        br = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))) & (
            np.arange(n) % 4 == 3
        )
        codes.append(np.full(n, v, dtype=np.int32))
        times.append(tv)
        lats.append(la)
        lons.append(lo)
        brks.append(br)
    code = np.concatenate(codes)
    seq = np.concatenate([np.arange(len(c)) for c in codes])
    return (
        code,
        np.concatenate(times),
        np.concatenate(lats),
        np.concatenate(lons),
        np.zeros(code.size),
        seq,
        np.concatenate(brks),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=track_sets(),
    d=st.sampled_from([30.0, 500.0, 3000.0]),
    max_gap=st.sampled_from([600.0, 3600.0]),
    cell_m=st.sampled_from([None, 200.0, 50_000.0]),
    chunks=st.integers(1, 3),
)
def test_bucketed_search_equals_all_pairs(data, d, max_gap, cell_m, chunks):
    code, t, lat, lon, alt, seq, brk = data
    ref = brute_force_hits(code, t, lat, lon, alt, seq, brk, max_gap, d)
    got = engine_hits(code, t, lat, lon, alt, seq, brk, max_gap, d, cell_m=cell_m, chunks=chunks)
    ref_ep = episode_rows(encounter_episodes(ref, code, t, lat, lon))
    got_ep = episode_rows(encounter_episodes(got, code, t, lat, lon))
    assert got_ep == ref_ep


def test_each_pair_of_segments_is_reported_once():
    rng = np.random.default_rng(7)
    n_v, n = 40, 30
    code = np.repeat(np.arange(n_v, dtype=np.int32), n)
    t = np.tile(np.arange(n) * 120.0, n_v) + np.repeat(rng.uniform(0, 100, n_v), n)
    lat = 10 + np.cumsum(rng.normal(0, 0.002, n_v * n))
    lon = 110 + np.cumsum(rng.normal(0, 0.002, n_v * n))
    seq = np.tile(np.arange(n), n_v)
    brk = np.zeros(code.size, dtype=bool)
    got = engine_hits(
        code, t, lat, lon, np.zeros(code.size), seq, brk, 3600.0, 2000.0, cell_m=300.0
    )
    pairs = set(zip(got.seg_a.tolist(), got.seg_b.tolist(), strict=True))
    assert len(pairs) == got.seg_a.size > 0


def test_a_pass_between_reports_is_found_and_its_cpa_is_exact():
    # Two ships on crossing courses at 25 kn, reporting every 4 minutes; they pass 100 m
    # apart two minutes after a report: at every report they are kilometres apart.
    kn = 1852.0 / 3600.0
    times = np.arange(0.0, 2401.0, 240.0)
    m_per_deg = 110_574.0
    # A runs north along lon 0; B runs east along lat 0.001 deg (~110 m north of A's track
    # crossing point is offset so the minimum is about 100 m).
    lat_a = (times - 1320.0) * 25 * kn / m_per_deg
    lon_a = np.zeros_like(times)
    lon_b = (times - 1320.0) * 25 * kn / 111_319.5
    lat_b = np.full_like(times, 0.0)
    code = np.repeat(np.array([0, 1], dtype=np.int32), times.size)
    t = np.concatenate([times, times])
    lat = np.concatenate([lat_a, lat_b + 0.0])
    lon = np.concatenate([lon_a, lon_b]) + 0.0
    # Offset B by 100 m along A's track direction perpendicular... shift B east by 100 m.
    lon[times.size :] += 100.0 / 111_319.5
    seq = np.concatenate([np.arange(times.size)] * 2)
    brk = np.zeros(t.size, dtype=bool)
    d = 500.0
    hits = engine_hits(code, t, lat, lon, np.zeros(t.size), seq, brk, 3600.0, d)
    ep = encounter_episodes(hits, code, t, lat, lon)
    assert ep.code_a.size == 1
    # Relative motion: B - A = (100 m + v t, -v t); min |.| = 100/sqrt(2) at t = -50/v.
    v = 25 * kn
    assert math.isclose(ep.cpa_distance_m[0], 100.0 / math.sqrt(2.0), abs_tol=0.05)
    assert math.isclose(ep.cpa_time[0], 1320.0 - 50.0 / v, abs_tol=0.05)
    sampled = np.hypot((lon_b - lon_a) * 111_319.5 + 100.0, (lat_b - lat_a) * m_per_deg)
    assert sampled.min() > d
