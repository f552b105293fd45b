"""Fixtures of the API tests: a client over a fresh world, or one world per module."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cosec.clock import FixedClock
from tests.api.support import Api, api_over
from tests.conftest import START, World, make_world

_databases = itertools.count()


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    """A client over a fresh world (SQLite, then PostgreSQL)."""
    with api_over(world) as a:
        yield a


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_world(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
) -> Iterator[World]:
    """One world for a whole module (SQLite, then PostgreSQL), for tests that only read
    or that must write nothing; each test then checks what it needs against it."""
    if request.param == "sqlite":
        target = tmp_path_factory.mktemp("api") / "cosec.db"
        shutil.copy(sqlite_template, target)
        url = f"sqlite:///{target}"
    else:
        server = request.getfixturevalue("pg_server")
        name = f"api{os.getpid()}_{next(_databases)}"
        server.execute(f"CREATE DATABASE {name} TEMPLATE cosec_template")
        url = server.url(name)
    w = make_world(url, FixedClock(START))
    yield w
    w.factory.kw["bind"].dispose()


@pytest.fixture(scope="module")
def module_api(module_world: World) -> Iterator[Api]:
    """A client over the module's world."""
    with api_over(module_world) as a:
        yield a
