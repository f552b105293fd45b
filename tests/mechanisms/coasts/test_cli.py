"""The stored way on the command line: import a dataset, register the units, run the
analyses, evaluate, read the episodes; and `assess` on the same imported dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.analytics.service import import_tracks
from cosec.cli.main import app
from cosec.mechanisms.coasts import demo

runner = CliRunner()


def cosec(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    monkeypatch.setenv("COSEC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    rows = demo._year_2025() + demo._year_2026()
    lines = ["mmsi,timestamp,lat,lon,sog"]
    lines += [f"{r['mmsi']},{r['timestamp']},{r['lat']},{r['lon']},{r['sog']}" for r in rows]
    (tmp_path / "days.csv").write_text("\n".join(lines) + "\n")
    import_tracks([tmp_path / "days.csv"], out=tmp_path / "data" / "may")
    return tmp_path / "data"


UNITS = (
    "identifier,domain,member,kind,name,hull_number,valid_from\n"
    f"{demo.CHN_DDG},sea,CHN,navy,Destroyer,,2024-01-01\n"
    f"{demo.CHN_CG},sea,CHN,coast_guard,Cutter,,2024-01-01\n"
    f"{demo.JPN_CG},sea,JPN,coast_guard,Cutter,,2024-01-01\n"
)


def test_analyse_evaluate_and_read_the_episodes(data_dir: Path) -> None:
    assert cosec("keys", "new", "--member", "SEC", "--deposit")[0] == 0
    (data_dir.parent / "units.csv").write_text(UNITS)
    code, _, err = cosec("fleet", "import", str(data_dir.parent / "units.csv"), "--as", "SEC")
    assert code == 0, err
    code, out, err = cosec("coasts", "analyse", "may", "--coast", "JPN", "--coast", "PHL")
    assert code == 0, err
    assert out.count("stays within 24 nm of") == 2
    assert cosec("evaluate")[0] == 0
    code, out, err = cosec("coasts", "episodes", "--format", "json")
    assert code == 0, err
    got = sorted((e["member"], e["coastal_state"], e["start"][:4]) for e in json.loads(out))
    assert got == [("CHN", "JPN", "2025")] + [("CHN", "JPN", "2026")] * 4 + [("CHN", "PHL", "2026")]
    code, out, _ = cosec("coasts", "presence", "--year", "2026", "--format", "json")
    assert {(p["member"], p["coastal_state"], p["grew"]) for p in json.loads(out)} == {
        ("CHN", "JPN", True),
        ("CHN", "PHL", True),
    }
    assert cosec("coasts", "analyse", "may", "--coast", "XXX")[0] == 2


def test_assess_reads_an_imported_dataset(data_dir: Path) -> None:
    vessels = data_dir.parent / "vessels.csv"
    vessels.write_text(f"mmsi,member,kind,name\n{demo.CHN_DDG},CHN,navy,Destroyer\n")
    code, out, err = cosec(
        "coasts", "assess", str(data_dir / "may"), "--vessels", str(vessels), "--format", "json"
    )
    assert code == 0, err
    assert [e["coastal_state"] for e in json.loads(out)] == ["JPN"] * 5
