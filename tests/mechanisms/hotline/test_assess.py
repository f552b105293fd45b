"""`cosec hotline assess FILE`: deadlines, acknowledgement times and the escalations that
would fire, with no database."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cosec.cli.main import app

RUN = CliRunner()
MESSAGES = {
    "messages": [
        {"id": "a", "from": "CHN", "to": "KOR", "precedence": "FLASH",
         "sent_at": "2026-03-01T09:00:00Z", "acknowledged_at": "2026-03-01T09:05:00Z"},
        {"id": "b", "from": "CHN", "to": "KOR", "precedence": "IMMEDIATE",
         "sent_at": "2026-03-01T09:00:00Z"},
    ],
    "contacts": {"KOR": [{"role": "duty_officer", "name": "Duty"},
                         {"role": "ministry", "name": "MND"}]},
}  # fmt: skip


def test_deadlines_status_and_escalations(tmp_path: Path) -> None:
    path = tmp_path / "messages.json"
    path.write_text(json.dumps(MESSAGES))
    done = RUN.invoke(
        app, ["hotline", "assess", str(path), "--format", "json", "--as-of", "2026-03-01"]
    )
    assert done.exit_code == 0, done.output
    a, b = json.loads(done.stdout)
    assert (a["status"], a["ack_seconds"], a["flags"], a["escalations"]) == (
        "acknowledged",
        300.0,
        [],
        [],
    )
    assert (b["status"], b["flags"]) == ("overdue", ["ack_overdue"])
    assert [(e["step"], e["to"]) for e in b["escalations"]] == [(1, "MND"), (2, "the secretariat")]
    failing = RUN.invoke(
        app, ["hotline", "assess", str(path), "--as-of", "2026-03-01", "--fail-on", "high"]
    )
    assert failing.exit_code == 1


def test_a_bad_message_exits_2_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    body = {"messages": [{"id": "x", "from": "CHN", "to": "CHN", "precedence": "FLASH",
                          "sent_at": "2026-03-01T09:00:00"}]}  # fmt: skip
    path.write_text(json.dumps(body))
    done = RUN.invoke(app, ["hotline", "assess", str(path)])
    assert done.exit_code == 2
    assert "message x.sent_at: must carry a UTC offset" in done.stderr
