"""Group commit: one writer thread per server process turns many submissions into one
durable transaction.

A durable commit costs a disk flush (SQLite ``synchronous=FULL``, PostgreSQL's WAL
flush), and a flush per submission caps a server at a few hundred submissions a second.
Requests therefore hand their submission to the committer and wait. The committer's
thread takes whatever has queued, up to ``max_batch``, checks each submission in one read
transaction (:func:`cosec.pipeline.submit.prepare`: payload, rules, signature, time window;
a submission that fails is answered with its error), then writes the rest in one
transaction (:func:`cosec.pipeline.submit.commit`): records, log entries and one signed
checkpoint. Only when that transaction has committed does any waiting request get its
answer, so nothing is acknowledged before it is durable. A submission that fails in the
batch (a replayed sequence number) is answered with its error; the others go in.

Findings are derived, not acknowledged: an evaluator thread re-evaluates the obligations
of the mechanisms a batch touched once the batch is durable, while the writer goes on
with the next batches; batches that commit during an evaluation are taken in by the next
one (so under load one evaluation covers many batches). A request that shows findings
waits for the evaluation that covers its record (:meth:`Committer.wait_evaluated`); a
member's system that only wants its receipt does not.

Why the checks run in the committer's thread and not in the requests' own: CPython runs
one thread at a time, and a submission is mostly Python (parsing, validation, the
writes). Spread over request threads that hand the interpreter back and forth with the
writer, the same work cost twice the CPU on the development machine (docs/performance.md);
done in one thread it runs without that churn, and more throughput comes from more server
processes (their writers queue for the database, see :mod:`cosec.store.db`).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from cosec.clock import Clock
from cosec.compliance import engine
from cosec.deployment import Deployment
from cosec.logstore.context import Ledger
from cosec.pipeline.submit import Committed, Prepared, Submission, commit, prepare
from cosec.registry import readers_of
from cosec.store.db import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Ack:
    """What a submitter gets once its record is durable."""

    record_id: int
    index: int
    """The record's leaf index in the log."""
    leaf: bytes


_STOP = object()


