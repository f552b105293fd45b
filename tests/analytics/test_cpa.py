"""The CPA kernel against MEOS (pymeos) and against dense sampling."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cosec.analytics.kernels.cpa import lat_lon_of, segment_pair_approach, slerp, unit_vector
from cosec.analytics.kernels.geodesy import local_distance_m

pymeos = pytest.importorskip("pymeos")


@pytest.fixture(scope="module", autouse=True)
def meos() -> None:
    pymeos.pymeos_initialize("UTC")


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%S.%f+00")


def _seq(points: list[tuple[float, float, float]]) -> pymeos.TGeogPointSeq:
    inst = ", ".join(f"POINT({lon} {lat})@{_iso(t)}" for t, lat, lon in points)
    return pymeos.TGeogPointSeq(f"[{inst}]")


def random_pair(rng: np.random.Generator) -> tuple[list[float], list[float]]:
    """Two 10-minute segments (ships at up to 30 kn) that pass within ~5 km."""
    lat = rng.uniform(-60, 60)
    lon = rng.uniform(-179, 179)
    t0 = 1.7e9 + rng.uniform(0, 1e5)
    out = []
    for _ in range(2):
        speed = rng.uniform(0, 30) * 1852 / 3600
        heading = rng.uniform(0, 2 * math.pi)
        dx, dy = speed * 600 * math.sin(heading), speed * 600 * math.cos(heading)
        la = lat + rng.uniform(-0.03, 0.03)
        lo = lon + rng.uniform(-0.03, 0.03) / math.cos(math.radians(lat))
        la1 = la + dy / 110_900
        lo1 = lo + dx / (111_320 * math.cos(math.radians(la)))
        out.append([t0, la, lo, 0.0, t0 + 600.0, la1, lo1, 0.0])
    return out[0], out[1]


def test_cpa_distance_matches_meos_within_one_metre() -> None:
    rng = np.random.default_rng(11)
    worst = 0.0
    checked = 0
    for _ in range(300):
        a, b = random_pair(rng)
        hit, *_rest, d_cpa, _lat, _lon = segment_pair_approach(*a, *b, 1e9)
        assert hit
        ref = _seq([(a[0], a[1], a[2]), (a[4], a[5], a[6])]).nearest_approach_distance(
            _seq([(b[0], b[1], b[2]), (b[4], b[5], b[6])])
        )
        if ref > 10_000:
            continue
        worst = max(worst, abs(d_cpa - ref))
        checked += 1
    assert checked > 100
    assert worst < 1.0


def test_point_distance_matches_meos_to_a_centimetre_at_ten_km() -> None:
    rng = np.random.default_rng(5)
    for _ in range(100):
        lat, lon = rng.uniform(-70, 70), rng.uniform(-180, 180)
        bearing = rng.uniform(0, 2 * math.pi)
        lat2 = lat + 10_000 * math.cos(bearing) / 110_900
        lon2 = lon + 10_000 * math.sin(bearing) / (111_320 * math.cos(math.radians(lat)))
        t = 1.7e9
        ref = _seq([(t, lat, lon)]).nearest_approach_distance(_seq([(t, lat2, lon2)]))
        assert abs(local_distance_m(lat, lon, lat2, lon2) - ref) < 0.02


def along(seg: list[float], f: float) -> tuple[float, float]:
    """Where a segment is a fraction ``f`` of the way, along its great circle."""
    p = unit_vector(seg[1], seg[2])
    q = unit_vector(seg[5], seg[6])
    return lat_lon_of(*slerp(*p, *q, f))


@settings(max_examples=200, deadline=None)
@given(
    lat=st.floats(-70, 70),
    lon=st.floats(-179.9, 179.9),
    offsets=st.lists(st.floats(-0.02, 0.02), min_size=8, max_size=8),
    d=st.floats(10, 3000),
)
def test_cpa_and_interval_agree_with_dense_sampling(lat, lon, offsets, d) -> None:
    a = [
        0.0,
        lat + offsets[0],
        lon + offsets[1],
        0.0,
        600.0,
        lat + offsets[2],
        lon + offsets[3],
        0.0,
    ]
    b = [
        0.0,
        lat + offsets[4],
        lon + offsets[5],
        0.0,
        600.0,
        lat + offsets[6],
        lon + offsets[7],
        0.0,
    ]
    hit, t_in, t_out, t_cpa, d_cpa, _, _ = segment_pair_approach(*a, *b, d)
    s = np.linspace(0.0, 1.0, 6001)
    dist = np.array([local_distance_m(*along(a, f), *along(b, f)) for f in s])
    tol = 0.05 + 1e-4 * dist.min()
    # Nothing sampled is closer than the CPA, and the CPA is as close as the best sample.
    assert dist.min() >= (d_cpa if hit else d) - tol
    if hit:
        assert d_cpa <= dist.min() + 1e-3 * (1 + dist.min())
        inside = s * 600.0
        within = dist <= d - tol - 0.5
        assert np.all((inside[within] >= t_in - 0.2) & (inside[within] <= t_out + 0.2))
        assert t_in - 1e-6 <= t_cpa <= t_out + 1e-6
    else:
        assert dist.min() > d - tol


def test_a_pair_that_never_overlaps_in_time_is_no_hit() -> None:
    a = [0.0, 0.0, 0.0, 0.0, 60.0, 0.0, 0.0, 0.0]
    b = [61.0, 0.0, 0.0, 0.0, 120.0, 0.0, 0.0, 0.0]
    assert segment_pair_approach(*a, *b, 100.0)[0] is False


def test_the_antimeridian_is_no_border() -> None:
    a = [0.0, 10.0, 179.999, 0.0, 600.0, 10.0, -179.999, 0.0]
    b = [0.0, 10.0005, -179.999, 0.0, 600.0, 10.0005, 179.999, 0.0]
    hit, _, _, t_cpa, d_cpa, _, lon = segment_pair_approach(*a, *b, 500.0)
    assert hit
    assert math.isclose(t_cpa, 300.0, abs_tol=1e-6)
    assert math.isclose(d_cpa, 0.0005 * 110_600, rel_tol=1e-2)
    assert abs(abs(lon) - 180.0) < 1e-6


def test_altitude_counts_for_aircraft() -> None:
    a = [0.0, 0.0, 0.0, 1000.0, 60.0, 0.0, 0.01, 1000.0]
    b = [0.0, 0.0, 0.01, 1100.0, 60.0, 0.0, 0.0, 1100.0]
    hit, *_rest, d_cpa, _, _ = segment_pair_approach(*a, *b, 500.0)
    assert hit
    assert math.isclose(d_cpa, 100.0, abs_tol=1e-6)
