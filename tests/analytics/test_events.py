"""Event definitions on small hand-made tracks: thresholds, merging, confidence."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from cosec.analytics.io.events import write_events
from cosec.analytics.io.schema import Kind
from cosec.analytics.io.validate import CLEAN_SCHEMA
from cosec.analytics.kernels.geodesy import KNOT
from cosec.analytics.params import params_for
from cosec.analytics.service import run_analysis, summary
from cosec.analytics.tracks import Tracks, tracks_from_clean
from cosec.errors import InvalidInput

T0 = 1_704_067_200.0
OPEN_SEA = (13.2, 114.6)  # more than 100 nm from any coast
M_PER_DEG_LAT = 110_600.0


def make_tracks(
    rows: list[tuple[int, float, float, float]], kind: Kind = "ais", sog=None
) -> Tracks:
    ids, t, lat, lon = (list(c) for c in zip(*rows, strict=True))
    n = len(rows)
    clean = pa.table(
        {
            "id": ids,
            "t": t,
            "lat": lat,
            "lon": lon,
            "sog": sog if sog is not None else [math.nan] * n,
            "cog": [math.nan] * n,
            "alt": [math.nan if kind == "adsb" else 0.0] * n,
            "_row": list(range(n)),
        },
        schema=CLEAN_SCHEMA,
    )
    tracks, _ = tracks_from_clean(clean, kind=kind)
    return tracks


def moving(mmsi: int, t0: float, t1: float, every: float, lat: float, lon: float, north_kn: float):
    times = np.arange(t0, t1 + 0.1, every)
    return [(mmsi, float(t), lat + north_kn * KNOT * (t - t0) / M_PER_DEG_LAT, lon) for t in times]


def test_rendezvous_merges_close_episodes_and_needs_two_hours() -> None:
    lat, lon = OPEN_SEA
    a = moving(1, T0, T0 + 3 * 3600, 300, lat, lon, 0.5)
    # b stays 200 m east, but is silent (and so not within) for 2 h in the middle.
    b = [
        (2, t, la, lo + 200 / 107_900)
        for (_, t, la, lo) in a
        if not (T0 + 3600 < t < T0 + 3 * 3600 - 1800)
    ]
    short = moving(3, T0, T0 + 3600, 300, lat + 0.2, lon, 0.5)
    short_b = [(4, t, la, lo + 100 / 107_900) for (_, t, la, lo) in short]
    tracks = make_tracks(a + b + short + short_b)
    table = run_analysis(tracks, "rendezvous").to_pylist()
    assert [(r["id_a"], r["id_b"]) for r in table] == [(1, 2)]
    (r,) = table
    assert r["parts"] == 2
    assert r["duration_s"] == pytest.approx(3 * 3600, abs=1)
    assert r["within_s"] < r["duration_s"]
    assert r["median_speed_a_kn"] == pytest.approx(0.5, rel=1e-3)
    assert math.isnan(r["anchorage_distance_m"])
    assert 0 < r["confidence"] < 1
    # With an anchorage nearby it is not a rendezvous.
    near = run_analysis(tracks, "rendezvous", {"anchorages": [(lat, lon)]})
    assert near.num_rows == 0
    far = run_analysis(tracks, "rendezvous", {"anchorages": [(lat + 1, lon)]}).to_pylist()
    assert far[0]["anchorage_distance_m"] > 10_000


def test_anchorages_are_derived_from_stopped_vessels() -> None:
    lat, lon = OPEN_SEA
    rows, sog = [], []
    for v in range(25):
        rows += [(100 + v, T0 + k * 600.0, lat + 0.0001 * v, lon) for k in range(30)]
        sog += [0.1] * 30
    rows += [(1, T0 + k * 600.0, lat + 0.001, lon + 0.001) for k in range(30)]
    rows += [(2, T0 + k * 600.0, lat + 0.001, lon + 0.0025) for k in range(30)]
    sog += [1.0] * 60
    tracks = make_tracks(rows, sog=sog)
    table = run_analysis(tracks, "rendezvous").to_pylist()
    assert not any(r["id_a"] == 1 and r["id_b"] == 2 for r in table)
    fewer = run_analysis(tracks, "rendezvous", {"anchorage_min_vessels": 30}).to_pylist()
    assert any(r["id_a"] == 1 and r["id_b"] == 2 for r in fewer)


def test_gaps_and_switch_offs() -> None:
    lat, lon = OPEN_SEA
    rows = [(1, T0 + k * 300.0, lat, lon) for k in range(150)]  # 12.5 h of reports
    rows += [(1, T0 + 150 * 300.0 + 13 * 3600, lat, lon)]  # after 13 h of silence
    rows += [(2, T0 + k * 3600.0, lat, lon + 1) for k in range(3)]  # sparse reporter
    rows += [(2, T0 + 2 * 3600.0 + 14 * 3600, lat, lon + 1)]
    table = run_analysis(make_tracks(rows), "gaps").to_pylist()
    assert [(r["id"], r["switch_off"]) for r in table] == [(1, True), (2, False)]
    assert table[0]["duration_s"] == pytest.approx(13 * 3600 + 300)
    assert table[0]["reports_before"] == 145  # reports in the 12 h before, the last included
    assert table[0]["shore_distance_m"] > 50 * 1852
    assert table[1]["confidence"] == pytest.approx(3 / 14)


def test_loitering_needs_slow_speed_far_from_shore_for_an_hour() -> None:
    lat, lon = OPEN_SEA
    slow = moving(1, T0, T0 + 2 * 3600, 300, lat, lon, 1.0)
    fast = moving(2, T0, T0 + 2 * 3600, 300, lat + 0.5, lon, 5.0)
    brief = moving(3, T0, T0 + 1800, 300, lat - 0.5, lon, 1.0)
    near_shore = moving(4, T0, T0 + 2 * 3600, 300, 14.45, 120.45, 0.5)  # off Bataan
    table = run_analysis(make_tracks(slow + fast + brief + near_shore), "loitering").to_pylist()
    assert [r["id"] for r in table] == [1]
    assert table[0]["mean_speed_kn"] == pytest.approx(1.0, rel=1e-3)
    assert table[0]["duration_s"] == 2 * 3600
    assert table[0]["confidence"] == 1.0


def test_near_coast_of_a_state_and_of_a_feature() -> None:
    # Sailing east towards Luzon along 14.6 N: within 12 nm of the coast near 120.1 E.
    track = [(7, T0 + k * 600.0, 14.6, 119.3 + 0.02 * k) for k in range(40)]
    table = run_analysis(make_tracks(track), "near-coast", {"states": ["PHL"]}).to_pylist()
    assert len(table) == 1
    r = table[0]
    assert r["target"] == "PHL"
    assert r["min_distance_m"] < 12 * 1852
    assert r["start"] < r["closest_time"] <= r["end"]
    none = run_analysis(make_tracks(track), "near-coast", {"states": ["VNM"]})
    assert none.num_rows == 0
    passing = [(8, T0 + k * 600.0, 15.0 + 0.02 * k, 117.76) for k in range(16)]
    feat = run_analysis(
        make_tracks(passing), "near-coast", {"features": ["Scarborough Shoal"], "within_m": 5000}
    ).to_pylist()
    assert [r["target"] for r in feat] == ["feature:scarborough-shoal"]
    assert feat[0]["min_distance_m"] < 1000


def test_aircraft_ids_come_back_as_icao_hex() -> None:
    rows = [(0x4840D6, T0, 50.0, 4.0), (0x4840D6, T0 + 60, 50.0, 4.01)]
    rows += [(0xABCDEF, T0, 50.0005, 4.0), (0xABCDEF, T0 + 60, 50.0005, 4.01)]
    table = run_analysis(make_tracks(rows, kind="adsb"), "encounters", {"max_distance_m": 152})
    assert table.column("id_a").to_pylist() == ["4840d6"]
    assert table.column("id_b").to_pylist() == ["abcdef"]


def test_bad_parameters_name_the_field() -> None:
    with pytest.raises(InvalidInput, match="max_distance_m: must be positive"):
        params_for("encounters", {"max_distance_m": 0})
    with pytest.raises(InvalidInput, match="unknown parameter"):
        params_for("encounters", {"distance": 5})
    with pytest.raises(InvalidInput, match="name a state or a feature"):
        params_for("near-coast", {})
    with pytest.raises(InvalidInput, match="kind"):
        run_analysis(make_tracks([(1, T0, 0.0, 0.0)]), "collisions")
    with pytest.raises(InvalidInput, match="unknown state code"):
        run_analysis(make_tracks([(1, T0, 0.0, 0.0)]), "near-coast", {"states": ["ZZZ"]})


def test_event_files_in_three_formats(tmp_path: Path) -> None:
    lat, lon = OPEN_SEA
    a = moving(1, T0, T0 + 3600, 60, lat, lon, 10.0)
    b = [(2, t, la, lo + 100 / 107_900) for (_, t, la, lo) in a]
    table = run_analysis(make_tracks(a + b), "encounters")
    write_events(table, tmp_path / "e.csv")
    write_events(table, tmp_path / "e.parquet")
    write_events(table, tmp_path / "e.geojson")
    header = (tmp_path / "e.csv").read_text().splitlines()[0]
    assert header.startswith("id_a,id_b,start,end,cpa_time,cpa_distance_m,lat,lon,")
    first = (tmp_path / "e.csv").read_text().splitlines()[1].split(",")
    assert first[:3] == ["1", "2", "2024-01-01T00:00:00.000Z"]
    assert pacsv.read_csv(tmp_path / "e.csv").num_rows == table.num_rows
    back = pq.read_table(tmp_path / "e.parquet")
    assert summary(back)["params"]["max_distance_m"] == 500.0
    fc = json.loads((tmp_path / "e.geojson").read_text())
    assert fc["features"][0]["geometry"]["type"] == "Point"
    assert fc["features"][0]["properties"]["id_a"] == 1
    with pytest.raises(InvalidInput, match="out"):
        write_events(table, tmp_path / "e.xlsx")
