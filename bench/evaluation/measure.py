"""The measurements of ``evaluation-scaling``: full evaluation, file assessment, and one more
submission with its incremental evaluation at the service layer."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.evaluation.generate import ASSESS_COLUMNS, GENERATOR_VERSION, assess_rows
from bench.evaluation.generate import new_notifications as more
from bench.evaluation.stores import CACHE, Store
from sqlalchemy import func, select

from cosec import deployment as deployment_service
from cosec.access.principals import Principal, Role
from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.records import SECRETARIAT
from cosec.store.db import make_engine, session_factory, unit_of_work
from cosec.store.tables import FindingRow
from cosec.submissions import submit

EVALUATED_AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
"""The in-process evaluations' clock: the day after the history ends."""
AS_OF = "2026-12-01"
COSEC = str(Path(sys.executable).with_name("cosec"))


def timed_process(
    cmd: list[str], env: dict[str, str] | None = None, out: Path | None = None
) -> float:
    """Wall seconds of a process from its start to its exit (which must be 0)."""
    sink = out.open("wb") if out is not None else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=sink, stderr=subprocess.PIPE, check=False)
        took = time.perf_counter() - t0
    finally:
        if out is not None:
            sink.close()  # type: ignore[union-attr]
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr.decode()[-3000:]}"
        )
    return took


# --- (a) full evaluation --------------------------------------------------------------------


@dataclass
class Full:
    """``engine.evaluate`` on a store: the first time (every finding opened) and again."""

    n: int
    records: int
    first: list[float] = field(default_factory=list)
    again: list[float] = field(default_factory=list)
    cli: list[float] = field(default_factory=list)
    """``cosec evaluate`` as a process, on the evaluated store."""
    findings: dict[str, int] = field(default_factory=dict)
    evaluated: Path | None = None
    """A copy of the store evaluated once (for the submissions that follow)."""


def evaluate_once(url: str, clock: FixedClock) -> tuple[float, engine.EvaluationReport]:
    """One ``engine.evaluate`` in one unit of work, as ``cosec evaluate`` runs it; seconds."""
    db = make_engine(url)
    factory = session_factory(db)
    try:
        t0 = time.perf_counter()
        with unit_of_work(factory, write=True) as s:
            report = engine.evaluate(s, deployment=deployment_service.load(s), clock=clock)
        return time.perf_counter() - t0, report
    finally:
        db.dispose()


def full_evaluation(store: Store, workdir: Path, *, runs: int, budget: float, say: Say) -> Full:
    """``runs`` first evaluations (each on a fresh copy), ``runs`` again, ``runs`` of the CLI.

    A measurement whose first run takes longer than ``budget`` seconds is not repeated.
    """
    res = Full(store.n, store.records)
    clock = FixedClock(EVALUATED_AT)
    kept = workdir / f"evaluated-{store.n}.db"
    for i in range(runs):
        url = store.copy(workdir / "first.db")
        took, report = evaluate_once(url, clock)
        res.first.append(took)
        say(f"  {store.n:,}: first evaluation {took:.2f} s ({report.opened:,} findings opened)")
        if report.failed:
            raise SystemExit(f"obligations failed: {report.failed}")
        if i == 0:
            shutil.move(workdir / "first.db", kept)
            res.findings = _findings(f"sqlite:///{kept}")
        if took > budget:
            break
    url = f"sqlite:///{kept}"
    for _ in range(runs):
        took, report = evaluate_once(url, clock)
        res.again.append(took)
        say(f"  {store.n:,}: again {took:.2f} s ({report.opened} opened, {report.updated} updated)")
        if took > budget:
            break
    res.evaluated = workdir / f"evaluated-{store.n}.keep.db"
    shutil.copyfile(kept, res.evaluated)
    for _ in range(runs):
        took = timed_process([COSEC, "evaluate"], env=store.env(url))
        res.cli.append(took)
        say(f"  {store.n:,}: cosec evaluate {took:.2f} s")
        if took > budget:
            break
    return res


def _findings(url: str) -> dict[str, int]:
    db = make_engine(url)
    try:
        with unit_of_work(session_factory(db)) as s:
            rows = s.execute(select(FindingRow.flag, func.count()).group_by(FindingRow.flag)).all()
    finally:
        db.dispose()
    return dict(Counter({str(flag): int(k) for flag, k in rows}).most_common())


