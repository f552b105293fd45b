"""Mirror checks of annual arms returns: 20 years x 18 members x 500 transfer lines each
(180,000 lines), and how the cost grows with the number of lines (issue 12).

Run from the repository root (the machine should be otherwise quiet)::

    .venv/bin/python -m bench arms                 # writes the arms section of docs/performance.md
    .venv/bin/python -m bench.arms.run --no-write  # print only

Measured in one process, on the mechanism's own projection and rules (what the server's
evaluator runs for the arms mechanism, without the store): *fold* takes every return in
(payload validation and the indexes), *judge* runs ``arms.mirror`` over everything, and
*one return* takes in one corrected return and re-judges what it touches (its subject and
its counterparts' returns of the year, as the engine's focus would be).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bench.evaluation.docs import code, load, machine, spread, write_section

from cosec.charters import load_profile
from cosec.kit import NoEvidence, Setup
from cosec.mechanisms.arms.context import return_subject
from cosec.mechanisms.arms.obligations import check_mirror
from cosec.mechanisms.arms.projection import ArmsProjection
from cosec.mechanisms.arms.records import CATEGORIES
from cosec.mechanisms.arms.regime import ArmsRegime

SECTION = "arms"
YEARS = 20
TARGET_S = 2.0
SCALES = (1_000, 10_000, 100_000, 180_000)
"""Total lines; 180,000 is the issue's 20 years x 18 members x 500 lines."""


@dataclass(frozen=True)
class Stored:
    """A stored record as the projection sees it."""

    id: int
    submitter: str
    submitted_at: datetime
    payload: dict[str, Any]
    kind: str = "arms.return"
    mechanism: str = "arms"
    audience: str = "regime"
    refers_to: int | None = None
    charter_version: str = "2026.1"


@dataclass
class Scenario:
    """Returns of every member for every year, with the Register's usual discrepancies."""

    records: list[Stored] = field(default_factory=list)
    lines: int = 0


def scenario(total_lines: int, members: tuple[str, ...], seed: int = 12) -> Scenario:
    """About ``total_lines`` lines over 20 years and the members: each transfer is an export
    line of its exporter and, mostly, an import line of its importer (10 % of importers
    report another count, 5 % leave it out; 3 % of transfers only the importer lists)."""
    rng = random.Random(seed)
    # Each transfer makes about 1.92 lines (its export line 97 %, its import line 95 %).
    per_exporter = total_lines / (YEARS * len(members) * 1.92)
    out = Scenario()
    rid = 0
    for year in range(2005, 2005 + YEARS):
        lines: dict[str, dict[str, list[dict[str, Any]]]] = {
            m: {"exports": [], "imports": []} for m in members
        }
        for exporter in members:
            extra = 1 if rng.random() < per_exporter % 1 else 0
            for _ in range(int(per_exporter) + extra):
                importer = rng.choice([m for m in members if m != exporter])
                category = rng.choice(CATEGORIES)
                units = rng.randint(1, 400)
                fate = rng.random()
                if fate >= 0.03:
                    lines[exporter]["exports"].append(_line(importer, category, units))
                if fate < 0.03 or fate >= 0.08:
                    got = units + 1 if rng.random() < 0.10 else units
                    lines[importer]["imports"].append(_line(exporter, category, got))
        for m in members:
            rid += 1
            payload = {"year": year, **lines[m]}
            payload["nil"] = not payload["exports"] and not payload["imports"]
            out.lines += len(payload["exports"]) + len(payload["imports"])
            sent = datetime(year + 1, 5, rng.randint(1, 28), 9, tzinfo=UTC)
            out.records.append(Stored(rid, m, sent, payload))
    return out


def _line(counterpart: str, category: str, units: int) -> dict[str, Any]:
    return {"counterpart": counterpart, "category": category, "units": units}


def _setup(regime: ArmsRegime, members: tuple[str, ...]) -> Setup[ArmsRegime]:
    return Setup(
        regime=regime,
        regimes={},
        members=members,
        member_name=str,
        since=datetime(2000, 1, 1, tzinfo=UTC).date(),
        evidence=NoEvidence(),
        mechanism="arms",
    )


