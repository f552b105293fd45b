"""`cosec incidents assess FILE`: severity of each incident as JSON, exit 1 with --fail-on,
exit 2 naming the incident and the field."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cosec.cli.main import app

RUN = CliRunner()


def _file(tmp_path: Path, incidents: list[dict[str, object]]) -> Path:
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps({"incidents": incidents}))
    return path


def test_each_incident_gets_its_level_and_reasons(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        [
            {"id": "A", "date": "2026-03-01", "domain": "sea", "min_distance_m": 41,
             "acts": ["dangerous_manoeuvre"]},
            {"id": 7, "date": "2026-03-01T10:00:00Z", "domain": "air", "min_distance_m": 152},
        ],
    )  # fmt: skip
    done = RUN.invoke(
        app, ["incidents", "assess", str(path), "--charter", "eas-2026", "--format", "json"]
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == [
        {
            "id": "A",
            "severity": "L2",
            "reasons": ["closest distance 41 m, below the dangerous distance of 183 m at sea"],
        },
        {
            "id": 7,
            "severity": "L4",
            "reasons": [
                "no contact, harm, prohibited act or distance below the unsafe distance: "
                "communication or professionalism only"
            ],
        },
    ]
    failing = RUN.invoke(
        app, ["incidents", "assess", str(path), "--format", "json", "--fail-on", "high"]
    )
    assert failing.exit_code == 1
    passing = RUN.invoke(app, ["incidents", "assess", str(path), "--format", "csv"])
    assert passing.exit_code == 0
    assert passing.stdout.splitlines()[0] == "id,severity,reasons"


def test_bad_input_exits_2_naming_the_incident_and_field(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        [
            {"id": "B", "date": "2026-03-01", "domain": "land"},
            {
                "id": "C",
                "date": "2026-03-01",
                "domain": "sea",
                "acts": ["lazer"],
                "min_distance_m": -1,
            },
        ],
    )
    done = RUN.invoke(app, ["incidents", "assess", str(path)])
    assert done.exit_code == 2
    assert "incident B.domain: must be one of 'sea' or 'air'" in done.stderr
    assert "incident C.acts[0]: 'lazer' is not a prohibited act" in done.stderr
    assert "incident C.min_distance_m: must not be negative" in done.stderr
    no_code = RUN.invoke(app, ["incidents", "assess", str(path), "--charter", "lancang-mekong"])
    assert no_code.exit_code == 2
    assert "has no incident regime" in no_code.stderr
