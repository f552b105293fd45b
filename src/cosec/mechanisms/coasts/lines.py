"""The 12 and 24 nm lines of members' coasts, for the map (display only).

The rules never use these lines: they measure exact distances to the coast edges
(:mod:`.measure`). For the map, a member's land (Natural Earth 1:10m) is buffered by the
distance in tiles of 2°: each tile's land, widened by the distance, is projected in an
equirectangular frame centred on the tile (distances within about 1 %), buffered with
shapely, cut where it runs over any land, and clipped back to the tile. Tiles are cached.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from cosec.kit import InvalidInput
from cosec.plugin.tracks import METRES_PER_NM, coastlines

TILE_DEG = 2.0
MAX_TILES = 400
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0


@cache
def _polygons() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every land ring as a polygon, its unit code, and its bounds ``(w, s, e, n)``."""
    polys, codes = [], []
    for u in coastlines().units:
        for ring in u.rings:
            if len(ring) >= 4:
                polys.append(shapely.make_valid(shapely.polygons(ring)))
                codes.append(u.a3)
    geoms = np.array(polys, dtype=object)
    return geoms, np.array(codes), shapely.bounds(geoms)


def _near(bounds: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    w, s, e, n = box
    return np.flatnonzero(
        (bounds[:, 0] <= e) & (bounds[:, 2] >= w) & (bounds[:, 1] <= n) & (bounds[:, 3] >= s)
    )


def _frame(lat: float, lon: float) -> tuple[float, float, float, float]:
    return lat, lon, M_PER_DEG_LON * math.cos(math.radians(lat)), M_PER_DEG_LAT


def _project(geom: BaseGeometry, frame: tuple[float, float, float, float]) -> BaseGeometry:
    lat0, lon0, kx, ky = frame
    return shapely.transform(
        geom, lambda c: np.column_stack(((c[:, 0] - lon0) * kx, (c[:, 1] - lat0) * ky))
    )


def _unproject(geom: BaseGeometry, frame: tuple[float, float, float, float]) -> BaseGeometry:
    lat0, lon0, kx, ky = frame
    return shapely.transform(
        geom, lambda c: np.column_stack((c[:, 0] / kx + lon0, c[:, 1] / ky + lat0))
    )


@lru_cache(maxsize=4096)
def tile_lines(
    state: str, nm: float, row: int, col: int
) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The ``nm`` line of ``state``'s coast inside one tile, as lists of ``(lon, lat)``."""
    south, west = -90.0 + row * TILE_DEG, -180.0 + col * TILE_DEG
    north, east = south + TILE_DEG, west + TILE_DEG
    d = nm * METRES_PER_NM
    mlat = d / M_PER_DEG_LAT * 1.05 + 0.01
    top = min(max(abs(south - mlat), abs(north + mlat)), 85.0)
    mlon = d / (M_PER_DEG_LON * math.cos(math.radians(top))) * 1.05 + 0.01
    wide = (west - mlon, south - mlat, east + mlon, north + mlat)
    geoms, codes, bounds = _polygons()
    near = _near(bounds, wide)
    mine = [i for i in near if codes[i] == state]
    if not mine:
        return ()
    frame = _frame((south + north) / 2, (west + east) / 2)
    clip = shapely.box(*wide)
    land = _project(shapely.union_all([shapely.intersection(geoms[i], clip) for i in mine]), frame)
    if land.is_empty:
        return ()
    outline = land.buffer(d, quad_segs=8).boundary
    others = shapely.union_all([shapely.intersection(geoms[i], clip) for i in near])
    outline = outline.difference(_project(others, frame))
    inside = _project(shapely.box(west, south, east, north), frame)
    line = _unproject(shapely.intersection(outline, inside), frame)
    parts = [g for g in shapely.get_parts(shapely.line_merge(line)) if g.geom_type == "LineString"]
    return tuple(tuple((round(x, 5), round(y, 5)) for x, y in np.asarray(p.coords)) for p in parts)


def coast_lines(
    states: Sequence[str], distances_nm: Sequence[float], bbox: tuple[float, float, float, float]
) -> dict[str, Any]:
    """GeoJSON lines at each distance of each state's coast inside ``bbox`` (w, s, e, n)."""
    w, s, e, n = bbox
    rows = range(math.floor((s + 90) / TILE_DEG), math.ceil((n + 90) / TILE_DEG))
    cols = range(math.floor((w + 180) / TILE_DEG), math.ceil((e + 180) / TILE_DEG))
    if len(rows) * len(cols) > MAX_TILES:
        raise InvalidInput.field("bbox", f"must span at most {MAX_TILES} tiles of {TILE_DEG:g}°")
    features = []
    for state in states:
        for nm in distances_nm:
            lines = [ln for r in rows for c in cols for ln in tile_lines(state, float(nm), r, c)]
            if lines:
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {"type": "MultiLineString", "coordinates": lines},
                        "properties": {"state": state, "nm": nm},
                    }
                )
    return {"type": "FeatureCollection", "features": features}
