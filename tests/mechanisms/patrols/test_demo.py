"""The demo year has a year of Lancang-Mekong patrols and cases: one patrol reported late,
one never reported, one case shared late, every category of case."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from cosec.demo.build import build
from cosec.mechanisms.patrols.demo import part
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import fresh_ledger


def test_the_demo_part_is_a_year_of_patrols_and_cases_in_time_order() -> None:
    steps = part().steps
    assert [s.when for s in steps] == sorted(s.when for s in steps)
    kinds = Counter(s.kind for s in steps)
    assert kinds == {"patrols.plan": 22, "patrols.report": 19, "patrols.case": 14}
    assert {s.payload["category"] for s in steps if s.kind == "patrols.case"} == {
        "CAT1",
        "CAT2",
        "CAT3",
        "CAT4",
    }


def test_the_demo_year_has_a_late_report_an_overdue_one_and_a_late_case(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    factory = session_factory(engine)
    build(factory, fresh_ledger())
    with factory() as s:
        found = s.scalars(select(FindingRow).where(FindingRow.mechanism == "patrols")).all()
        kinds = Counter(
            s.scalars(select(RecordRow.kind).where(RecordRow.mechanism == "patrols")).all()
        )
    engine.dispose()
    assert kinds == {"patrols.plan": 22, "patrols.report": 19, "patrols.case": 14}
    flags = sorted((f.flag, f.state) for f in found)
    assert flags == [("case_late", "open"), ("report_late", "open"), ("report_overdue", "open")]
    late = next(f for f in found if f.flag == "report_late")
    assert "Joint patrol 138" in late.summary
    overdue = next(f for f in found if f.flag == "report_overdue")
    assert overdue.summary.startswith("Laos led “Joint patrol 149”")
