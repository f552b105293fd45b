"""``POST /v1/notifications/assess`` and the charter routes take charter ids, never paths
on the server, and at most a fixed number of activities per request."""

from __future__ import annotations

from pathlib import Path

import pytest

from cosec.charters import profile_path
from tests.api.support import Api, assert_invalid, days

MAX_ASSESS_ACTIVITIES = 5_000
"""The documented limit (docs/api.md)."""
ROW = {"designation": "A", "states": "CHN", "start": days(50), "end": days(52), "troops": 100}


def test_assess_takes_a_shipped_profile_by_id(module_api: Api) -> None:
    r = module_api.post("/v1/notifications/assess", "PUBLIC", [ROW], charter="vienna-2011")
    assert r.status_code == 200, r.text
    assert [a["designation"] for a in r.json()] == ["A"]


def test_assess_refuses_a_charter_file_on_the_server(module_api: Api, tmp_path: Path) -> None:
    """A valid charter file the server can read is still not a charter id."""
    copy = tmp_path / "mine.toml"
    copy.write_text(profile_path("eas-2026").read_text())
    r = module_api.post("/v1/notifications/assess", "PUBLIC", [ROW], charter=str(copy))
    assert_invalid(r, "charter", "no such profile")


def test_assess_tells_nothing_about_files_on_the_server(module_api: Api, tmp_path: Path) -> None:
    """An existing file, a missing one and a directory get the same answer, which names
    none of them."""
    (tmp_path / "secret.toml").write_text('password = "hunter2"\n')
    answers = []
    for ref in (tmp_path / "secret.toml", tmp_path / "absent.toml", tmp_path, "/etc/passwd"):
        r = module_api.post("/v1/notifications/assess", "PUBLIC", [ROW], charter=str(ref))
        assert_invalid(r, "charter", "no such profile")
        assert str(tmp_path) not in r.text
        assert "password" not in r.text
        answers.append(r.json())
    assert all(a == answers[0] for a in answers)


def test_assess_refuses_more_activities_than_its_limit(module_api: Api) -> None:
    """Refused before any row is read: the error names the body and the limit."""
    r = module_api.post("/v1/notifications/assess", "PUBLIC", [{}] * (MAX_ASSESS_ACTIVITIES + 1))
    assert_invalid(r, "body", f"at most {MAX_ASSESS_ACTIVITIES:,} activities")
    assert [e["loc"] for e in r.json()["errors"]] == ["body"]


@pytest.mark.parametrize("charter_id", ["eas-2026", "vienna-2011"])
def test_charter_routes_serve_shipped_profiles(module_api: Api, charter_id: str) -> None:
    assert module_api.ok(module_api.get(f"/v1/charters/{charter_id}"))["id"] == charter_id
    assert charter_id in [c["id"] for c in module_api.ok(module_api.get("/v1/charters"))]
