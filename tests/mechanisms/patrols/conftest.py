"""A Lancang-Mekong world on SQLite and on PostgreSQL, and a client over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cosec.clock import FixedClock
from tests.api.support import Api
from tests.conftest import World, make_world
from tests.mechanisms.patrols.support import api_over


@pytest.fixture
def lm_world(db_url: str, clock: FixedClock) -> Iterator[World]:
    """lancang-mekong adopted, on both stores."""
    w = make_world(db_url, clock, charter="lancang-mekong")
    yield w
    w.factory.kw["bind"].dispose()


@pytest.fixture
def api(lm_world: World) -> Iterator[Api]:
    with api_over(lm_world) as a:
        yield a


@pytest.fixture
def lm_sqlite_world(sqlite_url: str, clock: FixedClock) -> Iterator[World]:
    """lancang-mekong adopted, on SQLite only (the page tests)."""
    w = make_world(sqlite_url, clock, charter="lancang-mekong")
    yield w
    w.factory.kw["bind"].dispose()


@pytest.fixture
def web(lm_sqlite_world: World) -> Iterator[Api]:
    with api_over(lm_sqlite_world) as a:
        yield a
