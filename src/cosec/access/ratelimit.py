"""Rate limits in the server process: one token bucket per client address, bounded.

A bucket holds up to ``capacity`` tokens and refills at ``per_minute`` tokens a minute; a
request that finds it empty is refused with :class:`RateLimited`, which says how many
seconds to wait. At most ``max_clients`` buckets are kept: the least recently used is
forgotten first, and a forgotten bucket is a full one, so memory stays bounded and
forgetting can only let a client through sooner, never refuse one wrongly.

The limits live in one process's memory: they reset when the server restarts, and each
of ``cosec serve --workers N``'s processes keeps its own (see docs/security.md).

>>> t = [0.0]
>>> buckets = TokenBuckets(per_minute=60, capacity=2, now=lambda: t[0])
>>> buckets.take("10.0.0.1"); buckets.take("10.0.0.1")
>>> buckets.take("10.0.0.1")
Traceback (most recent call last):
cosec.access.ratelimit.RateLimited: too many requests from this address; retry in 1 s
>>> t[0] = 1.0; buckets.take("10.0.0.1")  # one token a second
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from cosec.errors import CosecError


class RateLimited(CosecError):
    """Too many requests from one client: retry after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class TokenBuckets:
    """Token buckets keyed by client, thread-safe, at most ``max_clients`` of them."""

    def __init__(
        self,
        *,
        per_minute: int,
        capacity: int | None = None,
        max_clients: int = 10_000,
        now: Callable[[], float] = time.monotonic,
        what: str = "requests",
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.rate = per_minute / 60.0
        self.capacity = float(capacity if capacity is not None else per_minute)
        self.max_clients = max_clients
        self.what = what
        self._now = now
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def _level(self, client: str, now: float) -> float:
        tokens, at = self._buckets.get(client, (self.capacity, now))
        return min(self.capacity, tokens + (now - at) * self.rate)

    def _store(self, client: str, tokens: float, now: float) -> None:
        self._buckets[client] = (tokens, now)
        self._buckets.move_to_end(client)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)

    def _refuse(self, tokens: float) -> RateLimited:
        wait = max(1, math.ceil((1.0 - tokens) / self.rate))
        return RateLimited(
            f"too many {self.what} from this address; retry in {wait} s", retry_after=wait
        )

    def check(self, client: str) -> None:
        """Refuse if ``client``'s bucket is empty; take nothing."""
        with self._lock:
            now = self._now()
            tokens = self._level(client, now)
            if tokens < 1.0:
                self._store(client, tokens, now)
                raise self._refuse(tokens)

    def take(self, client: str) -> None:
        """Take a token from ``client``'s bucket, or refuse if it is empty."""
        with self._lock:
            now = self._now()
            tokens = self._level(client, now)
            if tokens < 1.0:
                self._store(client, tokens, now)
                raise self._refuse(tokens)
            self._store(client, tokens - 1.0, now)

    def spend(self, client: str) -> None:
        """Take a token if there is one (a failure to count, never refused itself)."""
        with self._lock:
            now = self._now()
            self._store(client, max(self._level(client, now) - 1.0, 0.0), now)
