"""The log through its interfaces: the CLI an auditor or witness runs, and /v1/log."""

from __future__ import annotations

import json
from base64 import b64decode
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from cosec.cli.main import app as cli
from cosec.ledger.merkle import leaf_hash, verify_consistency, verify_inclusion
from cosec.logstore.tables import LogEntryRow
from tests.conftest import World

runner = CliRunner()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A deployment on disk, with the secretariat's and two members' keys."""
    monkeypatch.setenv("COSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    monkeypatch.chdir(tmp_path)
    for member in ("SEC", "CHN", "JPN"):
        result = runner.invoke(cli, ["keys", "new", "--member", member])
        assert result.exit_code == 0, result.stderr
    f = tmp_path / "n.json"
    f.write_text(
        json.dumps(
            [
                {
                    "designation": f"Drill {i}",
                    "states": ["CHN"],
                    "start": "2030-01-0" + str(i + 1),
                    "end": "2030-01-0" + str(i + 1),
                    "figures": {"troops": 10 + i},
                }
                for i in range(4)
            ]
        )
    )
    assert runner.invoke(cli, ["notifications", "submit", str(f), "--as", "CHN"]).exit_code == 0
    return tmp_path


def test_keys_are_private_and_listed(site: Path) -> None:
    assert oct((site / "keys" / "CHN.key").stat().st_mode & 0o777) == "0o600"
    result = runner.invoke(cli, ["keys", "list", "--format", "json"])
    rows = json.loads(result.stdout)
    assert {r["member"] for r in rows} == {"SEC", "CHN", "JPN"}
    assert all(r["status"] == "valid" for r in rows)


def test_verify_then_tamper_names_the_entry(site: Path) -> None:
    ok = runner.invoke(cli, ["log", "verify"])
    assert ok.exit_code == 0, ok.stderr
    assert "7 entries rebuild the signed root" in ok.stdout
    from cosec.store.db import make_engine

    engine = make_engine(f"sqlite:///{site / 'c.db'}")
    with engine.begin() as conn:
        raw = conn.execute(LogEntryRow.__table__.select().where(LogEntryRow.index == 5)).one()
        conn.execute(
            update(LogEntryRow)
            .where(LogEntryRow.index == 5)
            .values(envelope=bytes(raw.envelope).replace(b'"troops":12', b'"troops":99'))
        )
    engine.dispose()
    bad = runner.invoke(cli, ["log", "verify"])
    assert bad.exit_code == 1
    assert "rewritten: entry 5" in bad.stderr


def test_receipt_round_trip_and_rotation(site: Path) -> None:
    receipt = runner.invoke(cli, ["log", "receipt", "4"])
    (site / "r.json").write_text(receipt.stdout)
    checked = runner.invoke(cli, ["log", "verify-receipt", "r.json"])
    assert checked.exit_code == 0, checked.stderr
    assert "entry 4 (CHN notification.prior seq 2)" in checked.stdout
    assert (
        runner.invoke(cli, ["log", "verify-receipt", "r.json", "--min-cosignatures", "1"]).exit_code
        == 1
    )
    rotated = runner.invoke(cli, ["keys", "rotate", "--member", "CHN"])
    assert rotated.exit_code == 0, rotated.stderr
    f = site / "after.json"
    f.write_text(json.dumps({"year": 2031, "nil_return": True}))
    after = runner.invoke(
        cli, ["notifications", "submit", str(f), "--as", "CHN", "--kind", "notification.calendar"]
    )
    assert after.exit_code == 0, after.stderr
    assert runner.invoke(cli, ["log", "verify"]).exit_code == 0


def test_witness_cosigns_and_a_checkpoint_becomes_final(site: Path) -> None:
    assert runner.invoke(cli, ["witness", "init", "--member", "JPN"]).exit_code == 0
    first = runner.invoke(cli, ["witness", "cosign", "--member", "JPN"])
    assert first.exit_code == 0, first.stderr
    assert runner.invoke(cli, ["witness", "cosign", "--member", "JPN"]).exit_code == 1  # again
    note = runner.invoke(cli, ["log", "checkpoint"]).stdout
    assert "— witness.jpn.cosec " in note


def test_log_api_serves_leaves_to_all_and_envelopes_by_audience(world: World) -> None:
    from cosec.server.app import create_app

    _, chn_key = world.user("chn", member="CHN")
    _, jpn_key = world.user("jpn", member="JPN")
    _, usa_key = world.user("usa", member="USA")
    app = create_app(world.factory, ledger=world.ledger, clock=world.clock)
    with TestClient(app) as c:
        body = {
            "payload": {
                "designation": "Quiet drill",
                "states": ["CHN"],
                "start": "2026-09-01",
                "end": "2026-09-02",
                "figures": {"troops": 500},
            },
            "audience": "parties",
            "parties": ["USA"],
        }
        r = c.post("/v1/notifications", json=body, headers={"Authorization": f"Bearer {chn_key}"})
        assert r.status_code == 201, r.text
        size = int(c.get("/v1/log/checkpoint").text.split("\n")[1])
        last = size - 1

        def entry(key: str | None) -> dict:
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            page = c.get(f"/v1/log/entries?start={last}&end={size}", headers=headers).json()
            return page["entries"][0]

        assert "envelope" not in entry(None)
        assert "envelope" not in entry(jpn_key)
        assert entry(usa_key)["envelope"]["payload"]["designation"] == "Quiet drill"
        leaf = b64decode(entry(None)["leaf"])
        root = b64decode(c.get("/v1/log/checkpoint").text.split("\n")[2])
        proof = [
            b64decode(h)
            for h in c.get(f"/v1/log/proof/inclusion?index={last}&size={size}").json()["proof"]
        ]
        verify_inclusion(leaf_hash(leaf), last, size, proof, root)
        old = c.get("/v1/log/checkpoints/2").text.split("\n")[2]
        proof = [
            b64decode(h)
            for h in c.get(f"/v1/log/proof/consistency?from=2&to={size}").json()["proof"]
        ]
        verify_consistency(2, size, b64decode(old), root, proof)
        keys = c.get("/v1/log/keys").json()
        assert keys["log"].startswith("cosec.test/log+")
        assert set(keys["members"]) >= {"SEC", "CHN", "JPN", "USA"}
        assert c.get(f"/v1/log/proof/inclusion?index={size}&size={size}").status_code == 422
        assert c.get(f"/v1/log/proof/consistency?from=1&to={size + 5}").status_code == 404
        assert (
            c.get(
                "/v1/log/next-seq?member=CHN", headers={"Authorization": f"Bearer {jpn_key}"}
            ).status_code
            == 403
        )
