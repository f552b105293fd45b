"""The measurements of ``evaluation-scaling``: full evaluation, file assessment, and one more
submission with its incremental evaluation at the service layer."""

from __future__ import annotations

import contextlib
import csv
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.evaluation.generate import ASSESS_COLUMNS, GENERATOR_VERSION, assess_rows
from bench.evaluation.generate import new_notifications as more
from bench.evaluation.stores import CACHE, Store, copy_db, move_db, remove_db
from sqlalchemy import func, select

from cosec import deployment as deployment_service
from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.pipeline.submit import submit
from cosec.principals import Principal, Role
from cosec.records import SECRETARIAT
from cosec.store.db import make_engine, session_factory, unit_of_work
from cosec.store.tables import FindingRow

EVALUATED_AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
"""The in-process evaluations' clock: the day after the history ends."""
AS_OF = "2026-12-01"
COSEC = str(Path(sys.executable).with_name("cosec"))


class Failed(BaseException):
    """A timed command failed or ran past the cap: what it said, and after how long.

    A ``BaseException``: the engine's guard around each obligation catches ``Exception``,
    and the cap must stop the whole evaluation, not one obligation."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(what)
        self.what = what
        self.seconds = seconds


def timed_process(
    cmd: list[str],
    env: dict[str, str] | None = None,
    out: Path | None = None,
    cap: float | None = None,
) -> float:
    """Wall seconds of a process from its start to its exit; :class:`Failed` if it exits
    with an error or runs longer than ``cap`` seconds (then it is killed)."""
    sink = out.open("wb") if out is not None else subprocess.DEVNULL
    t0 = time.perf_counter()
    try:
        done = subprocess.run(
            cmd, env=env, stdout=sink, stderr=subprocess.PIPE, check=False, timeout=cap
        )
    except subprocess.TimeoutExpired:
        raise Failed(f"stopped after {cap:g} s", time.perf_counter() - t0) from None
    finally:
        if out is not None:
            sink.close()  # type: ignore[union-attr]
    took = time.perf_counter() - t0
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        last = next((x for x in reversed(lines) if x.strip() and not x.startswith(" ")), "")
        raise Failed(f"exited {done.returncode}: {last[:300]}", took)
    return took


@contextlib.contextmanager
def capped(seconds: float | None) -> Iterator[None]:
    """Interrupt the code inside with :class:`Failed` after ``seconds`` (main thread only)."""
    if not seconds:
        yield
        return
    t0 = time.perf_counter()

    def stop(_signum: int, _frame: object) -> None:
        raise Failed(f"stopped after {seconds:g} s", time.perf_counter() - t0)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
    """A copy of the store evaluated once, never written to afterwards."""
    live: Path | None = None
    """The store of the first evaluation, whose projection ``projections`` keeps."""
    projections: engine.Projections | None = None
    stopped: float | None = None
    """The first evaluation ran past the cap and was stopped after this many seconds."""


def evaluate_once(
    url: str, clock: FixedClock, projections: engine.Projections | None = None
) -> tuple[float, engine.EvaluationReport]:
    """One ``engine.evaluate`` in one unit of work, as ``cosec evaluate`` runs it; seconds."""
    db = make_engine(url)
    factory = session_factory(db)
    try:
        t0 = time.perf_counter()
        with unit_of_work(factory, write=True) as s:
            report = engine.evaluate(
                s, deployment=deployment_service.load(s), clock=clock, projections=projections
            )
        return time.perf_counter() - t0, report
    finally:
        db.dispose()


def full_evaluation(
    store: Store, workdir: Path, *, runs: int, budget: float, cap: float | None, say: Say
) -> Full:
    """``runs`` first evaluations (each on a fresh copy), ``runs`` again, ``runs`` of the CLI.

    A measurement whose first run takes longer than ``budget`` seconds is not repeated; when
    the first evaluation took longer, neither evaluating again nor ``cosec evaluate`` (the
    same work, less the openings) is measured. A first evaluation still running after
    ``cap`` seconds is stopped, and nothing else is measured on the store.
    """
    res = Full(store.n, store.records)
    clock = FixedClock(EVALUATED_AT)
    res.live = workdir / f"live-{store.n}.db"
    res.evaluated = workdir / f"evaluated-{store.n}.db"
    for i in range(runs):
        url = store.copy(workdir / "first.db")
        projections = engine.Projections() if i == 0 else None
        try:
            with capped(cap):
                took, report = evaluate_once(url, clock, projections)
        except Failed as exc:
            res.stopped = exc.seconds
            say(f"  {store.n:,}: first evaluation {exc.what}")
            remove_db(workdir / "first.db")
            res.live = res.evaluated = None
            return res
        res.first.append(took)
        say(f"  {store.n:,}: first evaluation {took:.2f} s ({report.opened:,} findings opened)")
        if report.failed:
            raise SystemExit(f"obligations failed: {report.failed}")
        if i == 0:
            move_db(workdir / "first.db", res.live)
            copy_db(res.live, res.evaluated)
            res.projections = projections
            res.findings = _findings(f"sqlite:///{res.evaluated}")
        if took > budget:
            break
    again = workdir / "again.db"
    copy_db(res.evaluated, again)
    for _ in range(runs if res.first[0] <= budget else 0):
        took, report = evaluate_once(f"sqlite:///{again}", clock)
        res.again.append(took)
        say(f"  {store.n:,}: again {took:.2f} s ({report.opened} opened, {report.updated} updated)")
        if took > budget:
            break
    for _ in range(runs if res.first[0] <= budget else 0):
        took = timed_process([COSEC, "evaluate"], env=store.env(f"sqlite:///{again}"), cap=cap)
        res.cli.append(took)
        say(f"  {store.n:,}: cosec evaluate {took:.2f} s")
        if took > budget:
            break
    remove_db(again)
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


@dataclass
class Assessed:
    """Runs of ``cosec notifications assess`` on a file of ``n`` rows."""

    n: int
    times: list[float] = field(default_factory=list)
    failed: Failed | None = None


def assess(
    n: int, workdir: Path, *, runs: int, budget: float, cap: float | None, say: Say
) -> Assessed:
    """``cosec notifications assess FILE --format csv`` as a process, output to a file."""
    path = assess_file(n)
    cmd = [COSEC, "notifications", "assess", str(path), "--format", "csv", "--as-of", AS_OF]
    res = Assessed(n)
    for _ in range(runs):
        try:
            res.times.append(timed_process(cmd, out=workdir / "assessed.csv", cap=cap))
        except Failed as exc:
            res.failed = exc
            say(f"  assess {n:,} rows: {exc.what} (after {exc.seconds:.1f} s)")
            break
        say(f"  assess {n:,} rows: {res.times[-1]:.2f} s")
        if res.times[-1] > budget:
            break
    return res


# --- (c) one more submission ---------------------------------------------------------------


@dataclass
class OneMore:
    """Submissions, one at a time, each followed by ``engine.catch_up`` on a kept projection."""

    n: int
    cold: float | None = None
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


def one_more(
    full: Full, store: Store, workdir: Path, *, count: int, cold: bool, say: Say
) -> OneMore:
    """``count`` notifications submitted one by one, as the server's committer and evaluator
    take them: ``submit`` (signed with the deposited key) in one transaction, then
    ``catch_up`` on the projection kept since the previous one (the first evaluation's) in
    another. With ``cold``, first a ``catch_up`` with no kept projection, on a copy."""
    assert full.live is not None
    assert full.evaluated is not None
    assert full.projections is not None
    res = OneMore(store.n)
    clock = FixedClock(EVALUATED_AT + timedelta(hours=1))
    if cold:
        copy_db(full.evaluated, workdir / "cold.db")
        db = make_engine(f"sqlite:///{workdir / 'cold.db'}")
        factory = session_factory(db)
        t0 = time.perf_counter()
        with unit_of_work(factory, write=True) as s:
            engine.catch_up(
                s,
                deployment=deployment_service.load(s),
                clock=clock,
                projections=engine.Projections(),
            )
        res.cold = time.perf_counter() - t0
        db.dispose()
        remove_db(workdir / "cold.db")
        say(f"  {store.n:,}: catch_up with no kept projection {res.cold:.2f} s")
    db = make_engine(f"sqlite:///{full.live}")
    factory = session_factory(db)
    ledger = store.ledger()
    projections = full.projections
    with unit_of_work(factory) as s:
        deployment = deployment_service.load(s)
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


@dataclass(frozen=True)
class Density:
    """How crowded a store's history is, and what that does to the split rule's groups."""

    per_member_year: float
    largest_group: int
    """Activities in the largest group the rule assesses together (as first notified)."""
    grouped: float
    """Share of the activities assessed together with at least one other."""
    mean_group: float
    """Activities in an activity's group (itself and its partners), on average."""


def density(n: int) -> Density:
    """The generated activities of ``n`` notifications grouped by the charter's split rule
    (``grouping.Together``: each activity with those of the same designation stem, or of the
    same state within the window and distance), without amendments."""
    from bench.evaluation.generate import CODES, HISTORY_END, HISTORY_START, generate

    from cosec.charters import load_charter
    from cosec.mechanisms.notifications.context import Activity
    from cosec.mechanisms.notifications.grouping import Together
    from cosec.mechanisms.notifications.records import Figures

    regime = load_charter("eas-2026").regime("notification")
    detectors = regime.detectors  # type: ignore[union-attr]
    acts = [
        Activity(
            key=a.label,
            designation=a.designation,
            states=tuple(a.states),
            start=a.start,
            end=a.end,
            figures=Figures(**a.figures),
            notified_on=a.notified.date(),
            lat=a.lat,
            lon=a.lon,
        )
        for a in generate(n).activities
    ]
    together = Together.of(acts, detectors.split_window_days, detectors.split_distance_km)
    sizes = [len(together.group(a.key)) for a in acts]
    years = (HISTORY_END - HISTORY_START).days / 365.25
    return Density(
        per_member_year=n / len(CODES) / years,
        largest_group=max(sizes, default=1),
        grouped=sum(1 for k in sizes if k > 1) / len(acts),
        mean_group=statistics.mean(sizes) if sizes else 1.0,
    )
