"""The demo year's decisions: council and summit meetings, proposals decided under each rule
(consensus adopted and blocked, two-thirds met exactly and missed by one, consensus minus
the parties over a party's objection, a simple majority), a working group without a
quorum, a draft, a withdrawal, and China's task of a council decision left undone."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from cosec.charters import load_profile
from cosec.demo.build import build
from cosec.mechanisms.decisions.fold import Fold
from cosec.mechanisms.decisions.regime import DecisionsRegime
from cosec.store.db import make_engine, session_factory
from cosec.store.tables import FindingRow, RecordRow
from tests.conftest import fresh_ledger


def test_the_demo_year_decides_under_each_rule_and_a_task_is_late(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url)
    factory = session_factory(engine)
    build(factory, fresh_ledger(), data_dir=tmp_path)
    regime = load_profile("eas-2026").regime("decisions")
    assert isinstance(regime, DecisionsRegime)
    fold = Fold(lambda version: regime)
    with factory() as s:
        found = s.scalars(select(FindingRow).where(FindingRow.mechanism == "decisions")).all()
        rows = s.scalars(
            select(RecordRow).where(RecordRow.mechanism == "decisions").order_by(RecordRow.id)
        ).all()
        for row in rows:
            fold.apply(row)
    engine.dispose()
    kinds = Counter(r.kind for r in rows)
    assert kinds["decisions.meeting"] == 6
    outcomes = {
        p.proposal.title: (
            p.status,
            p.tally.outcome if p.tally else None,
            p.tally.rule if p.tally else None,
        )
        for p in fold.proposals.values()
    }
    assert outcomes["Open national points of contact for the hotline"] == (
        "decided",
        "adopted",
        "consensus",
    )
    assert outcomes["Joint observation of major exercises in the South China Sea"] == (
        "decided",
        "rejected",
        "consensus",
    )
    assert outcomes["Notify air activity from 150 sorties"] == (
        "decided",
        "adopted",
        "qualified_majority",
    )
    assert outcomes["Notify amphibious landings from 2,000 troops"] == (
        "decided",
        "rejected",
        "qualified_majority",
    )
    assert outcomes["Recommend no further reclamation at Second Thomas Shoal"] == (
        "decided",
        "adopted",
        "consensus_minus_parties",
    )
    assert outcomes["Hold the 2027 session in Singapore"] == (
        "decided",
        "adopted",
        "simple_majority",
    )
    assert outcomes["Share launch warnings within the hour"] == (
        "decided",
        "no_quorum",
        "consensus",
    )
    assert outcomes["Observer status for sanctions monitors"][0] == "withdrawn"
    assert outcomes["Extend the hotline to coast guards"] == ("draft", None, None)
    summit = [p for p in fold.proposals.values() if p.proposal.body == "summit"]
    assert [(p.number, p.adopted) for p in summit] == [(f"SUMMIT-2026-{summit[0].id}", True)]
    template = next(
        p
        for p in fold.proposals.values()
        if p.proposal.title == "Adopt the incident reporting template"
    )
    number = f"COUNCIL-2026-{template.id}"
    assert template.number == number
    flags = sorted(
        (f.flag, f.state, f.summary.split(" ", 2)[:2] == ["China", "has"]) for f in found
    )
    assert flags == [("task_late", "open", False), ("task_overdue", "open", True)]
    late = next(f for f in found if f.flag == "task_late")
    assert late.summary.startswith(f"The Philippines reported task 2 of decision {number}")
    overdue = next(f for f in found if f.flag == "task_overdue")
    assert f"China has not reported task 1 of decision {number}" in overdue.summary