# --- (b) file assessment -------------------------------------------------------------------


def assess_file(n: int) -> Path:
    """The cached CSV of ``n`` activities (written once)."""
    path = CACHE / f"assess-g{GENERATOR_VERSION}-n{n}.csv"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=ASSESS_COLUMNS)
            w.writeheader()
            w.writerows(assess_rows(n))
        tmp.rename(path)
    return path


def assess(n: int, workdir: Path, *, runs: int, budget: float, say: Say) -> list[float]:
    """``cosec notifications assess FILE --format csv`` as a process, output to a file."""
    path = assess_file(n)
    cmd = [COSEC, "notifications", "assess", str(path), "--format", "csv", "--as-of", AS_OF]
    times: list[float] = []
    for _ in range(runs):
        times.append(timed_process(cmd, out=workdir / "assessed.csv"))
        say(f"  assess {n:,} rows: {times[-1]:.2f} s")
        if times[-1] > budget:
            break
    return times


# --- (c) one more submission ---------------------------------------------------------------


@dataclass
class OneMore:
    """Submissions, one at a time, each followed by ``engine.catch_up`` on a kept projection."""

    n: int
    cold: float = 0.0
    """``catch_up`` with no kept projection: the projection folded from the store once."""
    submit: list[float] = field(default_factory=list)
    catch_up: list[float] = field(default_factory=list)
    judged: list[int] = field(default_factory=list)

    @property
    def total(self) -> list[float]:
        return [a + b for a, b in zip(self.submit, self.catch_up, strict=True)]


def principal(member: str) -> Principal:
    if member == SECRETARIAT:
        return Principal(id=None, name="bench-sec", role=Role.SECRETARIAT)
    return Principal(id=None, name=f"bench-{member.lower()}", role=Role.MEMBER, member=member)


def one_more(store: Store, evaluated: Path, workdir: Path, *, count: int, say: Say) -> OneMore:
    """``count`` notifications submitted one by one, as the server's committer and evaluator
    take them: ``submit`` (signed with the deposited key) in one transaction, then
    ``catch_up`` on the projection kept since the previous one in another."""
    url = f"sqlite:///{workdir / 'service.db'}"
    shutil.copyfile(evaluated, workdir / "service.db")
    db = make_engine(url)
    factory = session_factory(db)
    ledger = store.ledger()
    projections = engine.Projections()
    clock = FixedClock(EVALUATED_AT + timedelta(hours=1))
    res = OneMore(store.n)
    with unit_of_work(factory) as s:
        deployment = deployment_service.load(s)
    t0 = time.perf_counter()
    with unit_of_work(factory, write=True) as s:
        engine.catch_up(s, deployment=deployment, clock=clock, projections=projections)
    res.cold = time.perf_counter() - t0
    say(f"  {store.n:,}: catch_up with no kept projection {res.cold:.2f} s")
    for member, payload in more(count, date(2026, 12, 2)):
        clock.set(clock.now() + timedelta(minutes=10))
        t0 = time.perf_counter()
        with unit_of_work(factory, write=True) as s:
            submit(
                s,
                deployment=deployment,
                ledger=ledger,
                principal=principal(member),
                kind="notification.prior",
                payload=payload,
                clock=clock,
                evaluate=False,
            )
        t1 = time.perf_counter()
        with unit_of_work(factory, write=True) as s:
            report = engine.catch_up(s, deployment=deployment, clock=clock, projections=projections)
        t2 = time.perf_counter()
        res.submit.append(t1 - t0)
        res.catch_up.append(t2 - t1)
        res.judged.append(report.judged)
    say(
        f"  {store.n:,}: one more submission, median {_ms(res.total)} "
        f"(submit {_ms(res.submit)}, catch_up {_ms(res.catch_up)})"
    )
    db.dispose()
    return res


def _ms(xs: list[float]) -> str:
    return f"{sorted(xs)[len(xs) // 2] * 1e3:.1f} ms" if xs else "-"


class Say:
    """Progress lines, flushed (the benchmark runs for minutes)."""

    def __call__(self, line: str) -> None:
        print(line, flush=True)
