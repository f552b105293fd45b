"""`cosec patrols assess`: the rules on a file; exit 1 with --fail-on; exit 2 naming the
row and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from cosec.cli.main import app

runner = CliRunner()

DOC: dict[str, Any] = {
    "as_of": "2027-01-15T00:00:00Z",
    "years": [2026],
    "plans": [
        {
            "id": f"P{n}",
            "lead": "CHN",
            "participants": ["CHN", "LAO", "THA"],
            "start": f"2026-0{n}-02",
            "end": f"2026-0{n}-05",
        }
        for n in range(1, 6)
    ],
    "reports": [
        {"plan": "P1", "submitted": "2026-01-19T23:59:59Z", "participants": ["CHN", "LAO", "THA"]},
        {"plan": "P2", "submitted": "2026-02-20T00:00:00Z", "participants": ["CHN", "LAO", "THA"]},
        {"plan": "P3", "submitted": "2026-03-10T00:00:00Z", "participants": ["CHN", "LAO"]},
        {"plan": "P4", "submitted": "2026-04-10T00:00:00Z", "participants": ["CHN", "LAO", "THA"]},
    ],
    "cases": [
        {
            "id": "K1",
            "member": "THA",
            "category": "CAT2",
            "occurred": "2026-03-03T22:00:00Z",
            "shared": "2026-03-06T22:00:00Z",
        },
        {
            "id": "K2",
            "member": "LAO",
            "category": "CAT4",
            "occurred": "2026-03-03T22:00:00Z",
            "shared": "2026-03-06T22:00:01Z",
        },
    ],
}


def run(tmp_path: Path, doc: Any, *args: str) -> Any:
    f = tmp_path / "patrols.json"
    f.write_text(json.dumps(doc))
    return runner.invoke(app, ["patrols", "assess", str(f), "--charter", "lancang-mekong", *args])


def test_the_file_is_judged_by_the_three_rules(tmp_path: Path) -> None:
    done = run(tmp_path, DOC, "--format", "json")
    assert done.exit_code == 0, done.output
    found = {
        (f["flag"], tuple(f["members"]), f["subject"], f["year"]) for f in json.loads(done.stdout)
    }
    assert found == {
        ("report_late", ("CHN",), "plan P2", 2026),
        ("report_overdue", ("CHN",), "plan P5", 2026),
        ("case_late", ("LAO",), "case K2", 2026),
        ("too_few_patrols", ("THA",), "part:THA:2026", 2026),
        ("too_few_patrols", ("MMR",), "part:MMR:2026", 2026),
    }


def test_fail_on_exits_1_and_csv_has_a_header(tmp_path: Path) -> None:
    assert run(tmp_path, DOC, "--fail-on", "medium").exit_code == 1
    done = run(tmp_path, DOC, "--format", "csv", "--fail-on", "high")
    assert done.exit_code == 0
    assert done.stdout.splitlines()[0] == "flag,obligation,members,subject,year,summary"


def test_bad_rows_exit_2_naming_each_row_and_field(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(DOC))
    doc["plans"][1]["participants"][1] = "USA"
    doc["reports"][2]["participants"] = ["MMR"]
    doc["cases"][0]["category"] = "CAT5"
    doc["reports"].append(
        {"plan": "P9", "submitted": "2026-03-10T00:00:00Z", "participants": ["CHN"]}
    )
    done = run(tmp_path, doc)
    assert done.exit_code == 2
    err = " ".join(done.stderr.split())
    assert "plan P2.participants[1]" in err
    assert "not a member of the patrols regime" in err
    assert "reports[2].participants[0]" in err
    assert "MMR was not planned" in err
    assert "case K1.category" in err
    assert "reports[4].plan" in err
    assert "not a plan of the file" in err


def test_a_charter_without_patrols_is_exit_2(tmp_path: Path) -> None:
    done = run(tmp_path, DOC)
    assert done.exit_code == 0
    f = tmp_path / "p.json"
    f.write_text(json.dumps(DOC))
    done = runner.invoke(app, ["patrols", "assess", str(f), "--charter", "us-china-2014"])
    assert done.exit_code == 2
    assert "no patrols regime" in done.stderr
