"""Engines, sessions and the unit of work. The edge owns the transaction.

SQLite runs in WAL mode with ``synchronous=FULL`` and foreign keys on, so an acknowledged
write survives a crash; PostgreSQL goes through psycopg 3.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not on Windows: SQLite's own locking then
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

OWNER_ONLY_UMASK = 0o077
"""Files and folders the store makes are readable by their owner only."""


@contextmanager
def owner_only() -> Iterator[None]:
    """Make files and folders readable by their owner only, for the time of the block.

    The umask is the process's, so it is set only while the store's own files are made.
    """
    previous = os.umask(OWNER_ONLY_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def _create_sqlite_file(path: Path) -> None:
    """Make the database file (and its folder) owner-only, before SQLite opens it; the WAL
    and shared-memory files SQLite makes beside it take the database file's mode."""
    with owner_only():
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite files get their directory (both owner-only when this
    makes them) and durable pragmas."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            if not path.exists():
                _create_sqlite_file(path)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy manage transactions (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # A writing unit of work takes the write lock up front (BEGIN IMMEDIATE), so two
    # writers never fail on a lock upgrade; readers begin deferred and never block.
    write = conn.get_execution_options().get("cosec_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def _writers_queue(bind: Any) -> Iterator[None]:
    """Writers to one SQLite file, in any process, queue here before ``BEGIN IMMEDIATE``.

    SQLite makes a writer that finds the database locked sleep and retry (1, 2, 5, 10 ms
    and longer), so two server processes appending at once lose most of their time
    asleep. An exclusive ``flock`` on a file beside the database is queued in the kernel
    instead: the next writer wakes as soon as the last one is done, and a killed
    process's lock goes with it. Other databases (PostgreSQL queues on the log head's
    row lock) and in-memory SQLite pass straight through, and so does a thread that is
    already in the queue's lock (a write inside a write then meets SQLite's own lock and
    its busy timeout, as it would without this queue, rather than waiting for itself).
    """
    url = getattr(bind, "url", None)
    database = url.database if url is not None and url.get_backend_name() == "sqlite" else None
    held: set[str] = _held.__dict__.setdefault("files", set())
    if not database or database == ":memory:" or fcntl is None or database in held:
        yield
        return
    with os.fdopen(os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT, 0o600), "a+b") as queue:
        fcntl.flock(queue, fcntl.LOCK_EX)
        held.add(database)
        try:
            yield
        finally:
            held.discard(database)
            fcntl.flock(queue, fcntl.LOCK_UN)


_held = threading.local()
"""Per thread: the databases whose writers' queue it is in."""


@contextmanager
def unit_of_work(factory: sessionmaker[Session], *, write: bool = False) -> Iterator[Session]:
    """One transaction: commit when the block succeeds, roll back when it raises.

    ``write=True`` takes the database's write lock at the start (SQLite ``BEGIN
    IMMEDIATE``, after :func:`_writers_queue`), for units of work that append records.
    """
    session = factory()
    try:
        with _writers_queue(factory.kw.get("bind")) if write else nullcontext():
            try:
                if write:
                    session.connection(execution_options={"cosec_write": True})
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        session.close()
