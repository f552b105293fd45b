"""The ``evaluation-scaling`` section of docs/performance.md, from the figures of one run."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bench.evaluation.docs import code, exponent, load, machine, seconds
from bench.evaluation.generate import EARLIER_FROM, EARLIER_VERSION, HISTORY_END, HISTORY_START
from bench.evaluation.measure import EVALUATED_AT, Full, OneMore
from bench.evaluation.profiling import Profiled, describe, short
from bench.evaluation.serving import PAUSE, OverHttp
from bench.evaluation.stores import Store

FULL_EXPONENT, FULL_100K = 1.2, 30.0
Put = Callable[[str], None]
ONE_MORE_RATIO = 2.0


@dataclass
class Results:
    command: str
    stores: dict[int, Store] = field(default_factory=dict)
    full: dict[int, Full] = field(default_factory=dict)
    assess: dict[int, list[float]] = field(default_factory=dict)
    one_more: dict[int, OneMore] = field(default_factory=dict)
    http: dict[int, OverHttp] = field(default_factory=dict)
    profiles: list[Profiled] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    minutes: float = 0.0


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def runs(xs: list[float]) -> str:
    return f"{seconds(med(xs))} ({len(xs)})" if len(xs) > 1 else f"{seconds(xs[0])} (1)"


def growth(sizes: list[int], value: dict[int, float]) -> str:
    """``1,000→10,000: 1.05, 10,000→100,000: 1.10``."""
    steps = [
        f"{a:,}→{b:,}: {exponent(a, value[a], b, value[b]):.2f}"
        for a, b in itertools.pairwise(sizes)
        if a in value and b in value
    ]
    return ", ".join(steps) or "(one size only)"


def worst(sizes: list[int], value: dict[int, float]) -> float:
    ks = [
        exponent(a, value[a], b, value[b])
        for a, b in itertools.pairwise(sizes)
        if a in value and b in value
    ]
    return max(ks) if ks else float("nan")


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def section(res: Results) -> str:
    out: list[str] = []
    add = out.append
    add("## Evaluation: scaling with the store (mechanism kit)")
    add("")
    add(
        f"Measured {datetime.now(UTC).date().isoformat()}, {code()}, with `.venv/bin/"
        f"{res.command}` (from the repository root) on {machine()}, SQLite (WAL); load average "
        f"{load()} at the end (the machine is shared). Medians, with the number of runs in "
        "brackets; a measurement whose first run took longer than the budget was not repeated."
    )
    add("")
    _stores(res, add)
    _full(res, add)
    _assess(res, add)
    _one_more(res, add)
    _where(res, add)
    add(f"Reproduce (this run took {res.minutes:.0f} minutes, building no store):")
    add("")
    add("```")
    add(f".venv/bin/{res.command}    # these figures; rewrites this section")
    add(".venv/bin/python -m bench.evaluation.run --quick --no-write    # 1,000 and 10,000 only")
    add("```")
    return "\n".join(out)


def _stores(res: Results, put: Put) -> None:
    put(
        f"**Stores.** Generated histories (`bench/evaluation/generate.py`): the 18 members of "
        f"eas-2026 notify from {HISTORY_START:%B %Y} to {HISTORY_END:%B %Y}, large militaries "
        "more than small ones, a fifth of the activities jointly; figures around the thresholds "
        "(13 % just under the notification threshold, 11 % above the observation one, a few "
        "above the constraints), 84 % notified 43–120 days ahead, the rest late or after the "
        "start, 2 % alert activities, 2 % split into phases each under a threshold; 8 % amended "
        "(a fifth of those after the activity ended), invitations to observe with replies, a "
        "calendar from every member every November (some late, 3 % never), a request for "
        "explanation per 100 notifications (most answered within 48 hours), an observed "
        "activity per 200. The store's charter history is eas-2026's text as version "
        f"{EARLIER_VERSION}, in force from {EARLIER_FROM.isoformat()}, followed by the shipped "
        "2026.1. Each store was built once through the real submission path "
        "(`submit_many` per member's weekly batch, signed with the deposited keys, "
        "`evaluate=False`) and is cached under `var/bench/evaluation/`."
    )
    put("")
    put("| notifications | records | submission batches | built in |")
    put("|---:|---:|---:|---:|")
    for n, s in sorted(res.stores.items()):
        put(
            f"| {n:,} | {s.records:,} | {s.meta['batches']:,} | {s.meta['submit_seconds']:,.0f} s |"
        )
    put("")


def _full(res: Results, put: Put) -> None:
    if not res.full:
        return
    sizes = sorted(res.full)
    put(
        f"**(a) Full evaluation** (`engine.evaluate`: every record folded into a fresh "
        "projection, every obligation judged, every finding reconciled). *First*: on a store "
        "with no findings yet (every finding opened); *again*: on the same store evaluated "
        f"(nothing changes), both in the benchmark's process with the clock at "
        f"{EVALUATED_AT:%Y-%m-%d %H:%M} UTC; *`cosec evaluate`*: the command as a process on "
        "the evaluated store (start-up included, system clock)."
    )
    put("")
    put("| notifications | records | first | again | `cosec evaluate` | findings |")
    put("|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        f = res.full[n]
        cli = runs(f.cli) if f.cli else "–"
        put(
            f"| {n:,} | {f.records:,} | {runs(f.first)} | {runs(f.again)} | {cli} | "
            f"{sum(f.findings.values()):,} |"
        )
    put("")
    first = {n: med(res.full[n].first) for n in sizes}
    again = {n: med(res.full[n].again) for n in sizes}
    cli = {n: med(res.full[n].cli) for n in sizes if res.full[n].cli}
    put(
        f"Growth exponents (t ∝ n^k): first {growth(sizes, first)}; again "
        f"{growth(sizes, again)}; `cosec evaluate` {growth(sizes, cli)}."
    )
    if 100_000 in cli:
        k = max(worst(sizes, first), worst(sizes, cli))
        put(
            f"Target: exponent below {FULL_EXPONENT} and 100,000 in under {FULL_100K:.0f} s: "
            f"{verdict(k < FULL_EXPONENT and cli[100_000] < FULL_100K)} (worst exponent {k:.2f}; "
            f"`cosec evaluate` at 100,000: {seconds(cli[100_000])}, first evaluation "
            f"{seconds(first[100_000])})."
        )
    last = res.full[sizes[-1]]
    put(
        f"Findings at {sizes[-1]:,}: "
        + ", ".join(f"{flag} {k:,}" for flag, k in last.findings.items())
        + "."
    )
    put("")


def _assess(res: Results, put: Put) -> None:
    if not res.assess:
        return
    sizes = sorted(res.assess)
    put(
        "**(b) File assessment**: `cosec notifications assess FILE.csv --format csv --as-of "
        "2026-12-01` as a process (start-up included), output to a file; the rows are the "
        "generated activities (amendments of figures as rows of their own)."
    )
    put("")
    put("| rows | median (runs) | per row |")
    put("|---:|---:|---:|")
    for n in sizes:
        put(f"| {n:,} | {runs(res.assess[n])} | {med(res.assess[n]) / n * 1e6:,.1f} µs |")
    put("")
    value = {n: med(res.assess[n]) for n in sizes}
    line = f"Growth exponents: {growth(sizes, value)}."
    if 100_000 in value:
        k = worst(sizes, value)
        line += (
            f" Target: exponent below {FULL_EXPONENT} and 100,000 rows in under "
            f"{FULL_100K:.0f} s: {verdict(k < FULL_EXPONENT and value[100_000] < FULL_100K)} "
            f"(worst exponent {k:.2f}, {seconds(value[100_000])})."
        )
    put(line)
    put("")


def _one_more(res: Results, put: Put) -> None:
    if not res.one_more and not res.http:
        return
    put(
        "**(c) One more submission** with the store holding n notifications, evaluated. At "
        "the service layer, as the server's committer and evaluator do it: `submit` of a new "
        "notification (validated, signed with the member's deposited key, logged: one "
        "transaction), then `engine.catch_up` on the projection kept since the previous "
        "submission (another transaction); the first `catch_up` of the process, with no kept "
        "projection, folds the store once (*cold*). Over HTTP: `POST /v1/notifications` to "
        "`cosec serve` (one process) on a copy of the same evaluated store, which answers once "
        "its evaluator has taken the record in; the first request after the start pays for the "
        "fold, then the evaluator is warm. Requests go one at a time, "
        f"{PAUSE:g} s apart (longer than the evaluator's rest after an evaluation)."
    )
    put("")
    put(
        "| notifications | submissions | submit | `catch_up` | submit + `catch_up` | subjects "
        "judged | cold `catch_up` | HTTP: requests | HTTP: median | HTTP: first after start |"
    )
    put("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sorted(set(res.one_more) | set(res.http)):
        o, h = res.one_more.get(n), res.http.get(n)
        cells = (
            [
                f"{len(o.submit)}",
                seconds(med(o.submit)),
                seconds(med(o.catch_up)),
                seconds(med(o.total)),
                f"{statistics.median(o.judged):,.0f} (max {max(o.judged):,})",
                seconds(o.cold),
            ]
            if o
            else ["–"] * 6
        )
        cells += [f"{len(h.times)}", seconds(med(h.times)), seconds(h.first)] if h else ["–"] * 3
        put(f"| {n:,} | " + " | ".join(cells) + " |")
    put("")
    sizes = sorted(res.one_more)
    lines = []
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        r = med(res.one_more[b].total) / med(res.one_more[a].total)
        alone = med(res.one_more[b].catch_up) / med(res.one_more[a].catch_up)
        lines.append(
            f"Service layer, {b:,} against {a:,}: {r:.2f}× "
            f"(target at most {ONE_MORE_RATIO:g}×: {verdict(r <= ONE_MORE_RATIO)}); "
            f"`catch_up` alone {alone:.2f}×."
        )
    hs = sorted(res.http)
    if len(hs) > 1:
        a, b = hs[0], hs[-1]
        r = med(res.http[b].times) / med(res.http[a].times)
        lines.append(
            f"Over HTTP, {b:,} against {a:,}: {r:.2f}× "
            f"(target at most {ONE_MORE_RATIO:g}×: {verdict(r <= ONE_MORE_RATIO)})."
        )
    for n in hs:
        h = res.http[n]
        lines.append(
            f"At {n:,}, `cosec serve` answered {h.start:.1f} s after it was launched, and the "
            f"first submission after the start took {seconds(h.first)}: the projection is folded "
            "from the store once, then kept."
        )
    put(" ".join(lines))
    put("")


def _where(res: Results, put: Put) -> None:
    if not res.profiles and not res.notes:
        return
    put("### Where the time goes")
    put("")
    for p in res.profiles:
        put(
            f"- {p.what} ({p.total:.1f} s under cProfile, cumulative time and calls): "
            + describe(p, 9)
            + "."
        )
    if res.profiles:
        put("")
    for note in res.notes:
        put(note)
        put("")


__all__ = ["Results", "section", "short"]
