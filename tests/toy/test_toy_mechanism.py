"""A mechanism installed only here gets its routes, command, page and findings.

The toy (``tests/toy/toy``) is installed for one subprocess through an entry point of its
own (a ``.dist-info`` folder on ``PYTHONPATH``), as a third-party package would be: no
line of cosec names it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from cosec.compliance import engine
from cosec.kit import FindingDraft, Mechanism, Obligation, RecordKind, RecordModel, Severity
from cosec.mechanisms.notifications import mechanism as notifications
from cosec.registry import RegistrationError, check

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cosec.server.app import create_app
from cosec.charters import profile_path
from cosec.cli.main import app as cli
from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.registry import mechanisms
from cosec.store.db import make_engine
from cosec.store.migrate import upgrade
from cosec.pipeline.submit import submit
from tests.conftest import make_world

tmp = Path(sys.argv[1])
out = {"mechanisms": sorted(mechanisms())}
charter = tmp / "eas-toy.toml"
charter.write_text(profile_path("eas-2026").read_text() + "\n[regimes.toy]\ndue_day = 31\n")
url = f"sqlite:///{tmp / 'cosec.db'}"
upgrade(make_engine(url))
world = make_world(url, FixedClock(datetime(2026, 4, 10, tzinfo=UTC)), charter=str(charter))
chn, key = world.user("poc-chn", member="CHN")
with world.session() as s:
    submit(s, deployment=world.deployment(), ledger=world.ledger, principal=chn,
           kind="toy.report", payload={"year": 2026, "filed_on": "2026-04-05"},
           clock=world.clock)
with world.session() as s:
    report = engine.evaluate(s, deployment=world.deployment(), clock=world.clock)
    out["evaluated"] = report.mechanisms
from cosec.store.tables import FindingRow
from sqlalchemy import select
with world.session() as s:
    out["findings"] = [(f.obligation, f.flag, f.summary) for f in s.scalars(select(FindingRow))]
with TestClient(create_app(world.factory, ledger=world.ledger, clock=world.clock)) as client:
    auth = {"Authorization": f"Bearer {key}"}
    r = client.get("/v1/toy/reports", headers=auth)
    out["api"] = [r.status_code, len(r.json())]
    page = client.get("/toy", headers=auth)
    shown = page.text.count('data-testid="toy-report"')
    out["page"] = [page.status_code, shown, 'href="/toy"' in page.text]
    out["openapi"] = "/v1/toy/reports" in client.get("/openapi.json").json()["paths"]
reports = tmp / "reports.json"
reports.write_text(json.dumps([{"member": "JPN", "year": 2026, "filed_on": "2026-05-01"}]))
runner = CliRunner()
done = runner.invoke(cli, ["toy", "assess", str(reports), "--format", "json", "--fail-on", "low"])
out["assess"] = [done.exit_code, json.loads(done.stdout)]
bad = tmp / "bad.json"
bad.write_text(json.dumps([{"member": "XXX", "year": 2026, "filed_on": "2026-05-01"}]))
done = runner.invoke(cli, ["toy", "assess", str(bad)])
out["bad"] = [done.exit_code, done.stderr]
out["help"] = "toy" in runner.invoke(cli, ["--help"]).stdout
print(json.dumps(out))
"""


def test_a_mechanism_installed_by_entry_point_is_mounted_everywhere(tmp_path: Path) -> None:
    dist = tmp_path / "site" / "cosec_toy-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: cosec-toy\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[cosec.mechanisms]\ntoy = tests.toy.toy:mechanism\n")
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"notification", "toy"} <= set(out["mechanisms"])
    assert "toy" in out["evaluated"]
    assert ("toy.on_time", "late", "CHN filed its 2026 toy report after 31 March.") in [
        tuple(f) for f in out["findings"]
    ]
    assert out["api"] == [200, 1]
    assert out["page"] == [200, 1, True]
    assert out["openapi"] is True
    assert out["assess"] == [1, [{"flag": "late", "members": ["JPN"]}]]
    assert out["bad"][0] == 2
    assert "row 1.member" in out["bad"][1]
    assert out["help"] is True


class _Payload(RecordModel):
    note: str = ""


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"name": "core"}, "reserved"),
        ({"record_kinds": (RecordKind("other.thing", _Payload),)}, "must start with"),
        (
            {"record_kinds": (RecordKind("notification.x", _Payload),) * 2},
            "registered twice",
        ),
        ({"obligations": (Obligation("notification.x", "x", (), (), lambda c: ()),)}, "flags"),
        ({"projection": None}, "needs a projection"),
    ],
)
def test_a_registration_that_breaks_the_contract_is_refused(
    change: dict[str, object], says: str
) -> None:
    broken: Mechanism[object, object] = replace(notifications, **change)  # type: ignore[arg-type]
    with pytest.raises(RegistrationError, match=says):
        check(broken)


def test_an_undeclared_flag_is_an_error() -> None:
    def sneaky(ctx: object) -> list[FindingDraft]:
        return [FindingDraft("notification.x", "surprise", Severity.LOW, ("CHN",), ("N1",), "Odd.")]

    mech = replace(
        notifications, obligations=(Obligation("notification.x", "x", ("late",), (), sneaky),)
    )
    with pytest.raises(engine.UndeclaredFlag, match="surprise"):
        engine.judge(mech, object(), set(), None)
