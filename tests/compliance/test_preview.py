"""A preview says what a record would open, resolve and start, and writes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cosec.pipeline.preview import preview
from cosec.pipeline.submit import Item, submit
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import World


def _counts(world: World) -> tuple[int, int]:
    with world.session(write=False) as s:
        records = s.scalar(select(func.count()).select_from(RecordRow)) or 0
        findings = s.scalar(select(func.count()).select_from(FindingRow)) or 0
    return records, findings


def _activity(world: World, days: int, troops: int, name: str = "Strait Thunder") -> dict:
    start = world.clock.now().date() + timedelta(days=days)
    return {
        "designation": name,
        "states": ["CHN"],
        "start": start.isoformat(),
        "end": (start + timedelta(days=3)).isoformat(),
        "figures": {"troops": troops},
    }


def test_a_late_notification_shows_the_finding_against_its_own_state(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    before = _counts(world)
    with world.session(write=False) as s:
        p = preview(
            s,
            deployment=world.deployment(),
            principal=chn,
            item=Item("notification.prior", _activity(world, 10, 12_000)),
            clock=world.clock,
        )
    flags = {x.flag: x for x in p.against("CHN")}
    assert set(flags) == {"late", "calendar_missing"}  # and it is in no 2026 calendar
    assert "10 days before it began" in flags["late"].summary
    assert _counts(world) == before


def test_a_request_shows_the_reply_deadline_it_starts(world: World) -> None:
    world.user("rus", member="RUS")
    chn, _ = world.user("chn", member="CHN")
    with world.session(write=False) as s:
        p = preview(
            s,
            deployment=world.deployment(),
            principal=chn,
            item=Item("notification.explanation_request", {"respondent": "RUS", "concern": "x"}),
            clock=world.clock,
        )
    assert p.opens == []
    (d,) = p.deadlines
    assert d.flag == "reply_overdue"
    assert d.members == ("RUS",)
    assert d.by == world.clock.now() + timedelta(hours=48)


def test_an_amendment_shows_what_it_resolves(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    with world.session() as s:
        row = submit(
            s,
            deployment=world.deployment(),
            ledger=world.ledger,
            principal=chn,
            kind="notification.prior",
            payload=_activity(world, 60, 8_800),
            clock=world.clock,
        )
    with world.session(write=False) as s:
        p = preview(
            s,
            deployment=world.deployment(),
            principal=chn,
            item=Item(
                "notification.amendment",
                {"notification_id": row.id, "reason": "fewer", "figures": {"troops": 5_000}},
            ),
            clock=world.clock,
        )
    assert [r.flag for r in p.resolves] == ["near_threshold"]
    assert p.opens == []
