"""The status quo's part of the demo year shows what its docstring promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from cosec.demo.build import build
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingRow
from tests.conftest import fresh_ledger


def test_the_demo_year_raises_each_status_quo_finding(sqlite_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url)
    factory = session_factory(engine)
    build(factory, fresh_ledger(), data_dir=tmp_path)
    with factory() as s:
        rows = s.scalars(select(FindingRow).where(FindingRow.mechanism == "statusquo")).all()
        found = Counter((f.flag, f.details.get("feature")) for f in rows if f.state == "open")
    engine.dispose()
    assert found == Counter(
        {
            ("reclamation", "barque-canada-reef"): 1,
            ("unreported_change", "barque-canada-reef"): 1,
            ("new_facility", "mischief-reef"): 1,
            ("unreported_change", "mischief-reef"): 1,
            ("offensive_deployment", "fiery-cross-reef"): 2,
            ("unreported_change", "fiery-cross-reef"): 1,
            ("feature_approach", "mischief-reef"): 1,
            ("feature_approach", "second-thomas-shoal"): 1,
            ("feature_approach", "johnson-south-reef"): 1,
        }
    )  # nothing on Woody Island (at the tolerance), Thitu (a joined public good), Scarborough
