"""Group commit: one writer thread per server process turns many submissions into one
durable transaction.

A durable commit costs a disk flush (SQLite ``synchronous=FULL``, PostgreSQL's WAL
flush), and a flush per submission caps a server at a few hundred submissions a second.
Requests therefore hand their submission to the committer and wait. The committer's
thread takes whatever has queued, up to ``max_batch``, checks each submission in one read
transaction (:func:`cosec.submissions.prepare`: payload, rules, signature, time window;
a submission that fails is answered with its error), then writes the rest in one
transaction (:func:`cosec.submissions.commit`): records, log entries and one signed
checkpoint. Only when that transaction has committed does any waiting request get its
answer, so nothing is acknowledged before it is durable. A submission that fails in the
batch (a replayed sequence number) is answered with its error; the others go in.

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
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from cosec.clock import Clock
from cosec.compliance import engine
from cosec.deployment import Deployment
from cosec.ledger.context import Ledger
from cosec.store.db import unit_of_work
from cosec.submissions import Committed, Prepared, Submission, commit, prepare

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
    ) -> None:
        self._factory = factory
        self._ledger = ledger
        self._clock = clock
        self._deployment_of = deployment_of
        self._max_batch = max_batch
        self._evaluate = evaluate
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0
        """Transactions committed (for benchmarks and tests)."""

    def submit(self, submission: Submission, timeout: float | None = 60.0) -> Ack:
        """Queue a submission and wait until it is durable (or refused: its error raises)."""
        return self.submit_async(submission).result(timeout)

    def submit_async(self, submission: Submission) -> Future[Ack]:
        """Queue a submission; the future resolves once it is durable (or refused)."""
        future: Future[Ack] = Future()
        self._start()
        self._queue.put((submission, future))
        return future

    def close(self) -> None:
        """Finish what is queued and stop the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_STOP)
            thread.join()

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="cosec-committer", daemon=True
                )
                self._thread.start()

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
                touched = sorted({o.mechanism for o in done} - {"core"})
                answered = any(o.kind == "finding.answer" for o in done)
                self.batches += 1
        except BaseException as exc:  # nothing was written: every waiting request learns why
            for (_, future), result in zip(batch, results, strict=True):
                future.set_exception(result if isinstance(result, BaseException) else exc)
            return
        if self._evaluate and (touched or answered):
            try:
                with unit_of_work(self._factory, write=True) as session:
                    engine.evaluate(
                        session,
                        deployment=self._deployment_of(session),
                        clock=self._clock,
                        only=None if answered else touched,
                    )
            except Exception:  # the records are durable; findings catch up next evaluation
                log.exception("evaluation after a committed batch failed")
        for (_, future), result in zip(batch, results, strict=True):
            if isinstance(result, Ack):
                future.set_result(result)
            else:
                assert result is not None  # every submission was answered above
                future.set_exception(result)

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
