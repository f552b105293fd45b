"""Python's cycle collector paused while a whole store is folded and judged.

A full evaluation builds millions of small objects that live until it ends (records read,
projections' activities and indexes, drafts, stored findings) and frees almost none of them
on the way. Each of those allocations counts towards the collector's next pass, and every
so often a pass of the oldest generation walks everything alive. ``engine.evaluate`` of the
benchmark's store of 100,000 notifications (evaluated before, nothing to change) took 34.1 s
with the collector running and 21.2 s without it; its 18 passes of the oldest generation
and some 10,700 of the younger ones freed 8,492 objects in all (``gc.get_stats()``). The
collector is paused for the bulk work and resumed after, when its next pass frees whatever
cycles were left.

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
