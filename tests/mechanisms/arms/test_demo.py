"""The demo year shows the annual exchange: 2025's returns with the Register's usual
discrepancies, each a finding with both figures, late and missing returns."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from cosec.demo.build import build
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import fresh_ledger


def test_the_demo_year_has_returns_with_real_looking_discrepancies(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url)
    factory = session_factory(engine)
    build(factory, fresh_ledger(), data_dir=tmp_path)
    with factory() as s:
        found = s.scalars(select(FindingRow).where(FindingRow.mechanism == "arms")).all()
        kinds = Counter(
            s.scalars(select(RecordRow.kind).where(RecordRow.mechanism == "arms")).all()
        )
    engine.dispose()
    open_ = [f for f in found if f.state == "open"]
    mirror = sorted(
        (
            f.flag,
            f.details["exporter"],
            f.details["importer"],
            f.details["category"],
            f.details["exported"],
            f.details["imported"],
        )
        for f in open_
        if f.obligation == "arms.mirror"
    )
    assert mirror == [
        ("export_unreported", "RUS", "VNM", "VI", None, 2),
        ("import_unreported", "RUS", "VNM", "I", 12, None),
        ("mirror_mismatch", "CHN", "KHM", "I", 20, 18),
        ("mirror_mismatch", "USA", "AUS", "VII", 24, 20),
    ]
    returns = Counter(f.flag for f in open_ if f.obligation == "arms.returns_on_time")
    assert returns == {"return_missing": 4, "return_late": 1}  # IND, LAO, MYS, THA; VNM
    late = next(
        f for f in open_ if f.flag == "return_late" and f.obligation == "arms.returns_on_time"
    )
    assert late.subjects == ["return:VNM:2025"]
    spent = Counter(f.flag for f in open_ if f.obligation == "arms.expenditure_on_time")
    assert spent == {"return_missing": 14, "return_late": 1}  # KOR sent on 4 May
    assert kinds == {"arms.return": 21, "arms.expenditure": 6}  # 2024's too
    assert {f.details["year"] for f in found if f.obligation == "arms.mirror"} == {2025}
