"""``cosec arms import``, ``list`` and ``index`` on a store: CSV rows become one signed return
per year; one bad row signs nothing and names the row and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.cli.main import app

runner = CliRunner()


def cosec(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    monkeypatch.chdir(tmp_path)
    for member in ("SEC", "CHN", "KHM"):
        assert cosec("keys", "new", "--member", member, "--deposit")[0] == 0
    return tmp_path


CSV = """year,direction,category,counterpart,units,description
2025,export,I,KHM,12,Type 59
2025,export,I,khm,8,Type 59 (second lot)
2025,import,V,RUS,6,Ka-52
2024,nil,,,,
"""


def _returns() -> list[dict[str, object]]:
    code, out, err = cosec("arms", "list", "--format", "json")
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_import_signs_one_return_per_year_then_list_and_index(store: Path) -> None:
    (store / "chn.csv").write_text(CSV)
    code, out, err = cosec("arms", "import", "chn.csv", "--as", "CHN", "--dry-run")
    assert code == 0, err
    assert "dry run: 2 return(s) checked" in out
    assert _returns() == []
    code, out, err = cosec("arms", "import", "chn.csv", "--as", "CHN")
    assert code == 0, err
    assert out.count("submitted arms.return") == 2
    rows = _returns()
    assert sorted((r["year"], r["nil"], r["exported"], r["imported"]) for r in rows) == [
        (2024, True, 0, 0),
        (2025, False, 20, 6),
    ]
    (store / "khm.csv").write_text(
        "year,direction,category,counterpart,units\n2025,import,I,CHN,20\n"
    )
    assert cosec("arms", "import", "khm.csv", "--as", "KHM")[0] == 0
    code, out, err = cosec("arms", "index", "--format", "json")
    assert code == 0, err
    khm = next(r for r in json.loads(out) if r["member"] == "KHM")
    assert (khm["checked"], khm["agreeing"]) == (1, 1)


def test_a_bad_row_signs_nothing_and_names_the_row_and_field(store: Path) -> None:
    bad = CSV + "2025,export,IX,MMR,3,\n2025,import,II,MMR,-2,\n2025,sent,I,MMR,1,\n"
    (store / "bad.csv").write_text(bad)
    code, _, err = cosec("arms", "import", "bad.csv", "--as", "CHN")
    assert code == 2
    assert "row 6.category: must be one of I, II, III, IV, V, VI, VII, SALW" in err
    assert "row 7.units" in err
    assert "row 8.direction: must be export, import or nil" in err
    assert _returns() == []
    (store / "other.csv").write_text(
        "year,direction,category,counterpart,units,member\n2025,nil,,,,KHM\n"
    )
    code, _, err = cosec("arms", "import", "other.csv", "--as", "CHN")
    assert code == 2
    assert "row 2.member: must be CHN, the state submitting" in err
    (store / "nil.csv").write_text(
        "year,direction,category,counterpart,units\n2025,nil,,,\n2025,export,I,KHM,1\n"
    )
    code, _, err = cosec("arms", "import", "nil.csv", "--as", "CHN")
    assert code == 2
    assert "rows 2-3 (year 2025).imports: must be empty in a nil return" in err
