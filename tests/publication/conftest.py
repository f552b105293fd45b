"""Fixtures of the publication tests: an API client over a fresh world (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.support import Api, api_over
from tests.conftest import World


@pytest.fixture
def api(world: World) -> Iterator[Api]:
    """A client over a fresh world, with keys for CHN, USA, JPN, SEC, OBS and the public."""
    with api_over(world) as a:
        yield a