class Committer:
    """The process's single writer. Thread-safe; starts its thread on first use."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        ledger: Ledger,
        clock: Clock,
        deployment_of: Callable[[Session], Deployment],
        *,
        max_batch: int = 512,
        evaluate: bool = True,
        tick_seconds: float = 60.0,
    ) -> None:
        self._factory = factory
        self._ledger = ledger
        self._clock = clock
        self._deployment_of = deployment_of
        self._max_batch = max_batch
        self._evaluate = evaluate
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._evaluator: threading.Thread | None = None
        self._lock = threading.Lock()
        self._findings = threading.Condition()
        self._dirty: set[str] = set()
        """Mechanisms whose findings are behind the log (guarded by ``_findings``)."""
        self._answered = False
        """A finding was answered since the last evaluation: evaluate every mechanism."""
        self._pending = -1
        """Highest log index the next evaluation must take in."""
        self._evaluated = -1
        """Highest log index the findings take in."""
        self._busy = False
        """The evaluator is evaluating (up to the ``_pending`` it saw when it began)."""
        self._stopping = False
        self._projections = engine.Projections()
        self.tick_seconds = tick_seconds
        """How often the evaluator wakes to judge deadlines passed with no new record."""
        self.batches = 0
        """Transactions committed (for benchmarks and tests)."""
        self.evaluations = 0
        """Evaluations run (for tests)."""
        self.after_evaluation: list[Callable[[], None]] = []
        """Called in the evaluator thread after each evaluation (the alerter's wake-up); keep
        them quick: they hold up the next evaluation."""

    def submit(self, submission: Submission, timeout: float | None = 60.0) -> Ack:
        """Queue a submission and wait until it is durable (or refused: its error raises)."""
        return self.submit_async(submission).result(timeout)

    def submit_async(self, submission: Submission) -> Future[Ack]:
        """Queue a submission; the future resolves once it is durable (or refused)."""
        future: Future[Ack] = Future()
        self._start()
        self._queue.put((submission, future))
        return future

    def wait_evaluated(self, ack: Ack, timeout: float | None = 60.0) -> bool:
        """Wait until the findings take in the acknowledged record; ``False`` on timeout.

        Returns at once when this committer does not evaluate.
        """
        if not self._evaluate:
            return True
        with self._findings:
            return self._findings.wait_for(
                lambda: self._evaluated >= ack.index or self._stopping, timeout
            )

    def wait_settled(self, timeout: float | None = 60.0) -> bool:
        """Wait until the findings take in everything committed so far; ``False`` on timeout."""
        if not self._evaluate:
            return True
        with self._findings:
            return self._findings.wait_for(
                lambda: (
                    self._stopping
                    or (
                        not (self._dirty or self._answered or self._busy)
                        and self._evaluated >= self._pending
                    )
                ),
                timeout,
            )

    def close(self) -> None:
        """Finish what is queued (and its evaluation) and stop the threads."""
        with self._lock:
            thread, self._thread = self._thread, None
            evaluator, self._evaluator = self._evaluator, None
        if thread is not None:
            self._queue.put(_STOP)
            thread.join()
        if evaluator is not None:
            with self._findings:
                self._stopping = True
                self._findings.notify_all()
            evaluator.join()

    def start(self) -> None:
        """Start the writer and the evaluator now (the server does, so that deadlines are
        judged on the evaluator's tick even before anything is submitted)."""
        self._start()

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="cosec-committer", daemon=True
                )
                self._thread.start()
            if self._evaluate and self._evaluator is None:
                self._stopping = False
                self._evaluator = threading.Thread(
                    target=self._evaluate_forever, name="cosec-evaluator", daemon=True
                )
                self._evaluator.start()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            stop = False
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                    break
                batch.append(item)
            self._write(batch)  # type: ignore[arg-type]
            if stop:
                return

    def _write(self, batch: list[tuple[Submission, Future[Ack]]]) -> None:
        results: list[Ack | BaseException | None] = [None] * len(batch)
        try:
            now = self._clock.now()
            checked: list[tuple[int, Prepared]] = []
            with unit_of_work(self._factory) as session:
                deployment = self._deployment_of(session)
                for i, (sub, _) in enumerate(batch):
                    try:
                        checked.append((i, self._prepare(session, deployment, sub, now)))
                    except Exception as exc:  # this submission's answer; the others go on
                        results[i] = exc
            touched: list[str] = []
            answered = False
            if checked:
                with unit_of_work(self._factory, write=True) as session:
                    outcomes = commit(
                        session,
                        ledger=self._ledger,
                        batch=[p for _, p in checked],
                        now=now,
                        atomic=False,
                    )
                done = [o for o in outcomes if isinstance(o, Committed)]
                for (i, _), o in zip(checked, outcomes, strict=True):
                    results[i] = (
                        Ack(o.record_id, o.entry.index, o.entry.leaf)
                        if isinstance(o, Committed)
                        else o
                    )
                # The mechanisms a batch concerns: each record's own, and those that read
                # its kind (a state unit registered re-judges the encounters it concerns).
                touched = sorted({m for o in done for m in readers_of(o.kind)})
                answered = any(o.kind == "finding.answer" for o in done)
                last = max((o.entry.index for o in done), default=-1)
                self.batches += 1
        except BaseException as exc:  # nothing was written: every waiting request learns why
            for (_, future), result in zip(batch, results, strict=True):
                future.set_exception(result if isinstance(result, BaseException) else exc)
            return
        if self._evaluate and checked:
            with self._findings:
                self._pending = max(self._pending, last)
                self._dirty.update(touched)
                self._answered |= answered
                if not (self._dirty or self._answered or self._busy):
                    self._evaluated = self._pending  # nothing here for findings to take in
                self._findings.notify_all()
        for (_, future), result in zip(batch, results, strict=True):
            if isinstance(result, Ack):
                future.set_result(result)
            else:
                assert result is not None  # every submission was answered above
                future.set_exception(result)

    def _evaluate_forever(self) -> None:
        """The evaluator thread: evaluate whatever batches made stale, then rest as long as
        that took (so evaluation never takes more than half of the interpreter)."""
        while True:
            with self._findings:
                woken = self._findings.wait_for(
                    lambda: self._dirty or self._answered or self._stopping, self.tick_seconds
                )
                if self._stopping and not (self._dirty or self._answered):
                    return  # stopping, and nothing is stale
                # A tick (no record came): deadlines may have passed for every mechanism.
                only = None if self._answered or not woken else sorted(self._dirty)
                upto = self._pending
                self._dirty, self._answered, self._busy = set(), False, True
            started = time.monotonic()
            try:
                with unit_of_work(self._factory) as session:  # the long folds, unlocked
                    engine.warm(
                        session,
                        deployment=self._deployment_of(session),
                        projections=self._projections,
                        only=only,
                    )
                with unit_of_work(self._factory, write=True) as session:
                    engine.catch_up(
                        session,
                        deployment=self._deployment_of(session),
                        clock=self._clock,
                        projections=self._projections,
                        only=only,
                    )
            except Exception:  # the records are durable; findings catch up next evaluation
                log.exception("evaluation after committed batches failed")
            for callback in list(self.after_evaluation):
                try:
                    callback()
                except Exception:
                    log.exception("a callback after an evaluation failed")
            took = time.monotonic() - started
            with self._findings:
                self.evaluations += 1
                self._busy = False
                self._evaluated = max(self._evaluated, upto)
                if not (self._dirty or self._answered):  # what came since needs no evaluation
                    self._evaluated = max(self._evaluated, self._pending)
                self._findings.notify_all()
                self._findings.wait_for(lambda: self._stopping, min(took, 1.0))

    def _prepare(
        self, session: Session, deployment: Deployment, sub: Submission, now: datetime
    ) -> Prepared:
        return prepare(
            session,
            deployment=deployment,
            ledger=self._ledger,
            principal=sub.principal,
            item=sub.item,
            envelope=sub.envelope,
            now=now,
        )
