"""The notification service on a real store: SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cosec import deployment as deployment_service
from cosec.compliance import engine
from cosec.compliance import service as findings
from cosec.errors import Forbidden, InvalidInput
from cosec.mechanisms.notifications import service
from cosec.pipeline.submit import Item, submit, submit_many
from cosec.principals import Role
from cosec.store.tables import RecordPartyRow, RecordRow
from tests.conftest import World


def notification(
    start: date, troops: int = 12_000, states: tuple[str, ...] = ("CHN",), **extra: Any
) -> dict[str, Any]:
    return {
        "designation": extra.pop("designation", "Strait Thunder"),
        "states": list(states),
        "start": start.isoformat(),
        "end": (start + timedelta(days=5)).isoformat(),
        "figures": {"troops": troops},
        **extra,
    }


def answer(world: World, s: Any, principal: Any, finding_id: int, text: str) -> Any:
    """A member's signed answer to a finding, as the CLI and the web send it."""
    d = deployment_service.load(s)
    item = findings.answer_item(
        s, deployment=d, principal=principal, finding_id=finding_id, text=text
    )
    return submit_many(
        s, deployment=d, ledger=world.ledger, principal=principal, items=[item], clock=world.clock
    )[0]


def count(world: World) -> int:
    with world.session(write=False) as s:
        return s.scalar(select(func.count()).select_from(RecordRow)) or 0


def test_late_notification_is_found_and_stored_with_its_parties(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    sec, _ = world.user("sec", role=Role.SECRETARIAT)
    start = world.clock.now().date() + timedelta(days=20)
    with world.session() as s:
        row = submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=chn,
            kind="notification.prior",
            payload=notification(start, states=("CHN", "RUS")),
            clock=world.clock,
        )
        rid = row.id
        parties = set(
            s.scalars(select(RecordPartyRow.member).where(RecordPartyRow.record_id == rid))
        )
    assert parties == {"CHN", "RUS"}
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        view = service.get_notification(s, deployment=d, principal=sec, notification_id=rid)
        found = findings.list_findings(s, deployment=d, principal=sec, record_id=rid)
    assert view.notification_required
    assert not view.on_time
    assert view.notify_by == start - timedelta(days=42)
    late = [f for f in found if f.row.flag == "late"]
    assert len(late) == 1
    assert late[0].members == ("CHN", "RUS")
    assert late[0].row.evidence == [rid]
    assert late[0].row.charter_version == "2026.1"


def test_a_member_cannot_amend_another_members_notification(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    jpn, _ = world.user("jpn", member="JPN")
    start = world.clock.now().date() + timedelta(days=60)
    with world.session() as s:
        d = deployment_service.load(s)
        rid = submit(
            s,
            ledger=world.ledger,
            deployment=d,
            principal=chn,
            kind="notification.prior",
            payload=notification(start),
            clock=world.clock,
        ).id
    before = count(world)
    with world.session() as s, pytest.raises(InvalidInput) as exc:
        submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=jpn,
            kind="notification.amendment",
            payload={"notification_id": rid, "reason": "x", "figures": {"troops": 1}},
            clock=world.clock,
        )
    assert [str(e) for e in exc.value.errors] == [
        "payload.notification_id: was notified by CHN, not by you"
    ]
    assert count(world) == before


def test_observer_may_not_submit(world: World) -> None:
    obs, _ = world.user("obs", role=Role.OBSERVER)
    with world.session() as s, pytest.raises(Forbidden):
        submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=obs,
            kind="notification.prior",
            payload=notification(date(2026, 9, 1)),
            clock=world.clock,
        )


def test_batch_with_one_bad_row_writes_nothing(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    good = notification(date(2026, 9, 1))
    bad = notification(date(2026, 9, 1), troops=-3)
    before = count(world)
    with world.session() as s, pytest.raises(InvalidInput) as exc:
        submit_many(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=chn,
            clock=world.clock,
            items=[
                Item("notification.prior", good),
                Item("notification.prior", good),
                Item("notification.prior", bad),
            ],
        )
    assert [str(e) for e in exc.value.errors] == [
        "row 3.payload.figures.troops: must not be negative"
    ]
    assert count(world) == before


def test_unanswered_request_becomes_overdue_then_resolved_by_a_reply(world: World) -> None:
    phl, _ = world.user("phl", member="PHL")
    chn, _ = world.user("chn", member="CHN")
    sec, _ = world.user("sec", role=Role.SECRETARIAT)
    asked = world.clock.now()
    with world.session() as s:
        req = submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=phl,
            kind="notification.explanation_request",
            payload={"respondent": "CHN", "concern": "vessels near Second Thomas Shoal"},
            clock=world.clock,
        )
        rid = req.id

    def overdue() -> list[str]:
        with world.session() as s:
            d = deployment_service.load(s)
            engine.evaluate(s, deployment=d, clock=world.clock)
            return [
                f.row.state
                for f in findings.list_findings(s, deployment=d, principal=sec)
                if f.row.flag == "reply_overdue"
            ]

    world.clock.set(asked + timedelta(hours=48))
    assert overdue() == []
    world.clock.set(asked + timedelta(hours=49))
    assert overdue() == ["open"]
    with world.session() as s:
        submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=chn,
            kind="notification.explanation_reply",
            payload={"request_id": rid, "explanation": "A coast guard rotation."},
            clock=world.clock,
        )
    # answered late: the overdue finding is resolved, a reply_late finding replaces it
    assert overdue() == ["resolved"]
    with world.session(write=False) as s:
        flags = {
            f.row.flag
            for f in findings.list_findings(
                s, deployment=deployment_service.load(s), principal=sec, state="open"
            )
        }
    assert "reply_late" in flags


