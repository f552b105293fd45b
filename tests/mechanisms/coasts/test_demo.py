"""Presence's part of the demo year shows what its docstring promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from cosec.demo.build import build
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingMemberRow, FindingRow
from tests.conftest import fresh_ledger


def test_the_demo_year_counts_presence_along_coasts(sqlite_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url)
    factory = session_factory(engine)
    build(factory, fresh_ledger(), data_dir=tmp_path)
    with factory() as s:
        rows = s.scalars(select(FindingRow).where(FindingRow.mechanism == "coasts")).all()
        member = dict(s.execute(select(FindingMemberRow.finding_id, FindingMemberRow.member)).all())
        stays = Counter(
            (member[f.id], f.details["coastal_state"], f.details["start"][:4])
            for f in rows
            if f.flag == "presence"
        )
        grew = sorted(f.subjects[0] for f in rows if f.flag == "presence_grew")
        areas = [
            (f.details["coastal_state"], f.summary)
            for f in rows
            if f.flag != "presence" and f.flag != "presence_grew"
        ]
    engine.dispose()
    assert stays == Counter(
        {
            ("CHN", "JPN", "2025"): 1,
            ("USA", "CHN", "2025"): 1,
            ("RUS", "JPN", "2025"): 1,
            ("CHN", "JPN", "2026"): 4,  # three stays, one split by a 90-minute gap
            ("CHN", "PHL", "2026"): 1,
            ("USA", "CHN", "2026"): 1,
            ("RUS", "JPN", "2026"): 1,
        }
    )  # the Japanese cutter along Japan's own coast never counts
    assert grew == ["presence:CHN:JPN:2026", "presence:CHN:PHL:2026"]
    assert [c for c, _ in areas] == ["JPN"]
    assert "Joint Sea 2026" in areas[0][1]
