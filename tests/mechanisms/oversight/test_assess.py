"""`cosec oversight assess POSITIONS --designated LIST.csv --charter ID --format json`: the
four track rules on planted tracks, at the edges of the definitions they read (a meeting of
2 h, a silence of 12 h, 12 nm of the DPRK coast), and bad input naming its row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cosec.cli.main import app
from cosec.kit import at
from cosec.mechanisms.oversight.season import approach, dark, meeting

LIST = (
    "mmsi,imo,name,listed_on,source\n"
    "445112001,9123453,DEMO STAR,2018-03-30,UN 1718 Committee\n"
    "667112002,IMO 9123489,DEMO CEDAR,2026-06-15,National list of the United States\n"
    ",9123477,DEMO PINE,2017-10-10,UN 1718 Committee\n"  # no MMSI: tracks cannot match it
)
DAY = at("2026-03-04 06:00")


def _csv(rows: list[dict[str, Any]]) -> str:
    lines = ["mmsi,timestamp,lat,lon,sog"]
    lines += [f"{r['mmsi']},{r['timestamp']},{r['lat']},{r['lon']},{r['sog']}" for r in rows]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def positions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [
        # A designated tanker meets another for 2.5 h in the zone: sts_designated.
        *meeting(445112001, 352112003, DAY, 36.0, 124.5, hours=2.5),
        # Two others lie together 1.5 h only (under GFW's 2 h): nothing.
        *meeting(413112007, 636112008, DAY, 32.0, 125.0, hours=1.5),
        # A tanker listed only in June meets another in March in the zone: sts_watch_zone.
        *meeting(667112002, 412112004, DAY, 37.0, 124.0, hours=3.0),
        # Two undesignated ships outside the zone: nothing.
        *meeting(511112006, 440112012, DAY, 27.6, 122.9, hours=3.0),
        # Silent 12.5 h in the zone far from shore: a suspected switch-off; 11.5 h: a gap only.
        *dark(445112009, DAY, 35.5, 123.8, off_h=12.5),
        *dark(445112013, DAY, 34.0, 124.0, off_h=11.5),
        # One ship comes within 3.3 nm of the DPRK coast; another turns back at 17.9 nm.
        *approach(352112010, DAY, (39.6, 128.6), (39.2, 127.65)),
        *approach(352112014, DAY, (39.6, 128.6), (39.35, 128.0)),
    ]
    path = tmp_path_factory.mktemp("oversight") / "positions.csv"
    path.write_text(_csv(rows))
    return path


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, ["oversight", "assess", *map(str, args)])


@pytest.fixture
def listed(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(LIST)
    return path


def test_the_four_rules_on_planted_tracks(positions: Path, listed: Path) -> None:
    result = run(positions, "--designated", listed, "--charter", "korean-peninsula",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    got = sorted((f["flag"], tuple(f["vessels"])) for f in found)
    assert got == [
        ("dark_in_watch_zone", (445112009,)),
        ("dprk_coast_approach", (352112010,)),
        ("sts_designated", (352112003, 445112001)),
        ("sts_watch_zone", (412112004, 667112002)),
    ]
    by = {f["flag"]: f for f in found}
    for f in found:
        assert {"flag", "vessels", "start", "end"} <= f.keys()
        assert f["start"].endswith("Z")
        assert f["start"] < f["end"]
    designated = by["sts_designated"]
    assert designated["severity"] == "high"
    assert designated["designated"][0]["mmsi"] == "445112001"
    assert designated["designated"][0]["source"] == "UN 1718 Committee"
    assert 2.4 < designated["hours"] < 3.0  # the lying-together, with the closing minutes
    later = by["sts_watch_zone"]
    assert later["designated"] == []
    assert later["listed_later"][0]["listed_on"] == "2026-06-15"
    assert "Judged by the list in force at the time" in later["summary"]
    assert by["dark_in_watch_zone"]["hours"] == pytest.approx(12.5)
    assert by["dprk_coast_approach"]["min_distance_m"] == pytest.approx(6180, abs=50)


def test_fail_on_exits_1_when_a_finding_is_that_severe(positions: Path, listed: Path) -> None:
    result = run(positions, "--designated", listed, "--format", "csv", "--fail-on", "high")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("flag,vessels,start,end")
    assert "1 finding(s) at or above high" in result.stderr


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "mmsi,imo,name,listed_on,source\n"
            "445112001,9123453,A,2018-03-30,UN\n"
            "445112002,9123454,B,2018-03-30,UN\n",
            "row 2.imo: IMO number 9123454 fails its check digit",
        ),
        (
            "mmsi,imo,name,listed_on,source\n4451120,,A,2018-03-30,UN\n",
            "row 1.mmsi",
        ),
        ("mmsi,imo,name,listed_on,source\n445112001,,A,30/03/2018,UN\n", "row 1.listed_on"),
        ("mmsi,imo,name,listed_on,source\n,,A,2018-03-30,UN\n", "row 1"),
        ("mmsi,name,listed_on\n445112001,A,2018-03-30\n", "missing imo, source"),
    ],
)
def test_a_bad_list_exits_2_naming_the_row(
    positions: Path, tmp_path: Path, text: str, named: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    result = run(positions, "--designated", bad, "--format", "json")
    assert result.exit_code == 2
    assert named in result.stderr
    assert result.stdout == ""


def test_bad_positions_exit_2_naming_the_row(tmp_path: Path, listed: Path) -> None:
    bad = tmp_path / "positions.csv"
    bad.write_text("mmsi,timestamp,lat,lon\n445112001,2026-03-04T06:00:00Z,95.0,124.0\n")
    result = run(bad, "--designated", listed, "--format", "json")
    assert result.exit_code == 2
    assert "POSITIONS row 1.lat" in result.stderr


def test_a_charter_without_oversight_exits_2(positions: Path, listed: Path) -> None:
    result = run(positions, "--designated", listed, "--charter", "us-china-2014")
    assert result.exit_code == 2
    assert "us-china-2014 has no oversight regime" in result.stderr
