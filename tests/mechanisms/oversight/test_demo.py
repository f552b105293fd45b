"""Oversight's part of the demo year shows what its docstring promises."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from cosec.demo.build import build
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import fresh_ledger


def test_the_demo_year_has_a_season_at_sea_and_a_cap_near_its_limit(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url)
    factory = session_factory(engine)
    build(factory, fresh_ledger(), data_dir=tmp_path)
    with factory() as s:
        rows = s.scalars(select(FindingRow).where(FindingRow.mechanism == "oversight")).all()
        kinds = s.scalars(select(RecordRow.kind).where(RecordRow.mechanism == "oversight")).all()
    engine.dispose()
    found = sorted((f.flag, tuple(f.details.get("vessels", ()))) for f in rows)
    assert found == [
        ("dark_in_watch_zone", ("445112009",)),
        ("dprk_coast_approach", ("352112010",)),
        ("petroleum_threshold", ()),
        ("petroleum_threshold", ()),
        ("sts_designated", ("352112003", "445112001")),
        ("sts_designated", ("445112005", "511112006")),  # outside the zone: listed counts anywhere
        ("sts_watch_zone", ("412112004", "667112002")),
        ("sts_watch_zone", ("413112007", "636112008")),
    ]
    cedar = next(f for f in rows if "667112002" in f.details.get("vessels", ()))
    assert "listed by National list of the United States on 15 June 2026" in cedar.summary
    assert all(f.observations for f in rows if f.flag != "petroleum_threshold")
    shares = sorted(f.details["threshold"] for f in rows if f.flag == "petroleum_threshold")
    assert shares == [0.75, 0.9]
    assert kinds.count("oversight.event") == 6
    assert kinds.count("oversight.designation") == 4
    assert kinds.count("oversight.delisting") == 1
