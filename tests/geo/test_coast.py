"""Coasts from Natural Earth: land borders are not coasts, the search misses nothing."""

from __future__ import annotations

import numpy as np
import pytest

from cosec.analytics.coasts import coast_index, distance_to_coast_m, feature_index
from cosec.analytics.kernels.geodesy import local_distance_m
from cosec.analytics.kernels.proximity import _edge_distance
from cosec.errors import InvalidInput
from cosec.geo.coast import coastlines
from cosec.geo.features import find_features, load_features
from cosec.geo.geojson import coastline_geojson

NM = 1852.0


def brute_force(lat: float, lon: float, states: list[str] | None) -> float:
    c = coastlines()
    m = c.select(states)
    best = np.inf
    for a0, o0, a1, o1 in zip(c.lat0[m], c.lon0[m], c.lat1[m], c.lon1[m], strict=True):
        if abs(a0 - lat) > 3 or abs(o0 - lon) > 3:
            continue
        best = min(best, _edge_distance(lat, lon, a0, o0, a1, o1, True)[0])
    return best


def test_known_units_and_codes() -> None:
    codes = coastlines().codes()
    for code in ("PHL", "CHN", "VNM", "TWN", "JPN", "PGA", "SCR"):
        assert code in codes
    with pytest.raises(InvalidInput, match="XXX"):
        coastlines().select(["XXX"])


def test_a_land_border_is_not_a_coast() -> None:
    # On the Laos-Vietnam border, about 100 km from the sea.
    lat, lon = np.array([17.6]), np.array([105.75])
    assert distance_to_coast_m(lat, lon, states=["VNM"], max_distance_m=400_000)[0] > 50_000


def test_the_ring_search_finds_the_nearest_edge() -> None:
    rng = np.random.default_rng(3)
    lat = rng.uniform(5, 20, 40)
    lon = rng.uniform(117, 126, 40)
    got = distance_to_coast_m(lat, lon, states=["PHL"], max_distance_m=150 * NM)
    for la, lo, d in zip(lat, lon, got, strict=True):
        ref = brute_force(la, lo, ["PHL"])
        if ref <= 150 * NM:
            assert abs(d - ref) < 1e-6 * max(ref, 1.0) + 1e-6
        else:
            assert np.isinf(d)


def test_nearest_point_is_at_the_reported_distance() -> None:
    from cosec.analytics.kernels.proximity import distance_to_edges

    lat, lon = np.array([14.6, 10.0]), np.array([120.5, 119.0])
    d, nl, no = distance_to_edges(lat, lon, coast_index(["PHL"]), 200 * NM)
    for i in range(2):
        assert abs(local_distance_m(lat[i], lon[i], nl[i], no[i]) - d[i]) < 0.01 * d[i] + 1


def test_the_world_shore_includes_every_unit() -> None:
    point = (np.array([15.15]), np.array([117.76]))  # Scarborough Shoal
    assert distance_to_coast_m(*point)[0] < 2_000
    assert distance_to_coast_m(*point, states=["PHL"], max_distance_m=400_000)[0] > 150_000


def test_features_file() -> None:
    features = load_features()
    assert len(features) == 12
    assert all(f.version == 1 and f.precision_deg == 0.05 for f in features.values())
    (f,) = find_features(["Mischief Reef"])
    assert (f.lat, f.lon) == (9.90, 115.53)
    with pytest.raises(InvalidInput, match="unknown feature"):
        find_features(["Atlantis"])
    idx = feature_index([f])
    from cosec.analytics.kernels.proximity import distance_to_edges

    d, _, _ = distance_to_edges(np.array([9.90]), np.array([115.63]), idx, 50_000)
    assert 10_900 < d[0] < 11_000


def test_coastline_geojson_for_a_map() -> None:
    fc = coastline_geojson(bbox=(116.0, 4.0, 127.0, 22.0), states=["PHL", "SCR"])
    names = {f["properties"]["a3"] for f in fc["features"]}
    assert names == {"PHL", "SCR"}
    geom = next(f["geometry"] for f in fc["features"] if f["properties"]["a3"] == "PHL")
    assert geom["type"] in ("Polygon", "MultiPolygon")
