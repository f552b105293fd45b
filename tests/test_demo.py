"""The demo year builds on both databases and shows what it promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from cosec.demo.build import build, is_demo_or_empty
from cosec.publication import service as publication
from cosec.store.db import make_engine, session_factory
from cosec.store.observations import ObservationRow
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import fresh_ledger


def test_demo_year_has_late_split_near_threshold_and_unanswered(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    factory = session_factory(engine)
    result = build(factory, fresh_ledger(), data_dir=tmp_path)
    with factory() as s:
        rows = s.scalars(select(FindingRow)).all()
        analyses = {
            r.payload["event_kind"]: r.audience
            for r in s.scalars(select(RecordRow).where(RecordRow.kind == "evidence.analysis"))
        }
        observations = s.scalar(select(func.count()).select_from(ObservationRow))
        assert is_demo_or_empty(s)
        published = {r.scope: r for r in publication.releases(s)}
        high = s.scalars(select(FindingRow.id).where(FindingRow.severity == "high")).all()
    flags = Counter(f.flag for f in rows if f.mechanism == "notification")
    engine.dispose()
    assert flags["late"] >= 2
    assert flags["split_suspected"] == 1
    assert flags["near_threshold"] == 1
    assert flags["reply_overdue"] == 1
    assert flags["calendar_overdue"] >= 1
    assert flags["not_notified"] == 1
    assert flags["grew_after_event"] == 1
    assert result.records > 40
    assert set(result.keys) >= {"demo-secretariat", "demo-chn", "demo-observer"}
    # The core's own analyses (mechanisms' parts add theirs, such as near-coast).
    assert (
        analyses.items()
        >= {"encounters": "public", "rendezvous": "regime", "gaps": "regime"}.items()
    )
    assert observations > 0
    # The year ends with the secretariat publishing: the public sees these, and only these.
    assert set(published) == {"findings", "statistics", "report"}
    assert published["report"].year == 2026
    assert sorted(published["findings"].findings) == sorted(high)
