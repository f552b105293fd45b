"""`cosec statusquo assess FILE`: the rules on a file, exit codes 0, 1 and 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cosec.cli.main import app

ROWS = [
    {
        "type": "observation",
        "feature": "mischief-reef",
        "imagery_date": "2026-04-20",
        "area_ha": 561.0,
        "facilities": {"hangar": 32},
        "source": "Sentinel-2",
    },
    {
        "type": "change",
        "feature": "thitu",
        "member": "PHL",
        "on": "2026-02-28",
        "facilities": {"lighthouse": 1},
        "description": "Lit",
    },
    {
        "type": "public_good",
        "feature": "thitu",
        "member": "PHL",
        "kind": "lighthouse",
        "joined_by": ["VNM"],
    },
    {
        "type": "approach",
        "feature": "mischief-reef",
        "member": "USA",
        "vessel": "369970101",
        "start": "2026-05-12T03:00:00Z",
        "end": "2026-05-12T04:30:00Z",
        "min_distance_nm": 2.8,
    },
]


def _run(tmp_path: Path, rows: object, *args: str, name: str = "rows.json") -> tuple[int, str, str]:
    f = tmp_path / name
    f.write_text(rows if isinstance(rows, str) else json.dumps(rows))
    done = CliRunner().invoke(app, ["statusquo", "assess", str(f), *args])
    return done.exit_code, done.stdout, done.stderr


def test_a_file_is_judged_by_the_same_rules(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, ROWS, "--format", "json", "--as-of", "2026-06-30")
    assert code == 0
    found = {(f["flag"], f["feature"]) for f in json.loads(out)}
    assert found == {
        ("reclamation", "mischief-reef"),
        ("new_facility", "mischief-reef"),
        ("unreported_change", "mischief-reef"),
        ("feature_approach", "mischief-reef"),
    }  # the lighthouse on Thitu is a public good Viet Nam joined
    by_flag = {f["flag"]: f for f in json.loads(out)}
    assert by_flag["reclamation"]["rows"] == [1]
    assert by_flag["feature_approach"]["rows"] == [4]
    code, out, _ = _run(tmp_path, ROWS, "--format", "json", "--as-of", "2026-05-20")
    assert "unreported_change" not in {f["flag"] for f in json.loads(out)}  # deadline 20 May


def test_fail_on_exits_1_at_or_above_the_severity(tmp_path: Path) -> None:
    assert _run(tmp_path, ROWS, "--fail-on", "high", "--as-of", "2026-06-30")[0] == 1
    only_approach = [ROWS[3] | {"unit_kind": "coast_guard"}]
    assert _run(tmp_path, only_approach, "--fail-on", "medium")[0] == 0
    assert _run(tmp_path, only_approach, "--fail-on", "low")[0] == 1


def test_csv_rows_with_counts(tmp_path: Path) -> None:
    text = (
        "type,feature,imagery_date,area_ha,facilities,deployments,source\n"
        "observation,fiery-cross-reef,2026-06-02,,hangar:28;radar:2,bomber:1,imagery\n"
    )
    code, out, _ = _run(tmp_path, text, "--format", "json", name="rows.csv")
    assert code == 0
    assert {f["flag"] for f in json.loads(out)} == {"offensive_deployment", "unreported_change"}


def test_bad_rows_exit_2_naming_each_row_and_field(tmp_path: Path) -> None:
    bad = [
        {"type": "observation", "feature": "atlantis", "imagery_date": "2026-04-20", "area_ha": 1},
        {"type": "change", "feature": "thitu", "on": "2026-02-28", "area_ha": -1},
        {"type": "approach", "feature": "thitu", "member": "XXX", "vessel": "12"},
    ]
    code, _, err = _run(tmp_path, bad)
    assert code == 2
    for expected in (
        "row 1.feature",
        "row 2.member",
        "row 2.area_ha",
        "row 3.member",
        "row 3.vessel",
    ):
        assert expected in err, err
    assert _run(tmp_path, "type,colour\nchange,red\n", name="x.csv")[0] == 2
    assert _run(tmp_path, ROWS, "--charter", "us-china-2014")[0] == 2  # no status-quo regime
