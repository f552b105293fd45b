"""The report's pure kernel: figures from facts, charts from figures."""

from __future__ import annotations

import doctest
import xml.etree.ElementTree as ET

import cosec.reports.charts
import cosec.reports.figures
from cosec.reports import charts
from cosec.reports.figures import (
    FindingFact,
    MechanismInfo,
    Member,
    ObligationInfo,
    RecordCount,
    ReportFacts,
    annual_figures,
    cell_status,
)

ALL = frozenset({"core", "alpha", "beta"})


def fact(
    fid: int,
    mech: str,
    sev: str,
    state: str,
    members: tuple[str, ...],
    year: int = 2026,
    answered: bool = False,
) -> FindingFact:
    return FindingFact(fid, mech, f"{mech}.rule", sev, state, members, year, answered)


def facts(findings: tuple[FindingFact, ...], records: tuple[RecordCount, ...] = ()) -> ReportFacts:
    return ReportFacts(
        year=2026,
        charter="test 1",
        generated_at="2026-12-31T00:00:00+00:00",
        members=(
            Member("AAA", "Alphaland", ALL),
            Member("BBB", "Betaland", frozenset({"core", "alpha"})),
        ),
        mechanisms=(
            MechanismInfo("alpha", "Alpha", (ObligationInfo("alpha.rule", "Alpha rule"),)),
            MechanismInfo("beta", "Beta", (ObligationInfo("beta.rule", "Beta rule"),)),
        ),
        findings=findings,
        records=records,
    )


def test_the_doctests_hold() -> None:
    for module in (cosec.reports.figures, cosec.reports.charts):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


def test_cell_status_follows_the_worst_open_finding() -> None:
    assert cell_status([], applies=True) == "kept"
    assert cell_status([fact(1, "alpha", "high", "open", ("AAA",))], applies=False) == "n/a"
    assert cell_status([fact(1, "alpha", "low", "open", ("AAA",))], applies=True) == "watch"
    assert cell_status([fact(1, "alpha", "high", "answered", ("AAA",))], applies=True) == "watch"
    assert (
        cell_status(
            [
                fact(1, "alpha", "low", "open", ("AAA",)),
                fact(2, "alpha", "medium", "open", ("AAA",)),
            ],
            applies=True,
        )
        == "breached"
    )


def test_annual_figures_count_the_year_by_member_and_mechanism() -> None:
    report = annual_figures(
        facts(
            (
                fact(1, "alpha", "high", "open", ("AAA", "BBB")),
                fact(2, "alpha", "low", "answered", ("BBB",), answered=True),
                fact(3, "beta", "medium", "resolved", ("AAA",)),
                fact(4, "beta", "high", "open", ("AAA",), year=2025),  # another year
            ),
            (RecordCount("alpha", "AAA", 2026, 5), RecordCount("alpha", "AAA", 2025, 7)),
        )
    )
    aaa, bbb = report["members"]
    assert aaa["records"] == {"alpha": 5}
    assert aaa["findings"] == {
        "alpha": {"low": 0, "medium": 0, "high": 1},
        "beta": {"low": 0, "medium": 1, "high": 0},
    }
    assert (aaa["findings_total"], bbb["findings_total"], bbb["answered"]) == (2, 2, 1)
    assert report["heatmap"]["AAA"]["alpha"] == {"status": "breached", "findings": 1}
    assert report["heatmap"]["AAA"]["beta"] == {"status": "watch", "findings": 1}
    assert report["heatmap"]["BBB"]["beta"] == {"status": "n/a", "findings": 0}
    assert report["totals"]["by_severity"] == {"low": 1, "medium": 1, "high": 1}
    assert report["trend"]["years"] == [2025, 2026]
    assert report["trend"]["series"][0]["values"] == [7, 5]
    assert report["trend"]["series"][1]["values"] == [1, 3]
    assert [m["findings"] for m in report["mechanisms"]] == [
        {"low": 1, "medium": 0, "high": 1},
        {"low": 0, "medium": 1, "high": 0},
    ]


def test_charts_escape_what_they_draw_and_parse_as_svg() -> None:
    evil = '<script>alert("x")</script>'
    for svg in (
        charts.bars(evil, [(evil, 3.0)]),
        charts.stacked(evil, [(evil, {"low": 1})], keys=("low",)),
        charts.heatmap(evil, [evil], [evil], {evil: {evil: ("breached", "1")}}),
        charts.lines(evil, [2025, 2026], [(evil, [1, 2])]),
    ):
        assert "<script>" not in svg
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_heatmap_has_a_cell_per_member_and_mechanism() -> None:
    svg = charts.heatmap(
        "t",
        ["A", "B"],
        ["x", "y", "z"],
        {"A": {"x": ("kept", "")}, "B": {"z": ("breached", "2")}},
    )
    cells = ET.fromstring(svg).findall("{http://www.w3.org/2000/svg}rect")
    assert len(cells) == 2 * 3 + 5  # the grid and the legend
    assert sum(1 for c in cells if c.get("fill") == charts.PALETTE["breached"]) == 2
