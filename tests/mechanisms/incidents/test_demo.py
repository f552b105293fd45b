"""The demo year shows the code of safe conduct: an unreported encounter and a report the
tracks contradict (both citing the planted tracks), a repeat offender, a joint assessment."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from cosec.demo.build import build
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import fresh_ledger


def test_the_demo_year_has_incidents_checked_against_tracks(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url)
    factory = session_factory(engine)
    build(factory, fresh_ledger(), data_dir=tmp_path)
    with factory() as s:
        found = s.scalars(select(FindingRow).where(FindingRow.mechanism == "incident")).all()
        kinds = Counter(
            s.scalars(select(RecordRow.kind).where(RecordRow.mechanism == "incident")).all()
        )
    engine.dispose()
    flags = Counter(f.flag for f in found if f.state == "open")
    assert flags["unreported_encounter"] == 1
    assert flags["report_contradicted"] == 1
    assert flags["repeat_offender"] == 1
    assert flags["reply_overdue"] == 3
    assert flags["reply_late"] == 1
    unreported = next(f for f in found if f.flag == "unreported_encounter")
    contradicted = next(f for f in found if f.flag == "report_contradicted")
    assert unreported.observations
    assert contradicted.observations
    assert "40 m" in unreported.summary
    assert "60 m" in contradicted.summary
    assert "380 m" in contradicted.summary
    assert kinds["incident.report"] == 8
    assert kinds["incident.endorsement"] == 1
