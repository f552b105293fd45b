"""Event tables out: CSV, Parquet or GeoJSON, chosen by the file's extension.

CSV writes times as ISO 8601 UTC with milliseconds (``2024-01-01T00:05:12.345Z``);
Parquet keeps ``timestamp[ms, UTC]`` and the run's parameters in the schema metadata;
GeoJSON writes one Point per event, at ``lon, lat`` (or ``lon_start, lat_start``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cosec.analytics.tracks import iso_times
from cosec.errors import InvalidInput

FORMATS = (".csv", ".parquet", ".geojson")


def event_format(path: Path) -> str:
    """The format a path asks for (by extension), or an input error."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        suffix = ".geojson"
    if suffix not in FORMATS:
        raise InvalidInput.field("out", f"must end in {', '.join(FORMATS)}")
    return suffix


def text_times(table: pa.Table) -> pa.Table:
    """Timestamp columns as ISO 8601 UTC strings."""
    for i, f in enumerate(table.schema):
        if pa.types.is_timestamp(f.type):
            ms = table.column(i).cast(pa.int64()).to_numpy(zero_copy_only=False)
            table = table.set_column(i, f.name, pa.array(iso_times(ms / 1000.0), pa.string()))
    return table


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def geojson(table: pa.Table) -> dict[str, Any]:
    """Events as a GeoJSON FeatureCollection of Points."""
    names = table.column_names
    lat_col = "lat" if "lat" in names else "lat_start"
    lon_col = "lon" if "lon" in names else "lon_start"
    rows = text_times(table).to_pylist()
    features = []
    for row in rows:
        point = {"type": "Point", "coordinates": [row[lon_col], row[lat_col]]}
        props = {k: _plain(v) for k, v in row.items()}
        features.append({"type": "Feature", "geometry": point, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def write_events(table: pa.Table, path: Path) -> None:
    """Write an event table; the format follows the extension."""
    fmt = event_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == ".csv":
        pacsv.write_csv(text_times(table), tmp, pacsv.WriteOptions(quoting_style="needed"))
    elif fmt == ".parquet":
        pq.write_table(table, tmp)
    else:
        tmp.write_text(json.dumps(geojson(table), allow_nan=False) + "\n")
    tmp.replace(path)
