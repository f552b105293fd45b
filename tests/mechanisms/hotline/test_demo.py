"""The demo year has quarterly drills with one slow member, real messages acknowledged late
or never, their escalations, and a member with no chain of contacts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from cosec.demo.build import build
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import fresh_ledger


def test_the_demo_year_has_drills_a_slow_member_and_escalations(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url)
    factory = session_factory(engine)
    build(factory, fresh_ledger(), data_dir=tmp_path)
    with factory() as s:
        found = s.scalars(select(FindingRow).where(FindingRow.mechanism == "hotline")).all()
        kinds = Counter(
            s.scalars(select(RecordRow.kind).where(RecordRow.mechanism == "hotline")).all()
        )
    engine.dispose()
    open_flags = Counter(f.flag for f in found if f.state == "open")
    assert open_flags["slow_to_acknowledge"] == 1
    slow = next(f for f in found if f.flag == "slow_to_acknowledge")
    assert "China took a median" in slow.summary
    assert open_flags["ack_overdue"] == 1  # the FLASH after the collision, never acknowledged
    assert open_flags["ack_late"] >= 3  # China's late drills and the water-cannon FLASH
    assert open_flags["contacts_missing"] == 1  # Myanmar
    assert kinds["hotline.contacts"] == 17
    assert kinds["hotline.escalation"] >= 4
