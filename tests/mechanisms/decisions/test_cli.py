"""Decisions on the command line, the stored way: convene, propose, vote, close, list the
proposals and the register; bodies and the chair from the charter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.cli.main import app

runner = CliRunner()
SIX = ("CHN", "USA", "KOR", "PRK", "JPN", "RUS")


def cosec(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    monkeypatch.setenv("COSEC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COSEC_CHARTER", "korean-peninsula")
    monkeypatch.chdir(tmp_path)
    for member in ("SEC", *SIX):
        assert cosec("keys", "new", "--member", member, "--deposit")[0] == 0
    return tmp_path


def submit(store: Path, kind: str, who: str, payload: dict[str, object]) -> int:
    file = store / f"{kind}.json"
    file.write_text(json.dumps(payload))
    code, out, err = cosec("decisions", "submit", str(file), "--kind", kind, "--as", who)
    assert code == 0, err
    return int(out.split()[-1])


def test_convene_propose_vote_close_and_list(store: Path) -> None:
    mid = submit(
        store, "meeting", "SEC", {"body": "six-party", "title": "Plenary", "opens_on": "2026-03-20"}
    )
    pid = submit(
        store,
        "proposal",
        "KOR",
        {"body": "six-party", "title": "Initial actions", "meeting_id": mid},
    )
    for who, choice in (("CHN", "yes"), ("USA", "yes"), ("KOR", "yes"), ("PRK", "abstain")):
        code, out, err = cosec(
            "decisions",
            "vote",
            str(pid),
            choice,
            "--as",
            who,
            "--representative",
            f"Head of delegation, {who}",
        )
        assert code == 0, err
        assert out.startswith("voted with decisions.vote ")
    code, out, err = cosec("decisions", "proposals", "--format", "json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert (row["status"], row["outcome"], row["yes"], row["present"]) == ("tabled", "tabled", 3, 4)
    code, _, err = cosec(
        "decisions", "vote", str(pid), "maybe", "--as", "RUS", "--representative", "x"
    )
    assert code == 2
    assert "payload.vote" in err
    assert cosec("decisions", "close", str(pid))[0] == 0
    code, out, _ = cosec("decisions", "proposals", "--status", "adopted", "--format", "json")
    assert [(r["id"], r["outcome"], r["abstain"]) for r in json.loads(out)] == [(pid, "adopted", 1)]
    code, _, err = cosec(
        "decisions", "vote", str(pid), "no", "--as", "RUS", "--representative", "Head of delegation"
    )
    assert code == 1  # refused as a conflict with what is logged, like any other
    assert "decided: it cannot be voted on" in err


def test_bodies_and_chairs_from_the_charter() -> None:
    code, out, _ = cosec("decisions", "bodies", "--charter", "eas-2026", "--format", "json")
    assert code == 0
    bodies = {b["id"]: b for b in json.loads(out)}
    assert (bodies["council"]["quorum"], bodies["council"]["rule"]) == (10, "consensus")
    assert bodies["secretariat"]["rule"] == "takes no decisions"
    code, out, _ = cosec(
        "decisions", "chairs", "--from", "2026", "--to", "2028", "--format", "json"
    )
    assert [(r["year"], r["chair"]) for r in json.loads(out)] == [
        (2026, "PHL"),
        (2027, "SGP"),
        (2028, "THA"),
    ]
