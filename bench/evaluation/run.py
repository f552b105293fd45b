"""How evaluation scales with the store: full evaluation, file assessment, and the cost of one
more submission with its incremental evaluation, at 1,000, 10,000 and 100,000 notifications.

Run from the repository root::

    .venv/bin/python -m bench.evaluation.run            # all; writes its section of the docs
    .venv/bin/python -m bench.evaluation.run --quick --no-write   # 1,000 and 10,000 only

The stores are generated and built once (:mod:`bench.evaluation.stores`, cached under
``var/bench/evaluation/`` by size and generator version; building 100,000 takes a few
minutes). Every run works on copies. Where a target is missed, the run profiles the
measurement (cProfile) and writes where the time goes; ``--profile`` profiles anyway.
"""

from __future__ import annotations

import argparse
import itertools
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from bench.evaluation import measure, stores
from bench.evaluation.docs import ROOT, exponent, write_section
from bench.evaluation.generate import new_notifications
from bench.evaluation.measure import EVALUATED_AT, Say
from bench.evaluation.profiling import Profiled, profile, save
from bench.evaluation.report import FULL_100K, FULL_EXPONENT, ONE_MORE_RATIO, Results, section
from bench.evaluation.serving import over_http

SECTION = "evaluation-scaling"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="notifications per store")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timed command")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds: a slower first run is not repeated"
    )
    parser.add_argument("--submissions", type=int, default=20, help="one-more submissions timed")
    parser.add_argument(
        "--one-more-sizes", default="1000,10000,100000", help="sizes for (c), one more submission"
    )
    parser.add_argument(
        "--cap",
        type=float,
        default=300.0,
        help="seconds: a first evaluation, `cosec evaluate` or assessment still running is stopped",
    )
    parser.add_argument(
        "--profile-seconds",
        type=float,
        default=120.0,
        help="seconds of a stopped size's first evaluation to profile",
    )
    parser.add_argument("--no-http", action="store_true", help="skip (c) over HTTP")
    parser.add_argument("--profile", action="store_true", help="profile even if targets are met")
    parser.add_argument(
        "--quick", action="store_true", help="1,000 and 10,000, 2 runs, 8 submissions"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.one_more_sizes = "1000,10000", "1000,10000"
        args.runs, args.submissions = 2, 8
    sizes = sorted({int(x) for x in args.sizes.split(",") if x.strip()})
    more_sizes = sorted({int(x) for x in args.one_more_sizes.split(",") if x.strip()})
    given = list(sys.argv[1:] if argv is None else argv)
    res = Results(
        command=shlex.join(["python", "-m", "bench.evaluation.run", *given]), budget=args.budget
    )
    say = Say()
    for n in sorted(set(sizes) | set(more_sizes)):
        res.stores[n] = stores.ensure(n, say)
        res.density[n] = measure.density(n)
    started = time.monotonic()
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cosec-bench-", dir=ROOT / "var" / "bench") as tmp:
        work = Path(tmp)
        fulls: dict[int, measure.Full] = {}
        for n in sorted(set(sizes) | set(more_sizes)):
            say(f"== {n:,} notifications")
            full = fulls[n] = measure.full_evaluation(
                res.stores[n],
                work,
                runs=args.runs if n in sizes else 1,
                budget=args.budget,
                cap=args.cap,
                say=say,
            )
            if n in sizes:
                res.full[n] = full
                res.assess[n] = measure.assess(
                    n, work, runs=args.runs, budget=args.budget, cap=args.cap, say=say
                )
            if n in more_sizes and full.stopped is None:
                res.one_more[n] = measure.one_more(
                    full,
                    res.stores[n],
                    work,
                    count=args.submissions,
                    cold=full.first[0] <= args.budget,
                    say=say,
                )
                if not args.no_http:
                    assert full.evaluated is not None
                    res.http[n] = over_http(
                        res.stores[n], full.evaluated, work, count=args.submissions, say=say
                    )
            elif n in more_sizes:
                res.not_measured.append(n)
        where(res, args, sizes, work, fulls, say)
    res.minutes = (time.monotonic() - started) / 60
    text = section(res)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
        print("written to docs/performance.md")


def where(
    res: Results,
    args: argparse.Namespace,
    sizes: list[int],
    work: Path,
    fulls: dict[int, measure.Full],
    say: Say,
) -> None:
    """Profile what missed its target (or everything, with ``--profile``)."""
    out = ROOT / "var" / "bench" / "profiles"
    out.mkdir(parents=True, exist_ok=True)
    first = {n: _m(f.first) for n, f in res.full.items() if f.first}
    done = [n for n in sizes if n in first]
    missed_full = (
        any(
            exponent(a, first[a], b, first[b]) >= FULL_EXPONENT for a, b in itertools.pairwise(done)
        )
        or first.get(100_000, float("inf")) >= FULL_100K
    )
    stopped = [n for n in sizes if res.full[n].stopped is not None][:1]
    if (missed_full or args.profile) and first:
        # The two largest sizes evaluated within the budget, and the first one stopped
        # (profiled until the cap stops it again: a partial profile).
        for n in [n for n in done if first[n] <= args.budget][-2:] + stopped:
            say(f"profiling engine.evaluate at {n:,}")
            url = res.stores[n].copy(work / "profiled.db")
            cap = args.profile_seconds if n in stopped else None
            p = profile(
                f"`engine.evaluate` at {n:,} notifications, first evaluation",
                lambda url=url, cap=cap: _until(cap, url),
            )
            res.profile_full[n] = p
            if n in stopped:
                res.profile_stopped.add(n)
            save(p, out / f"evaluate-{n}.txt")
    ones = sorted(res.one_more)
    if ones:
        a, b = ones[0], ones[-1]
        ratio = _m(res.one_more[b].total) / _m(res.one_more[a].total)
        if ratio > ONE_MORE_RATIO or res.not_measured or args.profile:
            say(f"profiling one more submission at {b:,}")
            res.profile_more = _profile_one_more(res, b, fulls[b])
            save(res.profile_more, out / f"one-more-{b}.txt")
    timed = {n: _m(a.times) for n, a in res.assess.items() if a.times and a.failed is None}
    ok = [n for n in sizes if n in timed]
    k = max((exponent(a, timed[a], b, timed[b]) for a, b in itertools.pairwise(ok)), default=0.0)
    failed = [n for n, a in res.assess.items() if a.failed is not None]
    if ok and (
        failed or timed.get(100_000, 0.0) >= FULL_100K or k >= FULL_EXPONENT or args.profile
    ):
        n = ok[-1]
        say(f"profiling the assessment of {n:,} rows")
        res.profile_assess = _profile_assess(n)
        save(res.profile_assess, out / f"assess-{n}.txt")


def _until(cap: float | None, url: str) -> None:
    """A first evaluation, stopped after ``cap`` seconds if it runs that long."""
    try:
        with measure.capped(cap):
            measure.evaluate_once(url, measure.FixedClock(EVALUATED_AT))
    except measure.Failed:
        pass


def _m(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def _profile_one_more(res: Results, n: int, full: measure.Full) -> Profiled:
    """cProfile of five more submissions with ``catch_up``, on the store and the projection
    the one-more measurement left (warm)."""
    from cosec import deployment as deployment_service
    from cosec.clock import FixedClock
    from cosec.compliance import engine
    from cosec.pipeline.submit import submit
    from cosec.store.db import make_engine, session_factory, unit_of_work

    assert full.live is not None
    assert full.projections is not None
    db = make_engine(f"sqlite:///{full.live}")
    factory = session_factory(db)
    projections = full.projections
    clock = FixedClock(EVALUATED_AT + timedelta(days=1))
    with unit_of_work(factory) as s:
        deployment = deployment_service.load(s)
    ledger = res.stores[n].ledger()
    work_items = new_notifications(5, date(2026, 12, 3), seed=23)

    def five() -> None:
        for member, payload in work_items:
            clock.set(clock.now() + timedelta(minutes=10))
            with unit_of_work(factory, write=True) as s:
                submit(
                    s,
                    deployment=deployment,
                    ledger=ledger,
                    principal=measure.principal(member),
                    kind="notification.prior",
                    payload=payload,
                    clock=clock,
                    evaluate=False,
                )
            with unit_of_work(factory, write=True) as s:
                engine.catch_up(s, deployment=deployment, clock=clock, projections=projections)

    p = profile(f"five more submissions with `catch_up` at {n:,} notifications", five)
    db.dispose()
    return p


def _profile_assess(n: int) -> Profiled:
    """cProfile of the assessment command's work, in this process."""
    from cosec.charters import load_charter
    from cosec.mechanisms.notifications.cli import _assess
    from cosec.plugin.cli import emit, when

    path = measure.assess_file(n)
    charter = load_charter("eas-2026")

    def run() -> None:
        result = _assess(path, charter, when(measure.AS_OF))
        with open("/dev/null", "w") as sink:
            sys.stdout, saved = sink, sys.stdout
            try:
                emit(result.rows, result.columns, measure_format())
            finally:
                sys.stdout = saved

    return profile(f"`cosec notifications assess` of {n:,} rows, in-process", run)


def measure_format() -> object:
    from cosec.plugin.cli import OutputFormat

    return OutputFormat.csv


if __name__ == "__main__":
    main()
