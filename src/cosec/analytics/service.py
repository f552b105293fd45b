"""Entry points for callers (CLI, API, mechanisms): import tracks, detect events.

::

    manifest = import_tracks(["day.csv", "feed.nmea"], out="var/tracks/2024-01-01")
    table = run_analysis("var/tracks/2024-01-01", "encounters", {"max_distance_m": 500})
    table = run_analysis("var/tracks/2024-01-01", "near-coast", {"states": ["PHL"]})

Every function takes keyword arguments, validates them (raising
:class:`~cosec.errors.InvalidInput` naming the field and the rule) and returns plain
data or an Arrow table whose schema metadata records the kind, the parameters and the
engine. Identifiers come back as ``mmsi`` integers for ships and ``icao24`` hex strings
for aircraft.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from cosec.analytics.engines.dask import DaskEngine
from cosec.analytics.engines.local import LocalEngine, Progress
from cosec.analytics.io.dataset import (
    DEFAULT_LON_BAND_DEG,
    ImportReport,
    import_counts,
    is_dataset,
    read_manifest,
    write_dataset,
)
from cosec.analytics.io.load import import_files, load_tracks
from cosec.analytics.io.schema import Kind, format_icao24
from cosec.analytics.params import EVENT_KINDS, Params, describe, params_for
from cosec.analytics.tracks import DEFAULT_MAX_SPEED_KN, Tracks
from cosec.errors import InvalidInput

Engine = LocalEngine | DaskEngine
Source = str | Path | Sequence[str | Path] | Tracks

ID_COLUMNS = ("id_a", "id_b", "id")


def import_tracks(
    files: Sequence[str | Path],
    *,
    out: str | Path,
    max_speed_kn: float | None = None,
    time_format: str | None = None,
    lon_band_deg: float = DEFAULT_LON_BAND_DEG,
    overwrite: bool = False,
) -> dict[str, Any]:
    """Import position files into a dataset at ``out``; returns its manifest (the counts)."""
    tracks, report = import_files(
        [Path(f) for f in files], max_speed_kn=max_speed_kn, time_format=time_format
    )
    speed = DEFAULT_MAX_SPEED_KN[tracks.kind] if max_speed_kn is None else max_speed_kn
    return write_dataset(
        tracks,
        report,
        Path(out),
        lon_band_deg=lon_band_deg,
        max_speed_kn=speed,
        overwrite=overwrite,
    )


def _label_ids(table: pa.Table, kind: Kind) -> pa.Table:
    """Integer ids as the identifiers of their kind (``mmsi`` ints, ``icao24`` strings)."""
    for name in ID_COLUMNS:
        if name not in table.column_names:
            continue
        i = table.column_names.index(name)
        col = table.column(i)
        if kind == "adsb":
            values = col.to_numpy(zero_copy_only=False)
            table = table.set_column(
                i, name, pa.array([format_icao24(int(v)) for v in values], pa.string())
            )
        else:
            table = table.set_column(i, name, col.cast(pa.int64()))
    return table


def _with_metadata(table: pa.Table, **meta: Any) -> pa.Table:
    encoded = {b"cosec": json.dumps(meta, default=str).encode()}
    return table.replace_schema_metadata(encoded)


def run_analysis(
    source: Source,
    kind: str,
    params: Mapping[str, Any] | Params | None = None,
    *,
    engine: Engine | None = None,
    max_speed_kn: float | None = None,
    time_format: str | None = None,
    progress: Progress | None = None,
) -> pa.Table:
    """Events of ``kind`` in a dataset, position files, or tracks already in memory.

    ``kind`` is one of ``encounters``, ``rendezvous``, ``gaps``, ``loitering``,
    ``near-coast``; ``params`` are that kind's parameters (see :mod:`.params`).
    ``engine`` defaults to the local engine on all cores; a Dask engine needs a dataset,
    so files are imported to a temporary one first. Read from files, the table's metadata
    also holds ``imported``: the rows read, rejected (by reason) and removed.
    """
    if kind not in EVENT_KINDS:
        raise InvalidInput.field("kind", f"must be one of {', '.join(EVENT_KINDS)}")
    p = params_for(kind, params)
    engine = engine or LocalEngine()
    imported: dict[str, Any] | None = None  # what reading files left out (metadata "imported")
    if isinstance(source, Tracks):
        if isinstance(engine, DaskEngine):
            raise InvalidInput.field(
                "engine", "the Dask engine reads a dataset, not tracks in memory"
            )
        table = engine.run_tracks(source, kind, p, progress)
        data_kind: Kind = source.kind
    else:
        paths = [Path(source)] if isinstance(source, str | Path) else [Path(s) for s in source]
        if len(paths) == 1 and is_dataset(paths[0]):
            data_kind = read_manifest(paths[0])["kind"]
            table = engine.run_dataset(paths[0], kind, p, progress)
        elif isinstance(engine, DaskEngine):
            with tempfile.TemporaryDirectory(prefix="cosec-tracks-") as tmp:
                out = Path(tmp) / "dataset"
                manifest = import_tracks(
                    paths, out=out, max_speed_kn=max_speed_kn, time_format=time_format
                )
                data_kind = manifest["kind"]
                imported = import_counts(manifest)
                table = engine.run_dataset(out, kind, p, progress)
        else:
            tracks, report = load_tracks(paths, max_speed_kn=max_speed_kn, time_format=time_format)
            data_kind = tracks.kind
            imported = import_counts(report.summary()) if report is not None else None
            table = engine.run_tracks(tracks, kind, p, progress)
    table = _label_ids(table, data_kind)
    extra = {} if imported is None else {"imported": imported}
    return _with_metadata(
        table, kind=kind, params=describe(p), engine=engine.name, source=data_kind, **extra
    )


def load(
    source: str | Path | Sequence[str | Path], **options: Any
) -> tuple[Tracks, ImportReport | None]:
    """Tracks of a dataset or of files (in memory), with the import report for files."""
    paths = [Path(source)] if isinstance(source, str | Path) else [Path(s) for s in source]
    return load_tracks(paths, **options)


def summary(table: pa.Table) -> dict[str, Any]:
    """A small description of an event table: rows and the run's metadata."""
    meta = table.schema.metadata or {}
    info: dict[str, Any] = json.loads(meta.get(b"cosec", b"{}"))
    info["events"] = table.num_rows
    if "confidence" in table.column_names and table.num_rows:
        info["median_confidence"] = float(np.median(table.column("confidence").to_numpy()))
    return info
