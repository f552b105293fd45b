"""``cosec arms assess FILE --charter ID --format json|csv``: the issue's input and output,
exit 1 with --fail-on, exit 2 naming the return, line and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from cosec.cli.main import app as cli

RUNNER = CliRunner()


def _file(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "returns.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _returns(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": 2025,
        "as_of": "2026-07-01",
        "returns": [
            {
                "member": "CHN",
                "year": 2025,
                "submitted": "2026-05-20",
                "nil": False,
                "exports": [
                    {"to": "KHM", "category": "I", "units": 12},
                    {"to": "KHM", "category": "I", "units": 8},
                    {"to": "MMR", "category": "IV", "units": 4},
                ],
                "imports": [{"from": "RUS", "category": "V", "units": 6}],
            },
            {
                "member": "KHM",
                "year": 2025,
                "submitted": "2026-06-01",
                "nil": False,
                "exports": [],
                "imports": [{"from": "CHN", "category": "I", "units": 18}],
            },
            {"member": "MMR", "year": 2025, "submitted": "2026-05-31", "nil": True},
            {
                "member": "RUS",
                "year": 2025,
                "submitted": "2026-05-02T10:00:00Z",
                "exports": [{"to": "CHN", "category": "V", "units": 6}],
            },
        ],
    }
    return data | extra


def test_assess_outputs_the_issues_json_findings_exporter_first(tmp_path: Path) -> None:
    done = RUNNER.invoke(
        cli,
        [
            "arms",
            "assess",
            _file(tmp_path, _returns()),
            "--charter",
            "eas-2026",
            "--format",
            "json",
        ],
    )
    assert done.exit_code == 0, done.stderr
    found = json.loads(done.stdout)
    mirror = [f for f in found if "category" in f]
    assert mirror == [
        {"flag": "mirror_mismatch", "members": ["CHN", "KHM"], "category": "I", "year": 2025},
        {"flag": "import_unreported", "members": ["CHN", "MMR"], "category": "IV", "year": 2025},
    ]
    assert {"flag": "return_late", "members": ["KHM"], "year": 2025} in found
    missing = sorted(f["members"][0] for f in found if f["flag"] == "return_missing")
    assert len(missing) == 18 - 4
    assert {"CHN", "KHM", "MMR", "RUS"}.isdisjoint(missing)


def test_before_31_may_has_passed_only_mirror_checks_are_reported(tmp_path: Path) -> None:
    path = _file(tmp_path, _returns(as_of="2026-05-31"))
    done = RUNNER.invoke(cli, ["arms", "assess", path, "--format", "json"])
    assert {f["flag"] for f in json.loads(done.stdout)} == {"mirror_mismatch", "import_unreported"}
    later = RUNNER.invoke(
        cli, ["arms", "assess", path, "--format", "json", "--as-of", "2026-06-01"]
    )
    assert "return_missing" in {f["flag"] for f in json.loads(later.stdout)}


def test_csv_output_and_fail_on(tmp_path: Path) -> None:
    path = _file(tmp_path, _returns())
    done = RUNNER.invoke(cli, ["arms", "assess", path, "--format", "csv", "--fail-on", "medium"])
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "flag,members,category,year"
    assert "mirror_mismatch,CHN;KHM,I,2025" in lines
    assert "return_late,KHM,,2025" in lines
    quiet = RUNNER.invoke(cli, ["arms", "assess", path, "--format", "csv", "--fail-on", "high"])
    assert quiet.exit_code == 0


def test_bad_input_exits_2_naming_the_return_line_and_field(tmp_path: Path) -> None:
    data = _returns()
    data["returns"][0]["exports"][2]["category"] = "VIII"
    data["returns"][1]["imports"][0]["units"] = -3
    data["returns"][2]["member"] = "XYZ"
    done = RUNNER.invoke(cli, ["arms", "assess", _file(tmp_path, data), "--format", "json"])
    assert done.exit_code == 2
    assert done.stdout == ""
    err = done.stderr
    assert "return 1 (CHN).exports line 3.category" in err
    assert "return 2 (KHM).imports line 1.units" in err
    assert "return 3 (XYZ).member: XYZ is not a member of eas-2026's arms regime" in err


def test_a_charter_without_an_arms_regime_or_a_broken_file_exits_2(tmp_path: Path) -> None:
    path = _file(tmp_path, _returns())
    done = RUNNER.invoke(cli, ["arms", "assess", path, "--charter", "vienna-2011"])
    assert done.exit_code == 2
    assert "has no arms regime" in done.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = RUNNER.invoke(cli, ["arms", "assess", str(broken)])
    assert done.exit_code == 2
    assert "file: is not valid JSON" in done.stderr
