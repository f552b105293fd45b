"""The annual report's figures: pure functions of facts handed to them.

No store, no web: :mod:`cosec.reports.gather` reads the facts, these functions compute
the figures, :mod:`cosec.reports.render` draws them. The figures are plain JSON (dicts,
lists, numbers, strings), so a release of the report publishes them as they are
(:mod:`cosec.publication`) and the public page draws the published figures.

>>> facts = ReportFacts(
...     year=2026, charter="eas-2026 1", generated_at="2026-12-31T00:00:00+00:00",
...     members=(Member("CHN", "China", frozenset({"notification"})),),
...     mechanisms=(MechanismInfo("notification", "Notifications",
...                 (ObligationInfo("notification.lead_time", "Notify early"),)),),
...     findings=(FindingFact(1, "notification", "notification.lead_time", "high", "open",
...               ("CHN",), 2026, False),),
...     records=(RecordCount("notification", "CHN", 2026, 3),),
... )
>>> report = annual_figures(facts)
>>> report["heatmap"]["CHN"]["notification"]["status"]
'breached'
>>> report["members"][0]["records"]
{'notification': 3}
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cosec.i18n import gettext, number

SEVERITIES = ("low", "medium", "high")
STATUSES = ("kept", "watch", "breached", "unpublished", "n/a")


@dataclass(frozen=True, slots=True)
class Member:
    """A member state and the mechanisms whose regimes it belongs to."""

    code: str
    name: str
    regimes: frozenset[str]


@dataclass(frozen=True, slots=True)
class ObligationInfo:
    """An obligation: its stable id and its title."""

    id: str
    title: str


@dataclass(frozen=True, slots=True)
class MechanismInfo:
    """A registered mechanism in force under the charter, with its obligations."""

    name: str
    title: str
    obligations: tuple[ObligationInfo, ...]


@dataclass(frozen=True, slots=True)
class FindingFact:
    """One finding as the report counts it."""

    id: int
    mechanism: str
    obligation: str
    severity: str
    state: str
    members: tuple[str, ...]
    year: int
    """The year it was first seen."""
    answered: bool


@dataclass(frozen=True, slots=True)
class RecordCount:
    """How many records ``member`` sent under ``mechanism`` in ``year``."""

    mechanism: str
    member: str
    year: int
    count: int


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """Everything the report is computed from."""

    year: int
    charter: str
    generated_at: str
    members: tuple[Member, ...]
    mechanisms: tuple[MechanismInfo, ...]
    findings: tuple[FindingFact, ...]
    records: tuple[RecordCount, ...]
    extra: tuple[dict[str, Any], ...] = field(default=())
    """Mechanisms' own figures per member (:class:`cosec.kit.report.MemberFigure` as
    dicts with a ``mechanism`` key)."""
    audience: str = "secretariat"
    """Whose view: ``secretariat``, a member code, or ``public``."""


def cell_status(found: Iterable[FindingFact], *, applies: bool) -> str:
    """A heat-map cell: ``breached`` (a medium or high finding open), ``watch`` (findings,
    none of them a medium or high one open), ``kept`` (none), ``n/a`` (not its regime).

    >>> cell_status([], applies=False)
    'n/a'
    """
    if not applies:
        return "n/a"
    found = list(found)
    if not found:
        return "kept"
    if any(f.state == "open" and f.severity in ("medium", "high") for f in found):
        return "breached"
    return "watch"


def _member_rows(facts: ReportFacts, of_year: list[FindingFact]) -> list[dict[str, Any]]:
    records: dict[str, Counter[str]] = defaultdict(Counter)
    for r in facts.records:
        if r.year == facts.year:
            records[r.member][r.mechanism] += r.count
    by_sev: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    answered: Counter[str] = Counter()
    concerning: Counter[str] = Counter()
    for f in of_year:
        for code in f.members:
            by_sev[code][f.mechanism][f.severity] += 1
            concerning[code] += 1
            answered[code] += f.answered
    rows = []
    for m in facts.members:
        rows.append(
            {
                "code": m.code,
                "name": m.name,
                "records": {k: v for k, v in sorted(records[m.code].items())},
                "findings": {
                    mech: {s: by_sev[m.code][mech][s] for s in SEVERITIES}
                    for mech in sorted(by_sev[m.code])
                },
                "findings_total": concerning[m.code],
                "answered": answered[m.code],
            }
        )
    return rows


def _heatmap(facts: ReportFacts, of_year: list[FindingFact]) -> dict[str, Any]:
    cells: dict[tuple[str, str], list[FindingFact]] = defaultdict(list)
    for f in of_year:
        for m in f.members:
            cells[(m, f.mechanism)].append(f)
    return {
        m.code: {
            mech.name: {
                "status": cell_status(cells[(m.code, mech.name)], applies=mech.name in m.regimes),
                "findings": len(cells[(m.code, mech.name)]),
            }
            for mech in facts.mechanisms
        }
        for m in facts.members
    }


def _trend(facts: ReportFacts) -> dict[str, Any]:
    years_seen = [f.year for f in facts.findings] + [r.year for r in facts.records]
    first = min([*years_seen, facts.year])
    years = list(range(max(first, facts.year - 9), facts.year + 1))
    found = Counter(f.year for f in facts.findings)
    serious = Counter(f.year for f in facts.findings if f.severity in ("medium", "high"))
    sent: Counter[int] = Counter()
    for r in facts.records:
        sent[r.year] += r.count
    return {
        "years": years,
        "series": [
            {"name": "records sent", "values": [sent[y] for y in years]},
            {"name": "findings", "values": [found[y] for y in years]},
            {"name": "medium or high findings", "values": [serious[y] for y in years]},
        ],
    }


def annual_figures(facts: ReportFacts) -> dict[str, Any]:
    """The report of ``facts.year``: per member, per mechanism, the heat-map and the trend."""
    of_year = [f for f in facts.findings if f.year == facts.year]
    totals = Counter(f.severity for f in of_year)
    by_mech: dict[str, Counter[str]] = defaultdict(Counter)
    for f in of_year:
        by_mech[f.mechanism][f.severity] += 1
    return {
        "year": facts.year,
        "charter": facts.charter,
        "generated_at": facts.generated_at,
        "audience": facts.audience,
        "mechanisms": [
            {
                "name": m.name,
                "title": m.title,
                "obligations": [{"id": o.id, "title": o.title} for o in m.obligations],
                "findings": {s: by_mech[m.name][s] for s in SEVERITIES},
            }
            for m in facts.mechanisms
        ],
        "members": _member_rows(facts, of_year),
        "heatmap": _heatmap(facts, of_year),
        "totals": {
            "findings": len(of_year),
            "open": sum(1 for f in of_year if f.state == "open"),
            "answered": sum(1 for f in of_year if f.answered),
            "by_severity": {s: totals[s] for s in SEVERITIES},
            "records": sum(r.count for r in facts.records if r.year == facts.year),
        },
        "trend": _trend(facts),
        "extra": [dict(e) for e in facts.extra],
    }


def headline(figures: Mapping[str, Any]) -> str:
    """One sentence for the report's first page, in the reader's language.

    >>> headline({"year": 2026, "members": [{}, {}],  # doctest: +ELLIPSIS
    ...           "totals": {"findings": 3, "open": 1, "records": 10},
    ...           "heatmap": {"A": {"x": {"status": "breached"}}, "B": {"x": {"status": "kept"}}}})
    'In 2026, 2 members sent 10 records; 3 findings were raised, 1 still open; 1 of 2 ...'
    """
    breached = sum(
        1
        for row in figures["heatmap"].values()
        if any(c["status"] == "breached" for c in row.values())
    )
    t = figures["totals"]
    return gettext(
        "In %(year)s, %(members)s members sent %(records)s records; %(findings)s findings "
        "were raised, %(open)s still open; %(breached)s of %(all)s members in breach of at "
        "least one mechanism."
    ) % {
        "year": figures["year"],
        "members": number(len(figures["members"])),
        "records": number(t["records"]),
        "findings": number(t["findings"]),
        "open": number(t["open"]),
        "breached": number(breached),
        "all": number(len(figures["heatmap"])),
    }
