"""Time within a distance of fixed edges, against dense sampling."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cosec.analytics.kernels.geodesy import local_distance_m
from cosec.analytics.kernels.proximity import (
    _edge_distance,
    build_edge_index,
    distance_to_edges,
    segment_time_within,
)


@settings(max_examples=150, deadline=None)
@given(
    lat=st.floats(-60, 60),
    lon=st.floats(-179.5, 179.5),
    edge=st.lists(st.floats(-0.05, 0.05), min_size=4, max_size=4),
    track=st.lists(st.floats(-0.08, 0.08), min_size=4, max_size=4),
    d=st.floats(100, 5000),
)
def test_time_within_agrees_with_dense_sampling(lat, lon, edge, track, d) -> None:
    e_lat0, e_lon0 = lat + edge[0], lon + edge[1]
    e_lat1, e_lon1 = lat + edge[2], lon + edge[3]
    idx = build_edge_index(
        np.array([e_lat0]),
        np.array([e_lon0]),
        np.array([e_lat1]),
        np.array([e_lon1]),
        cell_deg=0.25,
    )
    t = np.array([0.0, 1000.0])
    tlat = np.array([lat + track[0], lat + track[1]])
    tlon = np.array([lon + track[2], lon + track[3]])
    got = segment_time_within(t, tlat, tlon, np.array([0]), idx, d)
    s = np.linspace(0, 1, 4001)
    dist = np.array(
        [
            _edge_distance(
                tlat[0] + f * (tlat[1] - tlat[0]),
                tlon[0] + f * (tlon[1] - tlon[0]),
                e_lat0,
                e_lon0,
                e_lat1,
                e_lon1,
                True,
            )[0]
            for f in s
        ]
    )
    step = max(np.abs(np.diff(dist)).max(), 0.0)  # sampling resolution
    tol = 2e-3 * d + 1.0 + step  # and the frames differ by second-order terms
    inside = dist <= d - tol
    outside = dist > d + tol
    if got.seg.size == 0:
        assert not inside.any()
        return
    assert got.seg.size == 1  # one edge: the set is one interval
    times = s * 1000.0
    in_interval = (times >= got.t_enter[0] - 1.0) & (times <= got.t_exit[0] + 1.0)
    assert np.all(in_interval[inside])
    assert not np.any(outside & (times > got.t_enter[0] + 1.0) & (times < got.t_exit[0] - 1.0))
    assert abs(got.min_distance_m[0] - dist.min()) <= tol


def test_distance_to_a_point_feature() -> None:
    idx = build_edge_index(np.array([10.0]), np.array([114.0]), np.array([10.0]), np.array([114.0]))
    lat = np.array([10.1, 12.0])
    lon = np.array([114.0, 114.0])
    d, near_lat, near_lon = distance_to_edges(lat, lon, idx, 50_000.0)
    assert abs(d[0] - local_distance_m(10.1, 114.0, 10.0, 114.0)) < 1e-6
    assert (near_lat[0], near_lon[0]) == (10.0, 114.0)
    assert np.isinf(d[1])
    assert np.isnan(near_lat[1])
