"""`cosec fleet` end to end on a SQLite store: import, list, show, add; exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.cli.main import app

runner = CliRunner()


def cosec(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh store, and keys for the secretariat, CHN and JPN."""
    monkeypatch.setenv("COSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    for code in ("SEC", "CHN", "JPN"):
        assert cosec("keys", "new", "--member", code)[0] == 0


def listing(*args: str) -> list[dict[str, str]]:
    code, out, err = cosec("fleet", "list", "--format", "json", *args)
    assert code == 0, err
    rows: list[dict[str, str]] = json.loads(out)
    return rows


def test_import_list_show_and_supersede(keys: None, tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(
        "identifier,kind,name,hull_number,valid_from\n"
        "412000001,navy,Liaoning,16,2020-01-01\n"
        "412000002,coast_guard,Haijing 2901,2901,2021-01-01\n"
    )
    code, out, err = cosec("fleet", "import", str(units), "--as", "CHN")
    assert code == 0, err
    assert out.count("submitted fleet.unit") == 2
    assert [r["name"] for r in listing("--kind", "navy")] == ["Liaoning"]

    code, _, err = cosec(
        "fleet",
        "add",
        "412000001",
        "--kind",
        "navy",
        "--as",
        "CHN",
        "--withdrawn",
        "--valid-from",
        "2024-06-01",
    )
    assert code == 0, err
    assert [r["identifier"] for r in listing()] == ["412000002"]
    assert [r["identifier"] for r in listing("--as-of", "2024-05-31")] == [
        "412000001",
        "412000002",
    ]
    code, out, err = cosec("fleet", "show", "412000001", "--format", "json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["current"] is None
    assert (shown["flag"], shown["inferred"]) == ("CHN", True)
    assert [h["withdrawn"] for h in shown["history"]] == [False, True]


def test_bad_input_exits_2_naming_row_and_column_and_writes_nothing(
    keys: None, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("identifier,kind\n412000001,navy\n412000002,battleship\n")
    code, _, err = cosec("fleet", "import", str(bad), "--as", "CHN")
    assert code == 2
    assert "row 2.kind: must be one of" in err
    other = tmp_path / "other.csv"
    other.write_text("identifier,member,kind\n431000001,JPN,navy\n")
    code, _, err = cosec("fleet", "import", str(other), "--as", "CHN")
    assert code == 2
    assert "row 1.member: must be your own state, CHN" in err
    assert listing() == []


def test_show_exits_2_when_nothing_is_known_and_add_needs_a_member_for_the_secretariat(
    keys: None,
) -> None:
    code, out, _ = cosec("fleet", "show", "412000009")
    assert code == 0
    assert "not in the registry; flag CHN (inferred from its MMSI)" in out
    code, _, err = cosec("fleet", "show", "351000001")
    assert code == 2
    assert "no entry for 351000001" in err
    code, _, err = cosec("fleet", "add", "412000009", "--kind", "navy", "--as", "SEC")
    assert code == 2
    assert "--member: is required" in err
    code, _, err = cosec("fleet", "list", "--as-of", "2026-02-30")
    assert code == 2
    assert "--as-of: must be a day" in err
