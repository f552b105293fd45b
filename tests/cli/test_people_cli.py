"""`cosec users` for people (duties, second factor, audit) and `cosec notifications submit
--dry-run`, end to end on a SQLite store."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from sqlalchemy import func, select

from cosec.access.tables import PersonRow
from cosec.cli.runtime import open_store
from cosec.store.tables import RecordRow
from tests.cli.test_cli import cosec, db, keys  # noqa: F401  (fixtures)


def records() -> int:
    store = open_store()
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(RecordRow)) or 0


def test_people_get_duties_and_a_second_factor(db: str) -> None:  # noqa: F811
    code, out, err = cosec("users", "add", "li", "--member", "CHN", "--duty", "drafter")
    assert code == 0, err
    assert "added CHN (li), drafter" in err
    assert out.strip().startswith("cosec_")
    assert cosec("users", "add", "wang", "--member", "CHN")[0] == 0
    code, out, _ = cosec("users", "duty", "wang", "approver")
    assert code == 0
    assert "CHN (wang) is now an approver" in out
    code, out, _ = cosec("users", "list", "--format", "json")
    duties = {u["name"]: u["duty"] for u in json.loads(out)}
    assert duties == {"li": "drafter", "wang": "approver"}
    code, _, err = cosec("users", "add", "obs", "--role", "observer", "--duty", "reader")
    assert code == 2
    assert "duty: only a member's or the secretariat's users have a duty" in err

    code, out, err = cosec("users", "totp", "enrol", "li")
    assert code == 0, err
    uri = out.strip()
    secret = re.search(r"secret=([A-Z2-7]+)", uri)
    assert uri.startswith("otpauth://totp/cosec:li?")
    assert secret
    store = open_store()
    with store.session() as s:
        sealed = [p.totp_secret or "" for p in s.scalars(select(PersonRow))]
    assert all(secret.group(1) not in x for x in sealed)
    assert any(x.startswith("v1:") for x in sealed)

    code, out, _ = cosec("users", "audit", "li", "--format", "json")
    assert code == 0
    assert json.loads(out) == []


def test_a_dry_run_says_what_each_row_would_do_and_writes_nothing(
    keys: None,  # noqa: F811
    tmp_path: Path,
) -> None:
    start = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)
    rows = [
        {
            "designation": "Short notice",
            "states": ["RUS"],
            "start": start.isoformat(),
            "end": start.isoformat(),
            "figures": {"troops": 20000},
        },
        {
            "designation": "Small drill",
            "states": ["RUS"],
            "start": (start + dt.timedelta(days=90)).isoformat(),
            "end": (start + dt.timedelta(days=91)).isoformat(),
            "figures": {"troops": 500},
        },
    ]
    f = tmp_path / "rows.json"
    f.write_text(json.dumps(rows))
    before = records()
    code, out, err = cosec("notifications", "submit", str(f), "--as", "RUS", "--dry-run")
    assert code == 0, err
    text = " ".join(out.split())
    assert "row 1: notification.prior Short notice" in text
    assert re.search(r"opens medium late \(against your own state\): Russia notified", text)
    assert "row 2: notification.prior Small drill" in text
    assert "opens, resolves and starts nothing" in text
    assert "nothing signed or written" in text
    assert records() == before

    rows[1]["end"] = "2020-01-01"
    f.write_text(json.dumps(rows))
    code, _, err = cosec("notifications", "submit", str(f), "--as", "RUS", "--dry-run")
    assert code == 2
    assert "row 2.payload.end" in err
    assert records() == before
