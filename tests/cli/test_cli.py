"""The `cosec` command end to end: exit codes, messages, and that bad input writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.cli.main import app

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("COSEC_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    return url


@pytest.fixture
def keys(db: str) -> None:
    """The secretariat's key and the keys of the members the tests submit as."""
    for member in ("SEC", "CHN", "RUS"):
        code, _, err = cosec("keys", "new", "--member", member)
        assert code == 0, err


def cosec(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_assess_example_file_as_json() -> None:
    code, out, _ = cosec(
        "notifications",
        "assess",
        str(EXAMPLES / "activities.csv"),
        "--as-of",
        "2027-12-01",
        "--format",
        "json",
    )
    assert code == 0
    rows = {r["designation"]: r for r in json.loads(out)}
    assert rows["Eastern Gate"]["flags"] == ["near_threshold"]
    assert rows["Coastal Guard West"]["flags"] == ["split_suspected"]
    assert rows["Northern Shield"]["notification_required"] is True


def test_assess_csv_output_has_the_documented_columns() -> None:
    code, out, _ = cosec(
        "notifications",
        "assess",
        str(EXAMPLES / "activities.csv"),
        "--as-of",
        "2027-12-01",
        "--format",
        "csv",
    )
    assert code == 0
    assert out.splitlines()[0] == (
        "designation,states,start,end,notified_on,notification_required,"
        "observation_required,notify_by,flags,findings"
    )


def test_assess_bad_file_exits_2_naming_row_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("designation,states,start,end,troops\nA,CHN,2027-01-01,2027-01-02,lots\n")
    code, _, err = cosec("notifications", "assess", str(bad))
    assert code == 2
    assert "row 1.troops: must be an integer" in err
    code, _, err = cosec("notifications", "assess", str(bad), "--charter", "atlantis")
    assert code == 2
    assert "no such profile" in err


def test_charter_check_reports_file_key_and_rule(tmp_path: Path) -> None:
    from cosec.charters import profile_path

    f = tmp_path / "eas.toml"
    f.write_text(profile_path("eas-2026").read_text().replace("troops = 9000 ", "troops = 0 "))
    code, _, err = cosec("charter", "check", str(f))
    assert code == 2
    assert "eas.toml: regimes.notification.notify.troops: must be a positive integer" in err
    code, out, _ = cosec("charter", "check", str(profile_path("eas-2026")))
    assert code == 0
    assert "ok" in out


def test_users_add_list_revoke(db: str) -> None:
    code, out, _ = cosec("users", "add", "chn-poc", "--role", "member", "--member", "chn")
    assert code == 0
    key = out.strip()
    assert key.startswith("cosec_")
    code, out, _ = cosec("users", "list", "--format", "json")
    (user,) = json.loads(out)
    assert user["member"] == "CHN"
    assert key not in out  # only the prefix is ever shown again
    assert cosec("users", "revoke", "chn-poc")[0] == 0
    code, out, _ = cosec("users", "list", "--format", "json")
    assert "(revoked)" in json.loads(out)[0]["keys"][0]
    code, _, err = cosec("users", "add", "x", "--role", "member", "--member", "XXX")
    assert code == 2
    assert "member: XXX is not a member of eas-2026" in err


def test_submit_list_show_and_findings(keys: None, tmp_path: Path) -> None:
    f = tmp_path / "n.json"
    f.write_text(
        json.dumps(
            {
                "designation": "Northern Shield",
                "states": ["CHN"],
                "start": "2030-05-01",
                "end": "2030-05-05",
                "figures": {"troops": 9500},
            }
        )
    )
    code, out, _ = cosec("notifications", "submit", str(f), "--as", "CHN")
    assert code == 0, out
    assert out.startswith("submitted notification.prior ")
    rid = out.split()[-1]
    code, out, _ = cosec("notifications", "list", "--format", "json")
    (n,) = json.loads(out)
    assert (n["designation"], n["on_time"], n["notification_required"]) == (
        "Northern Shield",
        True,
        True,
    )
    code, out, _ = cosec("notifications", "show", rid, "--json")
    assert json.loads(out)["notify_by"] == "2030-03-20"
    # another member of the regime reads it (regime audience)
    assert cosec("notifications", "show", rid, "--as", "JPN")[0] == 0
    code, _, err = cosec("notifications", "show", "99")
    assert code == 2
    assert "no notification 99" in err


def test_submit_file_with_a_bad_row_writes_nothing(keys: None, tmp_path: Path) -> None:
    f = tmp_path / "n.csv"
    f.write_text(
        "designation,states,start,end,troops\n"
        "Good,CHN,2030-05-01,2030-05-05,100\n"
        "Bad,CHN,2030-05-05,2030-05-01,100\n"
    )
    code, _, err = cosec("notifications", "submit", str(f), "--as", "CHN")
    assert code == 2
    assert "row 2.end: end must not be before start" in err
    code, out, _ = cosec("notifications", "list", "--format", "json")
    assert json.loads(out) == []


def test_findings_fail_on_exits_1_when_an_open_finding_is_that_severe(
    keys: None, tmp_path: Path
) -> None:
    f = tmp_path / "late.json"
    # two days' notice for a notifiable activity: late
    start = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)
    f.write_text(
        json.dumps(
            {
                "designation": "Short notice",
                "states": ["RUS"],
                "start": start.isoformat(),
                "end": start.isoformat(),
                "figures": {"troops": 20000},
            }
        )
    )
    assert cosec("notifications", "submit", str(f), "--as", "RUS")[0] == 0
    code, out, _ = cosec("findings", "--member", "RUS", "--format", "json")
    assert code == 0
    assert "late" in {x["flag"] for x in json.loads(out)}
    assert cosec("findings", "--member", "RUS", "--fail-on", "medium")[0] == 1
    assert cosec("findings", "--member", "RUS", "--fail-on", "high")[0] == 0
    code, out, _ = cosec("scorecard", "RUS", "--format", "json")
    statuses = {r["obligation"]: r["status"] for r in json.loads(out)}
    assert statuses["notification.lead_time"] == "breached"
    code, out, _ = cosec("evaluate")
    assert code == 0
    assert "evaluated " in out
    assert "notification" in out


def test_demo_no_serve_builds_and_serve_help(db: str) -> None:
    code, out, _ = cosec("demo", "--no-serve")
    assert code == 0, out
    assert "signed records" in out
    code, out, _ = cosec("findings", "--format", "json")
    assert any(f["flag"] == "split_suspected" for f in json.loads(out))
    # a second run rebuilds the demo instead of failing
    assert cosec("demo", "--no-serve")[0] == 0


def test_serve_refuses_zero_workers_before_touching_the_store(db: str, tmp_path: Path) -> None:
    code, _, err = cosec("serve", "--workers", "0")
    assert code == 2
    assert "--workers: must be at least 1" in err
    assert not (tmp_path / "cli.db").exists()
