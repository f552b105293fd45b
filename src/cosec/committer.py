"""Group commit: one writer thread per server process turns many submissions into one
durable transaction.

A durable commit costs a disk flush (SQLite ``synchronous=FULL``, PostgreSQL's WAL
flush), and a flush per submission caps a server at a few hundred submissions a second.
Requests therefore validate and verify their submission in their own thread
(:func:`cosec.submissions.prepare`), hand it to the committer and wait. The committer's
thread takes whatever has queued, up to ``max_batch``, and writes it in one transaction
(:func:`cosec.submissions.commit`): records, log entries and one signed checkpoint. Only
when that transaction has committed does any waiting request get its answer, so nothing
is acknowledged before it is durable. A submission that fails in the batch (a replayed
sequence number) is answered with its error; the others go in.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from cosec.clock import Clock
from cosec.compliance import engine
from cosec.deployment import Deployment
from cosec.errors import CosecError
from cosec.ledger.context import Ledger
from cosec.store.db import unit_of_work
from cosec.submissions import Committed, Prepared, commit

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

    def submit(self, prepared: Prepared, timeout: float | None = 60.0) -> Ack:
        """Queue a prepared submission and wait until it is durable (or refused)."""
        future: Future[Ack] = Future()
        self._start()
        self._queue.put((prepared, future))
        return future.result(timeout)

    def submit_async(self, prepared: Prepared) -> Future[Ack]:
        """Queue a prepared submission; the future resolves once it is durable."""
        future: Future[Ack] = Future()
        self._start()
        self._queue.put((prepared, future))
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

    def _write(self, batch: list[tuple[Prepared, Future[Ack]]]) -> None:
        prepared = [p for p, _ in batch]
        try:
            with unit_of_work(self._factory, write=True) as session:
                outcomes = commit(
                    session,
                    ledger=self._ledger,
                    batch=prepared,
                    now=self._clock.now(),
                    atomic=False,
                )
                results: list[Ack | CosecError] = [
                    Ack(o.record_id, o.entry.index, o.entry.leaf) if isinstance(o, Committed) else o
                    for o in outcomes
                ]
                touched = sorted(
                    {o.mechanism for o in outcomes if isinstance(o, Committed)} - {"core"}
                )
                answered = any(
                    isinstance(o, Committed) and o.kind == "finding.answer" for o in outcomes
                )
        except BaseException as exc:  # nothing was written: every waiting request learns why
            for _, future in batch:
                future.set_exception(exc)
            return
        self.batches += 1
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
                future.set_exception(result)
