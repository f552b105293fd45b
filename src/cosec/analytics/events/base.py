"""The window a partition owns, the shape of a detector, and shared helpers."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from cosec.analytics.params import Params
from cosec.analytics.tracks import Tracks

Partial = dict[str, pa.Table]
"""What a detector's map returns for one partition: named tables."""

COVERAGE_STEP_S = 600.0
"""Reports at least this often count as full support for the time between them."""


@dataclass(frozen=True, slots=True)
class Window:
    """The part of space-time a partition owns: times ``[t0, t1)``, longitudes ``[lon0, lon1)``.

    A partition reads more (its halo) but reports only what starts in its window, so
    nothing at a border is lost or counted twice.
    """

    t0: float = -math.inf
    t1: float = math.inf
    lon0: float = -180.0
    lon1: float = 180.0

    def owns(self, t: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Mask of the times and longitudes in the window."""
        mask = (t >= self.t0) & (t < self.t1)
        if self.lon0 > -180.0 or self.lon1 < 180.0:
            mask &= (lon >= self.lon0) & (lon < self.lon1)
        return np.asarray(mask)


EVERYTHING = Window()


@dataclass(frozen=True)
class Detector:
    """How one event kind is computed over partitions."""

    halo_s: Callable[[Params], tuple[float, float]]
    """Seconds a partition must read before and after its window."""
    spatial: bool
    """Whether the kind may be partitioned by longitude (per-vessel kinds may not)."""
    halo_m: Callable[[Params, float], float]
    """Metres a partition must read beyond its longitude band, given the fastest speed
    (knots) a track may have between two reports."""
    map: Callable[[Tracks, Params, Window, int], Partial]
    reduce: Callable[[list[Partial], Params], pa.Table]
    """Merges the parts of all partitions into the event table."""


def concat(parts: list[Partial], name: str, schema: pa.Schema) -> pa.Table:
    """One named table of every partial, concatenated (empty with ``schema`` if none)."""
    tables = [p[name] for p in parts if name in p and p[name].num_rows]
    if not tables:
        return schema.empty_table()
    return pa.concat_tables(tables)


def column(table: pa.Table, name: str) -> np.ndarray:
    """A numeric column as a NumPy array."""
    return np.asarray(table.column(name).to_numpy(zero_copy_only=False))


def covered_s(duration_s: np.ndarray, dt_s: np.ndarray) -> np.ndarray:
    """The part of a duration supported by reports: full when they came at least every
    10 minutes, proportionally less when they were sparser.

    >>> covered_s(np.array([100.0, 100.0]), np.array([300.0, 1200.0])).tolist()
    [100.0, 50.0]
    """
    return np.asarray(duration_s * np.minimum(1.0, COVERAGE_STEP_S / np.maximum(dt_s, 1e-9)))
