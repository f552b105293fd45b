"""`cosec tracks ...` end to end on a small synthetic scenario and on real-format files."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow.csv as pacsv
import pytest
from pyais.encode import encode_dict
from typer.testing import CliRunner

from cosec.cli.tracks import app

runner = CliRunner()


def ok(*args: str) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli")
    ok("synth", "--vessels", "60", "--hours", "24", "--seed", "5", "--out", out / "scene")
    return out / "scene"


def test_synth_then_import_reports_counts(scene: Path, tmp_path: Path) -> None:
    assert (scene / "positions.csv").is_file()
    assert (scene / "truth.csv").is_file()
    text = ok("import", scene / "positions.csv", "--out", tmp_path / "ds")
    assert "imported to" in text
    assert "bad_id: 1" in text
    assert "malformed_row: 1" in text
    manifest = json.loads((tmp_path / "ds" / "_manifest.json").read_text())
    assert manifest["rows_rejected"] == 10
    assert (tmp_path / "ds" / "_rejects.csv").read_text().count("\n") == 11


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".geojson"])
def test_encounters_from_a_file_in_each_output_format(
    scene: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"enc{suffix}"
    text = ok(
        "encounters",
        scene / "positions.csv",
        "--max-distance",
        "500",
        "--max-gap",
        "3600",
        "--out",
        out,
    )
    assert "encounters events written" in text
    assert out.is_file()


def test_encounters_csv_columns_and_truth(scene: Path, tmp_path: Path) -> None:
    out = tmp_path / "enc.csv"
    ok("encounters", scene / "positions.csv", "--out", out)
    table = pacsv.read_csv(out)
    assert table.column_names[:8] == [
        "id_a", "id_b", "start", "end", "cpa_time", "cpa_distance_m", "lat", "lon",
    ]  # fmt: skip
    rows = table.to_pylist()
    assert all(r["id_a"] < r["id_b"] for r in rows)
    planted = [
        r for r in pacsv.read_csv(scene / "truth.csv").to_pylist() if r["kind"] == "fast_pass"
    ]
    found = {(r["id_a"], r["id_b"]) for r in rows}
    assert all((p["id_a"], p["id_b"]) in found for p in planted)


def test_every_detector_on_a_dataset(scene: Path, tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    ok("import", scene / "positions.csv", "--out", ds)
    ok("rendezvous", ds, "--out", tmp_path / "rv.csv", "--min-duration", "2h", "--join-gap", "4h")
    ok("gaps", ds, "--out", tmp_path / "gaps.csv", "--min-gap", "6h")
    ok("loitering", ds, "--out", tmp_path / "loiter.csv", "--min-shore-nm", "20")
    ok("near-coast", ds, "--state", "PHL", "--within-nm", "12", "--out", tmp_path / "nc.csv")
    ok("near-coast", ds, "--feature", "thitu", "--within-nm", "200", "--out", tmp_path / "f.csv")
    for name in ("rv", "gaps", "loiter", "nc", "f"):
        assert (tmp_path / f"{name}.csv").is_file()
    assert pacsv.read_csv(tmp_path / "rv.csv").num_rows >= 2
    assert "switch_off" in (tmp_path / "gaps.csv").read_text().splitlines()[0]


def test_dask_engine_from_the_cli(scene: Path, tmp_path: Path) -> None:
    local = tmp_path / "local.csv"
    dask = tmp_path / "dask.csv"
    ok("encounters", scene / "positions.csv", "--out", local)
    ok(
        "encounters", scene / "positions.csv", "--engine", "dask", "--workers", "1",
        "--partition-hours", "8", "--out", dask,
    )  # fmt: skip
    assert local.read_text() == dask.read_text()


def test_features_are_listed() -> None:
    assert "scarborough-shoal" in ok("features")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["encounters", "{in}", "--max-distance", "-1", "--out", "{tmp}/x.csv"],
            "must be positive",
        ),
        (["encounters", "{in}", "--out", "{tmp}/x.xlsx"], "must end in"),
        (["encounters", "{in}", "--max-gap", "soon", "--out", "{tmp}/x.csv"], "duration"),
        (["near-coast", "{in}", "--out", "{tmp}/x.csv"], "name a state or a feature"),
        (["near-coast", "{in}", "--state", "XXX", "--out", "{tmp}/x.csv"], "unknown state"),
        (["encounters", "{tmp}/missing.csv", "--out", "{tmp}/x.csv"], "no such file"),
        (
            ["encounters", "{in}", "--scheduler", "tcp://x:1", "--out", "{tmp}/x.csv"],
            "--engine dask",
        ),
        (["synth", "--hours", "2", "--out", "{tmp}/s"], "hours"),
    ],
)
def test_bad_input_exits_2_with_a_precise_message(
    scene: Path, tmp_path: Path, args, message
) -> None:
    argv = [a.format(**{"in": scene / "positions.csv", "tmp": tmp_path}) for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_real_nmea_log_with_multipart_and_garbage(tmp_path: Path) -> None:
    # Sentences as a receiver logs them: tag blocks with Unix time, a two-part type 5.
    position = encode_dict(
        {"type": 1, "mmsi": 366053209, "lat": 37.8, "lon": -122.4, "speed": 0.1}, talker_id="AI"
    )[0]
    static = encode_dict(
        {"type": 5, "mmsi": 366053209, "shipname": "FERRY", "destination": "OAKLAND"},
        talker_id="AI",
        seq_id=4,
    )
    assert len(static) == 2
    tag = "\\s:rcv1,c:{t}*00\\"
    log = tmp_path / "feed.nmea"
    log.write_text(
        f"{tag.format(t=1704067200)}{position}\n"
        f"{tag.format(t=1704067260)}{static[0]}\n"
        f"{tag.format(t=1704067260)}{static[1]}\n"
        f"{tag.format(t=1704067320)}{position}\n"
        "garbage line\n"
    )
    text = ok("import", log, "--out", tmp_path / "ds")
    assert "2 positions of 1 vessels" in text
    assert "type 5: 1" in text
    assert "bad_sentence: 1" in text


def test_an_anchorage_file_excludes_meetings_next_to_it(scene: Path, tmp_path: Path) -> None:
    ok("rendezvous", scene / "positions.csv", "--out", tmp_path / "rv.csv")
    events = pacsv.read_csv(tmp_path / "rv.csv").to_pylist()
    assert events
    first = events[0]
    (tmp_path / "anchorages.csv").write_text(f"Lat,Lon\n{first['lat']},{first['lon']}\n")
    ok(
        "rendezvous", scene / "positions.csv", "--anchorages", tmp_path / "anchorages.csv",
        "--out", tmp_path / "rv2.csv",
    )  # fmt: skip
    again = pacsv.read_csv(tmp_path / "rv2.csv").to_pylist()
    assert (first["id_a"], first["id_b"]) not in {(r["id_a"], r["id_b"]) for r in again}
    (tmp_path / "bad.csv").write_text("x,y\n1,2\n")
    result = runner.invoke(
        app,
        ["rendezvous", str(scene / "positions.csv"), "--anchorages", str(tmp_path / "bad.csv"),
         "--out", str(tmp_path / "rv3.csv")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "needs lat and lon" in result.output


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_analysing_a_file_reports_the_rows_it_dropped(tmp_path: Path, engine: str) -> None:
    csv = tmp_path / "few.csv"
    csv.write_text(
        "mmsi,timestamp,lat,lon\n"
        "1,2024-01-01T00:00:00Z,10,110\n"
        "1,2024-01-01T00:01:00Z,10.001,110\n"
        "1,2024-01-01T00:01:00Z,10.001,110\n"  # an exact duplicate
        "2,2024-01-01T00:00:00+99:99,10,110\n"  # bad_timestamp
        "2,2024-01-01,10,110\n"  # bad_timestamp
        "2,2024-01-01T00:00:30Z,north,110\n"  # bad_lat
        "2,2024-01-01T00:00:30Z\n"  # malformed_row
    )
    args = ["encounters", str(csv), "--out", str(tmp_path / "enc.csv"), "--engine", engine]
    if engine == "dask":
        args += ["--workers", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "encounters events written" in result.stdout
    assert "read 7 rows: 4 rejected, 1 exact duplicates removed" in result.stderr
    for line in ("bad_timestamp: 2", "bad_lat: 1", "malformed_row: 1"):
        assert f"  {line}\n" in result.stderr


@pytest.mark.parametrize("command", ["import", "encounters"])
def test_a_binary_file_gives_one_clear_error_line_and_no_traceback(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "noise.csv"
    path.write_bytes(random.Random(3).randbytes(3000))
    result = runner.invoke(app, [command, str(path), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        "error: invalid input",
        f"  {path}: file: not a text file: binary data (control characters) in its first 8 KiB",
    ]
