"""Fixtures of the reliability tests: child processes that are always reaped, and a
throwaway PostgreSQL that syncs to disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import need
from tests.reliability.harness import Processes
from tests.support import postgres


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    """Servers started by a test; every one still running is SIGKILLed at the end."""
    procs = Processes(tmp_path)
    try:
        yield procs
    finally:
        procs.close()


@pytest.fixture
def durable_postgres() -> Iterator[postgres.PostgresServer]:
    """A PostgreSQL of its own with ``fsync=on``, destroyed at the end (crash tests only)."""
    need(postgres.available(), "PostgreSQL 15 server binaries are not installed")
    server = postgres.PostgresServer(fsync=True)
    try:
        server.start()
        yield server
    finally:
        server.destroy()
