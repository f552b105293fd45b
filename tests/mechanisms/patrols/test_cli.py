"""Joint patrols on the command line: submit plans, reports and cases to a store, list
them and count them by year and category."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.cli.main import app
from tests.mechanisms.patrols.support import case, plan, report

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
    for member in ("SEC", "CHN", "THA"):
        assert cosec("keys", "new", "--member", member, "--deposit")[0] == 0
    return tmp_path


def test_submit_list_cases_and_stats(store: Path) -> None:
    now = datetime.now(UTC)
    start = (now - timedelta(days=6)).date()
    body = plan(start.isoformat(), (start + timedelta(days=2)).isoformat(), ("CHN", "THA"))
    (store / "plan.json").write_text(json.dumps(body))
    code, out, err = cosec("patrols", "submit", "plan.json", "--as", "CHN")
    assert code == 0, err
    found = re.search(r"submitted patrols.plan (\d+)", out)
    assert found, out
    pid = int(found.group(1))
    done = report(("CHN", "THA"), positions=[], stations=["Chiang Saen"]) | {"plan_id": pid}
    (store / "report.json").write_text(json.dumps(done))
    assert (
        cosec("patrols", "submit", "report.json", "--as", "THA", "--kind", "patrols.report")[0] == 0
    )
    occurred = (now - timedelta(hours=5)).isoformat()
    (store / "cases.json").write_text(
        json.dumps([case(occurred), case(occurred, category="CAT1", title="Gang of twelve")])
    )
    assert cosec("patrols", "submit", "cases.json", "--as", "THA", "--kind", "patrols.case")[0] == 0
    code, out, _ = cosec("patrols", "list", "--format", "json")
    assert code == 0
    (line,) = json.loads(out)
    assert (line["id"], line["status"], line["took_part"], line["stations"]) == (
        pid,
        "reported",
        "CHN THA",
        "Chiang Saen",
    )
    code, out, _ = cosec("patrols", "cases", "--category", "cat1", "--format", "json")
    assert [c["title"] for c in json.loads(out)] == ["Gang of twelve"]
    code, out, _ = cosec("patrols", "stats", "--format", "json")
    years = json.loads(out)  # one year, or two when the patrol began last year
    totals = [sum(y[k] for y in years) for k in ("patrols", "cases", "CAT1", "CAT3")]
    assert totals == [1, 2, 1, 1]
    assert cosec("patrols", "cases", "--category", "CAT9")[0] == 2
    assert cosec("patrols", "submit", "plan.json", "--as", "CHN", "--kind", "patrols.x")[0] == 2
    (store / "bad.json").write_text(json.dumps(plan(participants=("THA",))))
    code, _, err = cosec("patrols", "submit", "bad.json", "--as", "CHN")
    assert code == 2
    assert "payload.participants" in err