def measure(
    s: Scenario, regime: ArmsRegime, members: tuple[str, ...], repeats: int
) -> dict[str, Any]:
    """Medians (and ranges) of fold, judge and one return, in seconds."""
    as_of = datetime(2026, 1, 1, tzinfo=UTC)
    folds, judges, ones, found = [], [], [], 0
    for _ in range(repeats):
        p = ArmsProjection(_setup(regime, members))
        t0 = time.perf_counter()
        for r in s.records:
            p.apply(r)
        t1 = time.perf_counter()
        findings = list(check_mirror(p.context(as_of=as_of, focus=None)))
        t2 = time.perf_counter()
        last = s.records[-1]
        corrected = Stored(last.id + 1, last.submitter, as_of, last.payload)
        t3 = time.perf_counter()
        subjects = p.apply(corrected)
        year = int(last.payload["year"])
        touched = {
            return_subject(o, year)
            for o in p.returns[(last.submitter, year)].counterparts
            | p.named_by.get((year, last.submitter), set())
        }
        again = list(check_mirror(p.context(as_of=as_of, focus=frozenset(subjects | touched))))
        t4 = time.perf_counter()
        folds.append(t1 - t0)
        judges.append(t2 - t1)
        ones.append(t4 - t3)
        found = len(findings)
        del again
    return {"fold": folds, "judge": judges, "one": ones, "findings": found}


def render(results: list[tuple[Scenario, dict[str, Any]]], repeats: int, started_load: str) -> str:
    def cell(xs: list[float]) -> str:
        return f"{statistics.median(xs):.3f} s ({spread(xs, fmt='{:.3f}')})"

    rows = []
    for s, r in results:
        total = [f + j for f, j in zip(r["fold"], r["judge"], strict=True)]
        rows.append(
            f"| {s.lines:,} | {len(s.records):,} | {r['findings']:,} | {cell(r['fold'])} | "
            f"{cell(r['judge'])} | {cell(total)} | {statistics.median(r['one']) * 1000:.1f} ms |"
        )
    big_s, big = results[-1]
    big_total = statistics.median([f + j for f, j in zip(big["fold"], big["judge"], strict=True)])
    small_s, small = results[1]
    small_total = statistics.median(
        [f + j for f, j in zip(small["fold"], small["judge"], strict=True)]
    )
    ratio = (big_total / small_total) / (big_s.lines / small_s.lines)
    verdict = "met" if big_total <= TARGET_S else "missed"
    table = "\n".join(rows)
    return f"""## Arms: mirror checks of annual returns (issue 12)

Measured with `.venv/bin/python -m bench arms`
({code()}; {machine()}; load average {started_load} at the start). The machine is shared:
figures are medians of {repeats} runs (the range in brackets).

**Input**: 20 years of returns of the 18 `eas-2026` members, generated with a fixed seed:
each transfer is an export line of its exporter and, mostly, an import line of its
importer (10 % of importers report another count, 5 % leave the transfer out, 3 % of
transfers only the importer lists), categories I-VII and SALW at random. The largest input
is the issue's 20 years x 18 members x 500 lines. **Fold**: the projection takes every
return in (payload validation, the `(year, member)` and who-names-whom indexes).
**Judge**: `arms.mirror` over everything. **One return**: a corrected return taken in and
re-judged with the returns it touches, as the server's evaluator does after a submission.

| lines | returns | findings | fold | judge | fold + judge | one return |
|---:|---:|---:|---:|---:|---:|---:|
{table}

Target (mirror checks of {big_s.lines:,} lines within {TARGET_S:.0f} s): **{verdict}**,
{big_total:.2f} s for fold and judge together. From {small_s.lines:,} to {big_s.lines:,} lines
the time per line changes by a factor of {ratio:.2f} (1.00 would be exactly linear; the
smallest input is mostly fixed costs). A return is compared only with the returns of the
states it names and of those that name it, never with every member's. Most of the fold is
Pydantic validating each stored payload (as the evaluator does for every record it reads);
these figures leave out reading the rows from the store.
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs")
    args = parser.parse_args(argv)
    started = load()
    charter = load_profile("eas-2026")
    regime = charter.regime("arms")
    assert isinstance(regime, ArmsRegime)
    members = charter.member_codes
    results = []
    for total in SCALES:
        s = scenario(total, members)
        results.append((s, measure(s, regime, members, args.repeats)))
        print(f"{s.lines:,} lines measured", flush=True)
    section = render(results, args.repeats, started)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
