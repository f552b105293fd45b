"""Fixtures of the status-quo tests: a client over a fresh world (SQLite, then PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.support import Api, api_over
from tests.conftest import World


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    """A client over a fresh world, with users for CHN, USA, JPN, the secretariat."""
    with api_over(world) as a:
        yield a
