"""Python's cycle collector paused while a whole store is folded and judged.

A full evaluation builds millions of small objects that live until it ends (records read,
projections' activities and indexes, drafts, stored findings) and frees almost none of them
on the way. Each of those allocations counts towards the collector's next pass, and every
so often a pass of the oldest generation walks everything alive: on the benchmark's store of
100,000 notifications, 18 such passes and 10,000 younger ones took 13 of `cosec evaluate`'s
34 s while finding a few thousand objects to free (``gc.get_stats()``; the figures are in
docs/performance.md). The collector is paused for the bulk work and resumed after, which
then frees whatever cycles were left in one pass of its own, as CPython's documentation
suggests for code that allocates many long-lived objects at once (``gc.disable``,
``gc.freeze``).

Used where a whole store, or a whole file, is read and judged at once: ``engine.evaluate``
and a projection's fold (``cosec evaluate``, a server folding its store as it starts) and
``cosec <mechanism> assess FILE``.

The collector is the process's, not a thread's: while one thread folds, another thread's
cycles wait too (a web request's, in a server that folds its store as it starts). Nested
and concurrent pauses are counted; the collector resumes when the last one ends, and only
if it was running when the first began. Hand-written because no library offers a counted,
thread-safe pause of ``gc``.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cycle collector for the body (counted: nested and concurrent pauses end
    when the last one does)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