def test_member_answers_its_finding_and_it_stays_answered(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    usa, _ = world.user("usa", member="USA")
    start = world.clock.now().date() + timedelta(days=10)
    with world.session() as s:
        rid = submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=chn,
            kind="notification.prior",
            payload=notification(start),
            clock=world.clock,
        ).id
    with world.session() as s:
        d = deployment_service.load(s)
        (late,) = [
            f
            for f in findings.list_findings(s, deployment=d, principal=chn, record_id=rid)
            if f.row.flag == "late"
        ]
        with pytest.raises(InvalidInput, match="concerns other members"):
            answer(world, s, usa, late.row.id, "no")
    with world.session() as s:
        d = deployment_service.load(s)
        answer(world, s, chn, late.row.id, "The exercise was brought forward by a typhoon.")
        engine.evaluate(s, deployment=d, clock=world.clock)
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        view = findings.get_finding(s, deployment=d, principal=usa, finding_id=late.row.id)
        assert view.row.state == "answered"
        assert findings.answer_text(s, deployment=d, principal=usa, view=view) == (
            "The exercise was brought forward by a typhoon."
        )


def test_record_is_judged_under_the_charter_version_in_force_when_submitted(
    world: World, tmp_path: Path
) -> None:
    chn, _ = world.user("chn", member="CHN")
    sec, _ = world.user("sec", role=Role.SECRETARIAT)
    start = date(2026, 6, 1)
    with world.session() as s:  # 1 March: 92 days ahead, on time under both versions
        old = submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=chn,
            kind="notification.prior",
            payload=notification(start - timedelta(days=0), designation="Old rules"),
            clock=world.clock,
        )
        old_id = old.id
    text = (Path(__file__).parents[3] / "src/cosec/charter/profiles/eas-2026.toml").read_text()
    new = tmp_path / "eas-2026-v2.toml"
    new.write_text(
        text.replace('version = "2026.1"', 'version = "2026.2"')
        .replace("effective_from = 2025-11-01", "effective_from = 2026-04-01")
        .replace("lead_time_days = 42", "lead_time_days = 120")
    )
    with world.session() as s:
        deployment_service.adopt(s, ref=new, clock=world.clock)
    world.clock.set(datetime(2026, 4, 2, tzinfo=UTC))
    with world.session() as s:
        newer = submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=chn,
            kind="notification.prior",
            payload=notification(date(2026, 7, 15), designation="New rules"),
            clock=world.clock,
        )
        new_id, new_version = newer.id, newer.charter_version
    assert new_version == "2026.2"
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        late = {
            f.row.evidence[0]
            for f in findings.list_findings(s, deployment=d, principal=sec)
            if f.row.flag == "late"
        }
        v_old = service.get_notification(s, deployment=d, principal=sec, notification_id=old_id)
    assert late == {new_id}  # 104 days ahead: late only under the 120-day rule
    assert v_old.notify_by == start - timedelta(days=42)


def test_adopting_a_changed_text_under_the_same_version_is_refused(
    world: World, tmp_path: Path
) -> None:
    from cosec.errors import Conflict

    text = (Path(__file__).parents[3] / "src/cosec/charter/profiles/eas-2026.toml").read_text()
    changed = tmp_path / "eas.toml"
    changed.write_text(text.replace("lead_time_days = 42", "lead_time_days = 30"))
    with world.session() as s, pytest.raises(Conflict):
        deployment_service.adopt(s, ref=changed, clock=world.clock)


def test_parties_notification_is_hidden_from_a_third_member(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    usa, _ = world.user("usa", member="USA")
    jpn, _ = world.user("jpn", member="JPN")
    with world.session() as s:
        submit(
            s,
            ledger=world.ledger,
            deployment=deployment_service.load(s),
            principal=chn,
            kind="notification.prior",
            payload=notification(date(2026, 9, 1)),
            audience="parties",
            parties=["USA"],
            clock=world.clock,
        )
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        seen = {
            p.member: len(service.list_notifications(s, deployment=d, principal=p))
            for p in (chn, usa, jpn)
        }
    assert seen == {"CHN": 1, "USA": 1, "JPN": 0}


def test_a_state_invited_to_observe_reads_the_notification(world: World) -> None:
    chn, _ = world.user("chn", member="CHN")
    usa, _ = world.user("usa", member="USA")
    kor, _ = world.user("kor", member="KOR")
    jpn, _ = world.user("jpn", member="JPN")
    with world.session() as s:
        d = deployment_service.load(s)
        rid = submit(
            s,
            deployment=d,
            ledger=world.ledger,
            principal=chn,
            kind="notification.prior",
            payload=notification(date(2026, 9, 1)),
            audience="parties",
            parties=["USA"],
            clock=world.clock,
        ).id
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        assert [
            len(service.list_notifications(s, deployment=d, principal=p)) for p in (usa, kor)
        ] == [1, 0]
    with world.session() as s:
        submit(
            s,
            deployment=deployment_service.load(s),
            ledger=world.ledger,
            principal=chn,
            kind="notification.invitation",
            payload={"notification_id": rid, "invited": ["KOR"]},
            clock=world.clock,
        )
    with world.session(write=False) as s:
        d = deployment_service.load(s)
        seen = {
            p.member: len(service.list_notifications(s, deployment=d, principal=p))
            for p in (usa, kor, jpn)
        }
    assert seen == {"USA": 1, "KOR": 1, "JPN": 0}
