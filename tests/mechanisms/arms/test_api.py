"""/v1/arms as a member's system uses it, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cosec.compliance import engine
from tests.api.support import Api, api_over, assert_invalid
from tests.conftest import World
from tests.mechanisms.arms.support import arms_return, line


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    with api_over(world) as a:
        yield a


def _evaluate(api: Api) -> None:
    with api.world.session() as s:
        engine.evaluate(s, deployment=api.world.deployment(), clock=api.world.clock)


def test_both_sides_submit_and_the_mismatch_shows_on_both_members_with_both_figures(
    api: Api,
) -> None:
    usa = {"payload": arms_return(exports=[line("JPN", "IV", 8, "F-35A")])}
    made = api.ok(api.post("/v1/arms/returns", "USA", usa), 201)
    assert (made["member"], made["year"], made["on_time"], made["latest"]) == (
        "USA",
        2025,
        True,
        True,
    )
    assert made["due"] == "2026-05-31"
    assert made["exported"] == 8
    jpn = {"payload": arms_return(imports=[line("USA", "IV", 6, "F-35A")])}
    api.ok(api.post("/v1/arms/returns", "JPN", jpn), 201)
    _evaluate(api)
    for member in ("USA", "JPN"):
        page = api.ok(api.get(f"/v1/arms/members/{member}", "SEC"))
        assert page["disagreements"] == [
            {
                "year": 2025,
                "exporter": "USA",
                "importer": "JPN",
                "category": "IV",
                "exported": 8,
                "imported": 6,
                "flag": "mirror_mismatch",
            }
        ]
        flags = [(f["flag"], f["members"]) for f in page["findings"]]
        assert flags == [("mirror_mismatch", ["JPN", "USA"])]
        assert page["parts"]["checked"] == 1
        assert page["parts"]["agreeing"] == 0
        assert page["index"] == 0.0  # nothing due yet (1 March 2026): agreement alone
    listed = api.ok(api.get("/v1/arms/returns", "CHN", member="jpn"))
    assert [r["member"] for r in listed] == ["JPN"]
    assert api.ok(api.get("/v1/arms/totals", "SEC")) == {"2025": {"IV": 8}}


def test_a_bad_return_is_a_422_naming_the_field_and_changes_nothing(api: Api) -> None:
    before = api.state()
    bad = {"payload": arms_return(exports=[line("JPN", "IX", 0)])}
    r = api.post("/v1/arms/returns", "USA", bad)
    assert r.status_code == 422
    assert_invalid(r, "payload.exports[0].category", "I")
    nil = {"payload": {"year": 2025, "nil": True, "imports": [line("JPN", "I", 1)]}}
    assert_invalid(api.post("/v1/arms/returns", "USA", nil), "payload.imports", "nil return")
    own = {"payload": arms_return(exports=[line("USA", "I", 1)])}
    assert_invalid(
        api.post("/v1/arms/returns", "USA", own), "payload.exports[0].counterpart", "another"
    )
    assert api.state() == before


def test_the_public_reads_no_regime_return_and_an_observer_sends_none(api: Api) -> None:
    made = api.ok(api.post("/v1/arms/returns", "USA", {"payload": arms_return()}), 201)
    assert made["nil"] is True
    assert api.get(f"/v1/arms/returns/{made['id']}", "PUBLIC").status_code == 404
    assert api.ok(api.get("/v1/arms/returns", "PUBLIC")) == []
    assert api.post("/v1/arms/returns", "OBS", {"payload": arms_return()}).status_code == 403


def test_a_late_return_and_expenditure_after_their_days(api: Api) -> None:
    api.world.clock.set(datetime(2026, 6, 3, 9, tzinfo=UTC))
    late = api.ok(api.post("/v1/arms/returns", "CHN", {"payload": arms_return()}), 201)
    assert late["on_time"] is False
    spent = {
        "payload": {
            "year": 2025,
            "form": "simplified",
            "currency": "CNY",
            "lines": [{"force": "land", "amount": 7.1e11}, {"force": "naval", "amount": 3.9e11}],
        }
    }
    api.ok(api.post("/v1/arms/expenditures", "CHN", spent), 201)
    bad = {
        "payload": spent["payload"]
        | {"lines": [{"force": "land", "cost": "personnel", "amount": 1}]}
    }
    assert_invalid(api.post("/v1/arms/expenditures", "CHN", bad), "payload.lines", "simplified")
    _evaluate(api)
    mine = [
        (f["obligation"], f["flag"])
        for f in api.findings("SEC", member="CHN", state="open")
        if f["obligation"].startswith("arms.")
    ]
    assert sorted(mine) == [
        ("arms.expenditure_on_time", "return_late"),
        ("arms.returns_on_time", "return_late"),
    ]
    resolved = api.findings("SEC", member="CHN", state="resolved")
    assert [f["flag"] for f in resolved if f["obligation"].startswith("arms.")] == [
        "return_missing"  # the expenditure report, missing when the return came
    ]
    assert len(api.ok(api.get("/v1/arms/expenditures", "USA"))) == 1


def test_assess_over_the_api(api: Api) -> None:
    body = {
        "year": 2025,
        "as_of": "2026-05-01",
        "returns": [
            {
                "member": "CHN",
                "year": 2025,
                "submitted": "2026-04-01",
                "exports": [{"to": "USA", "category": "VII", "units": 3}],
            },
            {"member": "USA", "year": 2025, "submitted": "2026-04-01", "nil": True},
        ],
    }
    found = api.ok(api.post("/v1/arms/assess", "PUBLIC", body))
    assert found == [
        {"flag": "import_unreported", "members": ["CHN", "USA"], "category": "VII", "year": 2025}
    ]
    body["returns"][1]["member"] = "ZZZ"  # type: ignore[index]
    assert_invalid(
        api.post("/v1/arms/assess", "PUBLIC", body), "return 2 (ZZZ).member", "not a member"
    )


def test_the_inbox_lists_the_return_and_report_due_until_they_are_sent(api: Api) -> None:
    api.world.clock.set(datetime(2026, 4, 2, 9, tzinfo=UTC))

    def due() -> list[tuple[str, str, str]]:
        box = api.ok(api.get("/v1/inbox", "CHN", kind="return"))
        return sorted((i["key"], i["href"], i["due"][:10]) for i in box["items"])

    assert due() == [
        ("arms:expenditure:CHN:2025", "/arms/expenditures/new", "2026-04-30"),
        ("arms:return:CHN:2025", "/arms/returns/new", "2026-05-31"),
    ]
    api.ok(api.post("/v1/arms/returns", "CHN", {"payload": arms_return()}), 201)
    assert [k for k, _, _ in due()] == ["arms:expenditure:CHN:2025"]
    sec = api.ok(api.get("/v1/inbox", "SEC", kind="return", member="USA"))
    assert {i["key"] for i in sec["items"]} == {
        "arms:expenditure:USA:2025",
        "arms:return:USA:2025",
    }
