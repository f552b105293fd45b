"""Units of work on SQLite: writers of every process queue on the lock file beside the
database; readers do not."""

from __future__ import annotations

import fcntl
import threading
from pathlib import Path

from sqlalchemy import text

from cosec.store.db import _writers_queue, make_engine, session_factory, unit_of_work


def test_a_writer_waits_for_the_lock_file_and_a_reader_does_not(sqlite_url: str) -> None:
    factory = session_factory(make_engine(sqlite_url))
    lock_file = Path(sqlite_url.removeprefix("sqlite:///") + "-writers")
    entered = {"read": threading.Event(), "write": threading.Event()}

    def work(kind: str) -> None:
        with unit_of_work(factory, write=kind == "write") as s:
            s.execute(text("SELECT 1"))
            entered[kind].set()

    with lock_file.open("a+b") as held:  # another process's writer, mid-batch
        fcntl.flock(held, fcntl.LOCK_EX)
        threads = {k: threading.Thread(target=work, args=(k,)) for k in entered}
        for t in threads.values():
            t.start()
        assert entered["read"].wait(10)
        threads["read"].join()
        assert not entered["write"].is_set()
        threads["write"].join(0.5)  # still queued behind the lock
        assert threads["write"].is_alive()
        assert not entered["write"].is_set()
        fcntl.flock(held, fcntl.LOCK_UN)
    threads["write"].join(10)
    assert entered["write"].is_set()
    factory.kw["bind"].dispose()


def test_a_thread_already_in_the_writers_queue_is_not_queued_behind_itself(
    sqlite_url: str,
) -> None:
    engine = make_engine(sqlite_url)
    done = threading.Event()

    def nested() -> None:
        with _writers_queue(engine), _writers_queue(engine):
            done.set()

    t = threading.Thread(target=nested, daemon=True)
    t.start()
    t.join(10)
    assert done.is_set(), "a nested write waited for its own lock"
    engine.dispose()
