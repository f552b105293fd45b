"""The status quo on the command line: submit records, list and show features, find
approaches in an imported dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.analytics.service import import_tracks
from cosec.cli.main import app
from cosec.mechanisms.statusquo import demo

runner = CliRunner()


def cosec(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    monkeypatch.setenv("COSEC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    for member in ("SEC", "USA", "VNM"):
        assert cosec("keys", "new", "--member", member, "--deposit")[0] == 0
    return tmp_path


def test_submit_list_and_show(store: Path) -> None:
    change = store / "change.json"
    change.write_text(
        json.dumps({"feature": "thitu", "on": "2025-12-01", "area_ha": 45.0, "description": "Quay"})
    )
    assert cosec("statusquo", "submit", str(change), "--kind", "change", "--as", "VNM")[0] == 0
    assert cosec("evaluate")[0] == 0
    code, out, _ = cosec("statusquo", "list", "--format", "json")
    assert code == 0
    thitu = next(f for f in json.loads(out) if f["id"] == "thitu")
    assert (thitu["area_ha"], thitu["open_findings"]) == (45.0, 1)  # Viet Nam's reclamation
    code, out, _ = cosec("statusquo", "show", "thitu", "--format", "json")
    assert [p["source"] for p in json.loads(out)] == ["baseline", "change"]
    bad = store / "bad.json"
    bad.write_text(json.dumps({"feature": "thitu", "on": "2025-12-01", "description": "x"}))
    code, _, err = cosec("statusquo", "submit", str(bad), "--kind", "change", "--as", "VNM")
    assert code == 2
    assert "area_ha, facilities or deployments" in err


def test_analyse_finds_approaches_in_a_dataset(store: Path) -> None:
    rows = demo._positions()
    lines = ["mmsi,timestamp,lat,lon,sog,cog"]
    lines += [
        ",".join(str(r[c]) for c in ("mmsi", "timestamp", "lat", "lon", "sog", "cog")) for r in rows
    ]
    (store / "day.csv").write_text("\n".join(lines) + "\n")
    import_tracks([store / "day.csv"], out=store / "data" / "day")
    units = store / "units.csv"
    units.write_text(
        "identifier,domain,member,kind,name,hull_number,valid_from\n"
        f"{demo.DESTROYER},sea,USA,navy,Destroyer,,2024-01-01\n"
    )
    assert cosec("fleet", "import", str(units), "--as", "SEC")[0] == 0
    code, out, err = cosec("statusquo", "analyse", "day", "--feature", "mischief-reef")
    assert code == 0, err
    assert "within 12 nm of mischief-reef" in out
    assert cosec("evaluate")[0] == 0
    code, out, _ = cosec("findings", "--format", "json")
    approaches = [f for f in json.loads(out) if f["flag"] == "feature_approach"]
    assert len(approaches) == 1
    assert cosec("statusquo", "analyse", "day", "--feature", "atlantis")[0] == 2
