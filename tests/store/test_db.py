"""Units of work on SQLite: writers of every process queue on the lock file beside the
database; readers do not."""

from __future__ import annotations

import fcntl
import os
import stat
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


def test_a_new_sqlite_store_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """The folder, the database and the files SQLite and the writers' queue make beside it,
    however permissive the process's umask."""
    path = tmp_path / "var" / "store" / "cosec.db"
    previous = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{path}")
        factory = session_factory(engine)
        with unit_of_work(factory, write=True) as s:
            s.execute(text("CREATE TABLE t (x INTEGER)"))
            s.execute(text("INSERT INTO t VALUES (1)"))
            modes = {
                p.name: stat.S_IMODE(p.stat().st_mode)
                for p in path.parent.iterdir()
                if p.name.startswith("cosec.db")
            }
        assert os.umask(0o022) == 0o022  # the process's umask is as it was
    finally:
        os.umask(previous)
        factory.kw["bind"].dispose()
    assert set(modes) == {"cosec.db", "cosec.db-wal", "cosec.db-shm", "cosec.db-writers"}
    assert modes == dict.fromkeys(modes, 0o600)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
