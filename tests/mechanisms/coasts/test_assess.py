"""`cosec coasts assess POSITIONS --vessels VESSELS.csv`: presence episodes measured on
positions and Natural Earth coasts, one per unit, coast and unbroken stay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from cosec.cli.main import app
from cosec.kit import at
from cosec.mechanisms.coasts.demo import HAINAN, YONAGUNI, track, with_gap
from cosec.plugin.tracks import distance_to_coast_m

KEYS = ["member", "coastal_state", "mmsi", "start", "end", "duration_h", "min_distance_nm"]
VESSELS = (
    "mmsi,member,kind,name\n"
    "412000001,CHN,navy,Destroyer A\n"
    "412000002,,coast_guard,Cutter B\n"  # member from the MMSI: CHN
    "369000001,USA,navy,Destroyer C\n"
)


def _csv(rows: list[dict[str, Any]]) -> str:
    lines = ["mmsi,timestamp,lat,lon,sog"]
    lines += [f"{r['mmsi']},{r['timestamp']},{r['lat']},{r['lon']},{r['sog']}" for r in rows]
    return "\n".join(lines) + "\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    d = at("2026-05-13 00:00")
    rows = [
        # Yonaguni, a reporting gap of 95 minutes: two stays.
        *with_gap(track(412000001, d, YONAGUNI, speed_kn=10), after=20, minutes=90),
        # The same pass a day later with a gap of exactly 60 minutes: one stay.
        *with_gap(track(412000002, at("2026-05-14 00:00"), YONAGUNI, speed_kn=10), 20, 55),
        # A Chinese ship along China's own coast, and an unlisted ship along Japan's.
        *track(412000001, at("2026-05-15 00:00"), HAINAN, speed_kn=12),
        *track(412999999, d, YONAGUNI, speed_kn=10),
        # A United States ship along Hainan: one stay along China's coast.
        *track(369000001, at("2026-05-16 00:00"), HAINAN, speed_kn=12),
    ]
    positions = tmp_path / "positions.csv"
    positions.write_text(_csv(rows))
    vessels = tmp_path / "vessels.csv"
    vessels.write_text(VESSELS)
    return positions, vessels


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(app, ["coasts", "assess", *args])
    return done.exit_code, done.stdout, done.stderr


def test_episodes_split_at_gaps_over_an_hour_and_skip_own_coasts(files: tuple[Path, Path]) -> None:
    positions, vessels = files
    code, out, err = _run(str(positions), "--vessels", str(vessels), "--format", "json")
    assert code == 0, err
    episodes = json.loads(out)
    assert all(list(e) == KEYS for e in episodes)
    got = [(e["mmsi"], e["coastal_state"], e["member"]) for e in episodes]
    assert got == [
        ("412000001", "JPN", "CHN"),
        ("412000001", "JPN", "CHN"),
        ("412000002", "JPN", "CHN"),
        ("369000001", "CHN", "USA"),
    ]
    first, second, whole = episodes[:3]
    assert first["end"] < second["start"]
    gap_h = (
        at(second["start"][:16].replace("T", " ")) - at(first["end"][:16].replace("T", " "))
    ).total_seconds() / 3600
    assert gap_h > 1.0
    assert whole["duration_h"] > first["duration_h"] + second["duration_h"]
    assert all(0 < e["min_distance_nm"] <= 24 for e in episodes)
    # The closest approach is measured on the straight line between reports: the same line
    # sampled every few metres comes no closer.
    lat = np.linspace(YONAGUNI[0][0], YONAGUNI[1][0], 20_001)
    lon = np.linspace(YONAGUNI[0][1], YONAGUNI[1][1], 20_001)
    dense = distance_to_coast_m(lat, lon, states=["JPN"], max_distance_m=50 * 1852).min() / 1852
    assert whole["min_distance_nm"] == pytest.approx(dense, abs=0.01)
    assert first["min_distance_nm"] > whole["min_distance_nm"]  # the gap hid the closest part


def test_fail_on_low_exits_1_when_there_is_an_episode(files: tuple[Path, Path]) -> None:
    positions, vessels = files
    assert _run(str(positions), "--vessels", str(vessels), "--fail-on", "low")[0] == 1
    assert _run(str(positions), "--vessels", str(vessels), "--fail-on", "high")[0] == 0


def test_bad_vessels_rows_exit_2_naming_them(files: tuple[Path, Path], tmp_path: Path) -> None:
    positions, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "mmsi,member,kind,name\n"
        "41200000,CHN,navy,short\n"
        "412000001,XXX,navy,nobody\n"
        "999000001,,navy,no flag\n"
        "412000002,CHN,fishing,not state\n"
    )
    code, _, err = _run(str(positions), "--vessels", str(bad))
    assert code == 2
    for loc in ("row 1.mmsi", "row 2.member", "row 3.member", "row 4.kind"):
        assert loc in err, err
    missing = tmp_path / "missing.csv"
    missing.write_text("mmsi,name\n412000001,x\n")
    code, _, err = _run(str(positions), "--vessels", str(missing))
    assert code == 2
    assert "missing member, kind" in err


def test_bad_position_rows_exit_2_naming_the_row_unless_skipped(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    positions, vessels = files
    text = positions.read_text().splitlines()
    text.insert(3, "412000001,yesterday,24.3,123.0,10")
    text.insert(5, "412000001,2026-05-13T00:07:00Z,95.0,123.0,10")
    bad = tmp_path / "bad-positions.csv"
    bad.write_text("\n".join(text) + "\n")
    code, _, err = _run(str(bad), "--vessels", str(vessels))
    assert code == 2
    assert "POSITIONS row 3.timestamp" in err, err
    assert "POSITIONS row 5.lat" in err, err
    code, out, _ = _run(str(bad), "--vessels", str(vessels), "--skip-bad-rows", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == 4


def test_aircraft_count_by_their_icao_address(tmp_path: Path) -> None:
    rows = track(0, at("2026-05-16 00:00"), HAINAN, speed_kn=12)
    lines = ["icao24,timestamp,lat,lon,alt_m"]
    lines += [f"a1b2c3,{r['timestamp']},{r['lat']},{r['lon']},3000" for r in rows]
    positions = tmp_path / "adsb.csv"
    positions.write_text("\n".join(lines) + "\n")
    vessels = tmp_path / "units.csv"
    vessels.write_text("mmsi,member,kind,name\na1b2c3,USA,navy,P-8A Demo\n")
    code, out, err = _run(str(positions), "--vessels", str(vessels), "--format", "json")
    assert code == 0, err
    (episode,) = json.loads(out)
    assert (episode["mmsi"], episode["member"], episode["coastal_state"]) == (
        "a1b2c3",
        "USA",
        "CHN",
    )
