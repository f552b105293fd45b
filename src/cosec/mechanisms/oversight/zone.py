"""The watch zone: a polygon of ``(lat, lon)`` corners, and which points lie in it
(Shapely, vectorised over arrays of positions)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray


@cache
def _polygon(corners: tuple[tuple[float, float], ...]) -> shapely.Polygon:
    polygon = shapely.Polygon([(lon, lat) for lat, lon in corners])
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    shapely.prepare(polygon)
    return polygon


def inside(
    corners: Sequence[tuple[float, float]], lat: ArrayLike, lon: ArrayLike
) -> NDArray[np.bool_]:
    """Whether each position lies inside the zone or on its edge.

    >>> box = ((29.0, 119.0), (29.0, 131.0), (41.0, 131.0), (41.0, 119.0))
    >>> inside(box, [38.5, 28.0, 41.0], [124.0, 124.0, 125.0]).tolist()
    [True, False, True]
    """
    polygon = _polygon(tuple((float(a), float(b)) for a, b in corners))
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    return np.asarray(shapely.intersects_xy(polygon, x, y), dtype=bool)


def bounds(corners: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """``(south, west, north, east)`` of the zone."""
    lats = [c[0] for c in corners]
    lons = [c[1] for c in corners]
    return min(lats), min(lons), max(lats), max(lons)
