"""The API tests' client, for the feed tests (feeds are read over HTTP)."""

from tests.api.conftest import api

__all__ = ["api"]
