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
import pyarrow.compute as pc
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
    """Timestamp columns as ISO 8601 UTC strings (nulls stay null)."""
    for i, f in enumerate(table.schema):
        if pa.types.is_timestamp(f.type):
            col = table.column(i).cast(pa.int64())
            ms = col.fill_null(0).to_numpy(zero_copy_only=False)
            text = pa.array(iso_times(ms / 1000.0), pa.string())
            text = pc.if_else(pc.is_null(col), pa.scalar(None, pa.string()), text)
            table = table.set_column(i, f.name, text)
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


def _needs_quotes(table: pa.Table) -> bool:
    return any(
        (pa.types.is_string(col.type) or pa.types.is_large_string(col.type))
        and bool(pc.any(pc.match_substring_regex(col, '[,"\r\n]')).as_py())
        for col in table.columns
    )


def write_csv(table: pa.Table, path: Path) -> None:
    """A CSV file with a plain header line; values are quoted only if one must be."""
    style = "needed" if _needs_quotes(table) else "none"
    with path.open("wb") as fh:
        fh.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, fh, pacsv.WriteOptions(include_header=False, quoting_style=style))


def write_events(table: pa.Table, path: Path) -> None:
    """Write an event table; the format follows the extension."""
    fmt = event_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == ".csv":
        write_csv(text_times(table), tmp)
    elif fmt == ".parquet":
        pq.write_table(table, tmp)
    else:
        tmp.write_text(json.dumps(geojson(table), allow_nan=False) + "\n")
    tmp.replace(path)
