"""Simplified land and coast GeoJSON for maps (a Leaflet layer needs no tile server).

>>> fc = coastline_geojson(states=["SCR"], tolerance_deg=0.0)
>>> fc["type"], fc["features"][0]["properties"]["a3"]
('FeatureCollection', 'SCR')
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import shapefile
import shapely
from shapely.geometry import box, mapping, shape

from cosec.geo.coast import natural_earth_path


@cache
def _polygons() -> tuple[tuple[str, str, shapely.Geometry], ...]:
    with shapefile.Reader(natural_earth_path(), encoding="utf-8") as sf:
        names = [f[0] for f in sf.fields[1:]]
        out = []
        for record, shp in zip(sf.records(), sf.shapes(), strict=True):
            row = dict(zip(names, record, strict=True))
            out.append((str(row["ADM0_A3"]), str(row["NAME"]), shape(shp.__geo_interface__)))
    return tuple(out)


def coastline_geojson(
    *,
    states: Sequence[str] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    tolerance_deg: float = 0.01,
) -> dict[str, Any]:
    """Land polygons (their outlines are the coasts) as a GeoJSON FeatureCollection.

    ``states`` keeps only those ADM0_A3 units; ``bbox`` (west, south, east, north,
    degrees) clips to a map's view; ``tolerance_deg`` simplifies the outlines (0.01° is
    about 1 km, plenty for a regional map and a small payload).
    """
    wanted = {s.upper() for s in states} if states is not None else None
    clip = box(*bbox) if bbox is not None else None
    features = []
    for a3, name, geom in _polygons():
        if wanted is not None and a3 not in wanted:
            continue
        g = geom
        if clip is not None:
            if not g.intersects(clip):
                continue
            g = g.intersection(clip)
        if tolerance_deg > 0:
            g = g.simplify(tolerance_deg, preserve_topology=True)
        if g.is_empty:
            continue
        features.append(
            {"type": "Feature", "properties": {"a3": a3, "name": name}, "geometry": mapping(g)}
        )
    return {"type": "FeatureCollection", "features": features}
