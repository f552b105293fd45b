"""Any accepted input into tracks: CSV, Parquet or NMEA files, or an imported dataset.

:func:`import_files` reads position files, rejects what breaks the rules, removes exact
duplicates, sorts per vessel and time and splits tracks at impossible jumps, reporting
every count. :func:`load_tracks` is what the analysis commands call: a dataset is read
back as it was written, a file goes through :func:`import_files` in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa

from cosec.analytics.io.dataset import (
    ImportReport,
    clean_columns,
    is_dataset,
    read_dataset_table,
)
from cosec.analytics.io.nmea import looks_like_nmea, read_nmea
from cosec.analytics.io.schema import Kind
from cosec.analytics.io.tabular import read_csv, read_parquet
from cosec.analytics.io.validate import CLEAN_SCHEMA, REJECT_SCHEMA, Checked
from cosec.analytics.tracks import DEFAULT_MAX_SPEED_KN, Tracks, tracks_from_clean
from cosec.errors import InvalidInput


def read_file(path: Path, *, time_format: str | None = None) -> tuple[Kind, Checked, Counter[int]]:
    """Clean rows, rejects and ignored NMEA messages of one file, by its content."""
    if not path.is_file():
        raise InvalidInput.field("input", "no such file", source=str(path))
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        kind, checked = read_parquet(path, time_format=time_format)
        return kind, checked, Counter()
    if name.endswith((".nmea", ".ais", ".nmea.gz")) or looks_like_nmea(path):
        result = read_nmea(path)
        return "ais", result.checked, result.ignored
    kind, checked = read_csv(path, time_format=time_format)
    return kind, checked, Counter()


def import_files(
    paths: Sequence[Path],
    *,
    max_speed_kn: float | None = None,
    time_format: str | None = None,
) -> tuple[Tracks, ImportReport]:
    """Tracks from position files of one kind, with everything the import did counted."""
    if not paths:
        raise InvalidInput.field("files", "at least one input file is required")
    if max_speed_kn is not None and not max_speed_kn > 0:
        raise InvalidInput.field("max_speed_kn", "must be positive")
    kinds: set[Kind] = set()
    cleans: list[pa.Table] = []
    rejects: list[pa.Table] = []
    ignored: Counter[int] = Counter()
    for path in paths:
        kind, checked, skipped = read_file(path, time_format=time_format)
        kinds.add(kind)
        cleans.append(checked.clean)
        rejects.append(checked.rejects)
        ignored.update(skipped)
    if len(kinds) > 1:
        raise InvalidInput.field("files", "mixes AIS (mmsi) and ADS-B (icao24) files")
    kind = kinds.pop()
    clean = pa.concat_tables(cleans) if cleans else CLEAN_SCHEMA.empty_table()
    rejected = pa.concat_tables(rejects) if rejects else REJECT_SCHEMA.empty_table()
    speed = DEFAULT_MAX_SPEED_KN[kind] if max_speed_kn is None else max_speed_kn
    tracks, prep = tracks_from_clean(clean, kind=kind, max_speed_kn=speed)
    report = ImportReport(
        kind=kind,
        sources=[str(p) for p in paths],
        rows_read=int(clean.num_rows + rejected.num_rows),
        rows_accepted=int(clean.num_rows),
        rejects=rejected,
        duplicates_removed=prep.duplicates_removed,
        jumps=prep.jumps,
        ignored_messages=ignored,
    )
    return tracks, report


def read_dataset(
    path: Path,
    *,
    start: float | None = None,
    end: float | None = None,
    lon_bands: tuple[int, int] | None = None,
) -> Tracks:
    """Tracks of a dataset (optionally a time window and a range of longitude bands)."""
    kind, table = read_dataset_table(path, start=start, end=end, lon_bands=lon_bands)
    seq = table.column("seq").to_numpy().astype(np.int64)
    brk = table.column("jump").to_numpy(zero_copy_only=False).astype(bool)
    tracks, _ = tracks_from_clean(clean_columns(kind, table), kind=kind, seq=seq, brk=brk)
    return tracks


def load_tracks(
    source: Path | Sequence[Path],
    *,
    max_speed_kn: float | None = None,
    time_format: str | None = None,
) -> tuple[Tracks, ImportReport | None]:
    """Tracks from a dataset directory or from position files (imported in memory)."""
    paths = [source] if isinstance(source, Path) else list(source)
    if len(paths) == 1 and is_dataset(paths[0]):
        return read_dataset(paths[0]), None
    if any(p.is_dir() for p in paths):
        raise InvalidInput.field("input", "a directory that is not an imported dataset")
    return import_files(paths, max_speed_kn=max_speed_kn, time_format=time_format)
