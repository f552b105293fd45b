"""`cosec inbox`: a member's open actions, alert settings, feed links, sending the alerts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.alerts.conftest import SmtpServer, smtp
from tests.cli.test_cli import cosec, db, keys

__all__ = ["db", "keys", "smtp"]


def _ask_rus(tmp_path: Path) -> None:
    f = tmp_path / "request.json"
    f.write_text(json.dumps({"respondent": "RUS", "concern": "Bombers over the Sea of Japan"}))
    code, _, err = cosec(
        "notifications", "submit", str(f), "--as", "CHN", "--kind",
        "notification.explanation_request",
    )  # fmt: skip
    assert code == 0, err


def test_a_member_lists_its_open_actions(keys: None, tmp_path: Path) -> None:
    _ask_rus(tmp_path)
    code, out, err = cosec("inbox", "--as", "RUS", "--format", "json")
    assert code == 0, err
    items = json.loads(out)
    replies = [i for i in items if i["kind"] == "reply"]
    assert len(replies) == 1
    assert replies[0]["members"] == ["RUS"]
    assert replies[0]["left"].startswith("in ")  # about 48 h (the real clock runs)
    assert replies[0]["href"].startswith("/records/")
    assert any(i["kind"] == "calendar" for i in items)
    assert all(i["members"] == ["RUS"] for i in items)

    code, out, _ = cosec("inbox", "--as", "CHN", "--kind", "reply", "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = cosec("inbox", "--as", "SEC", "--member", "rus", "--format", "json")
    assert code == 0
    assert {m for i in json.loads(out) for m in i["members"]} == {"RUS"}
    code, _, err = cosec("inbox", "--as", "RUS", "--kind", "Bad!")
    assert code == 2
    assert "kind" in err


def test_alerts_and_feed_links_of_a_user(db: str) -> None:
    assert cosec("users", "add", "rus-poc", "--role", "member", "--member", "RUS")[0] == 0
    code, out, _ = cosec("inbox", "alerts", "rus-poc")
    assert (code, out.strip()) == (0, "rus-poc: no address (no alerts); alerts: findings, "
                                   "deadlines, flash; e-mails in English (en)")  # fmt: skip
    code, out, _ = cosec(
        "inbox", "alerts", "rus-poc", "--email", "poc@mid.example.ru", "--no-flash",
        "--language", "zh",
    )  # fmt: skip
    assert code == 0
    assert out.strip() == (
        "rus-poc: poc@mid.example.ru; alerts: findings, deadlines; e-mails in 中文 (zh)"
    )
    code, _, err = cosec("inbox", "alerts", "rus-poc", "--email", "not-an-address")
    assert code == 2
    assert "email" in err
    code, _, err = cosec("inbox", "alerts", "rus-poc", "--language", "fr")
    assert code == 2
    assert "language" in err
    assert cosec("inbox", "alerts", "nobody")[0] == 2

    code, out, _ = cosec("inbox", "feed-token", "rus-poc")
    assert code == 0
    assert out.strip().startswith("http://127.0.0.1:8000/users/rus-poc/feed.atom?token=cosecfeed_")
    assert cosec("inbox", "feed-token", "rus-poc", "--revoke")[1].strip() == "rus-poc: feed closed"


def test_send_alerts_through_the_configured_server(
    keys: None, tmp_path: Path, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cosec("inbox", "send-alerts")[0] == 2  # no COSEC_SMTP_HOST: nothing to send through
    assert cosec("users", "add", "rus-poc", "--role", "member", "--member", "RUS")[0] == 0
    alerts = ("inbox", "alerts", "rus-poc", "--email", "poc@mid.example.ru", "--no-findings")
    assert cosec(*alerts)[0] == 0
    _ask_rus(tmp_path)
    code, out, _ = cosec("inbox", "send-alerts", "--dry-run", "--format", "json")
    assert code == 0
    due = json.loads(out)
    replies = [a for a in due if a["item"].startswith("notification:reply:")]
    assert [(a["user"], a["reason"]) for a in replies] == [("rus-poc", "deadline")]

    monkeypatch.setenv("COSEC_SMTP_HOST", smtp.host)
    monkeypatch.setenv("COSEC_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("COSEC_SMTP_FROM", "alerts@cosec.example.org")
    monkeypatch.setenv("COSEC_PUBLIC_URL", "https://cosec.example.org")
    code, out, err = cosec("inbox", "send-alerts")
    assert (code, out.strip()) == (0, f"sent {len(due)}, failed 0"), err
    (msg,) = [m for m in smtp.received.messages if "request for explanation" in m["Subject"]]
    assert msg["To"] == "poc@mid.example.ru"
    assert "https://cosec.example.org/records/" in msg.get_content()
    assert cosec("inbox", "send-alerts")[1].strip() == "sent 0, failed 0"
