"""The imported track dataset: Parquet partitioned by day and longitude band.

Layout (hive partitioning, readable by DuckDB, pandas, pyarrow and Dask as is)::

    DATASET/_manifest.json                   kind, counts, time range, parameters
    DATASET/_rejects.csv                     every rejected row with its reason
    DATASET/_jumps.csv                       every impossible jump that split a track
    DATASET/day=2024-01-01/lon_band=19/part-0.parquet

A file holds one row group per hour, rows sorted by vessel and time within it, so that
a reader of a time window skips the row groups outside it. Rows carry ``seq`` (the
report's number in its vessel's whole track) and ``jump`` (starts a new piece), so any
subset read back (a day, a band, a few hours) keeps the track structure. The dataset is
written to a temporary directory and renamed into place: a failed import leaves nothing
half-written.
"""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cosec.analytics.io.events import text_times, write_csv
from cosec.analytics.io.schema import ID_COLUMN, Kind
from cosec.analytics.tracks import Tracks, timestamps
from cosec.errors import InvalidInput

MANIFEST = "_manifest.json"
REJECTS = "_rejects.csv"
JUMPS = "_jumps.csv"
FORMAT = "cosec-tracks"
FORMAT_VERSION = 1
DEFAULT_LON_BAND_DEG = 15.0


@dataclass
class ImportReport:
    """What an import read, kept, rejected, removed and split."""

    kind: Kind
    sources: list[str]
    rows_read: int = 0
    rows_accepted: int = 0
    rejects: pa.Table = field(default_factory=lambda: pa.table({}))
    duplicates_removed: int = 0
    jumps: pa.Table = field(default_factory=lambda: pa.table({}))
    ignored_messages: Counter[int] = field(default_factory=Counter)

    @property
    def rejects_by_reason(self) -> dict[str, int]:
        """Rejected rows counted by reason."""
        if self.rejects.num_rows == 0:
            return {}
        counts = Counter(self.rejects.column("reason").to_pylist())
        return dict(sorted(counts.items()))

    def summary(self) -> dict[str, Any]:
        """The counts, as plain data (for the manifest, the CLI and services)."""
        return {
            "kind": self.kind,
            "sources": self.sources,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": int(self.rejects.num_rows),
            "rejects_by_reason": self.rejects_by_reason,
            "duplicates_removed": self.duplicates_removed,
            "positions": self.rows_accepted - self.duplicates_removed,
            "track_splits": int(self.jumps.num_rows),
            "ignored_messages_by_type": {
                str(k): v for k, v in sorted(self.ignored_messages.items())
            },
        }


IMPORT_COUNTS = (
    "rows_read",
    "rows_rejected",
    "rejects_by_reason",
    "duplicates_removed",
    "track_splits",
    "ignored_messages_by_type",
)
"""The counts of an import's summary (and manifest) that say what was left out, and why."""


def import_counts(summary: dict[str, Any]) -> dict[str, Any]:
    """The :data:`IMPORT_COUNTS` of an import summary or a dataset manifest."""
    return {key: summary[key] for key in IMPORT_COUNTS}


def is_dataset(path: Path) -> bool:
    """Whether ``path`` is a directory written by :func:`write_dataset`."""
    return path.is_dir() and (path / MANIFEST).is_file()


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a dataset."""
    try:
        data: dict[str, Any] = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise InvalidInput.field(
            "dataset", f"unreadable manifest: {exc}", source=str(path)
        ) from exc
    if data.get("format") != FORMAT:
        raise InvalidInput.field("dataset", f"not a {FORMAT} dataset", source=str(path))
    return data


def positions_table(tracks: Tracks) -> pa.Table:
    """Reports as the dataset's columns (without partition keys)."""
    cols: dict[str, Any] = {
        ID_COLUMN[tracks.kind]: tracks.id_values(tracks.code),
        "timestamp": timestamps(tracks.t),
        "lat": pa.array(tracks.lat, pa.float64()),
        "lon": pa.array(tracks.lon, pa.float64()),
        "sog": pa.array(tracks.sog.astype(np.float32), pa.float32(), from_pandas=True),
        "cog": pa.array(tracks.cog.astype(np.float32), pa.float32(), from_pandas=True),
    }
    if tracks.kind == "adsb":
        cols["alt_m"] = pa.array(tracks.alt.astype(np.float32), pa.float32(), from_pandas=True)
    cols["seq"] = pa.array(tracks.seq, pa.int64())
    cols["jump"] = pa.array(tracks.brk, pa.bool_())
    return pa.table(cols)


def write_dataset(
    tracks: Tracks,
    report: ImportReport,
    out: Path,
    *,
    lon_band_deg: float = DEFAULT_LON_BAND_DEG,
    max_speed_kn: float,
    overwrite: bool = False,
) -> dict[str, Any]:
    """Write tracks, rejects and jumps as a dataset at ``out``; returns the manifest."""
    if lon_band_deg <= 0 or lon_band_deg > 360:
        raise InvalidInput.field("lon_band_deg", "must be in (0, 360]")
    if out.exists() and not overwrite:
        raise InvalidInput.field("out", "already exists (use --overwrite to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        table = positions_table(tracks)
        hour = np.floor(tracks.t / 3600.0).astype(np.int64)
        band = np.floor((tracks.lon + 180.0) / lon_band_deg).astype(np.int64)
        # Files by day and band; inside, one row group per hour (rows by vessel and time
        # within it), so a reader of a few hours skips the other row groups.
        key = (hour // 24) * 1000 + band
        order = np.lexsort((hour, key))
        sorted_key = key[order]
        sorted_hour = hour[order]
        cuts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1], True])
        if tracks.n == 0:
            # No valid position at all: an empty file keeps the schema for readers.
            cuts = np.zeros(0, dtype=np.int64)
            pq.write_table(table, tmp / "empty.parquet")
        for lo, hi in itertools.pairwise(cuts):
            k = int(sorted_key[lo])
            d = np.datetime64(k // 1000, "D")
            part = tmp / f"day={d}" / f"lon_band={k % 1000}"
            part.mkdir(parents=True)
            rows = order[lo:hi]
            groups = np.flatnonzero(
                np.r_[True, sorted_hour[lo + 1 : hi] != sorted_hour[lo : hi - 1], True]
            )
            with pq.ParquetWriter(
                part / "part-0.parquet", table.schema, compression="zstd"
            ) as writer:
                for g0, g1 in itertools.pairwise(groups):
                    writer.write_table(table.take(rows[g0:g1]))
        write_csv(report.rejects, tmp / REJECTS)
        write_csv(text_times(report.jumps), tmp / JUMPS)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "kind": tracks.kind,
            "id_column": ID_COLUMN[tracks.kind],
            "vessels": int(np.unique(tracks.code).size) if tracks.n else 0,
            "start": _iso(float(tracks.t.min())) if tracks.n else None,
            "end": _iso(float(tracks.t.max())) if tracks.n else None,
            "bbox": (
                [
                    float(tracks.lon.min()),
                    float(tracks.lat.min()),
                    float(tracks.lon.max()),
                    float(tracks.lat.max()),
                ]
                if tracks.n
                else None
            ),
            "lon_band_deg": lon_band_deg,
            "max_speed_kn": max_speed_kn,
            **report.summary(),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        tmp.chmod(0o755)  # mkdtemp makes it private; a dataset is for every reader
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat().replace("+00:00", "Z")


def read_dataset_table(
    path: Path,
    *,
    start: float | None = None,
    end: float | None = None,
    lon_bands: tuple[int, int] | None = None,
) -> tuple[Kind, pa.Table]:
    """Reports of a dataset with ``start <= t <= end`` (epoch s) and bands in ``[lo, hi]``."""
    import pyarrow.dataset as pads  # imports pandas: only where a dataset is read

    manifest = read_manifest(path)
    kind: Kind = manifest["kind"]
    ds = pads.dataset(path, format="parquet", partitioning="hive", exclude_invalid_files=True)
    flt = None
    if start is not None:
        day0 = str(np.datetime64(int(np.floor(start / 86400.0)), "D"))
        flt = pads.field("day") >= day0
        flt = flt & (
            pads.field("timestamp")
            >= pa.scalar(int(np.floor(start * 1000)), pa.timestamp("ms", "UTC"))
        )
    if end is not None:
        day1 = str(np.datetime64(int(np.floor(end / 86400.0)), "D"))
        f2 = (pads.field("day") <= day1) & (
            pads.field("timestamp")
            <= pa.scalar(int(np.ceil(end * 1000)), pa.timestamp("ms", "UTC"))
        )
        flt = f2 if flt is None else flt & f2
    if lon_bands is not None:
        f3 = (pads.field("lon_band") >= lon_bands[0]) & (pads.field("lon_band") <= lon_bands[1])
        flt = f3 if flt is None else flt & f3
    columns = [ID_COLUMN[kind], "timestamp", "lat", "lon", "sog", "cog", "seq", "jump"]
    if kind == "adsb":
        columns.append("alt_m")
    table = ds.to_table(columns=columns, filter=flt)
    return kind, table


def clean_columns(kind: Kind, table: pa.Table) -> pa.Table:
    """Dataset columns as the clean-row schema the track model is built from."""
    id_col = ID_COLUMN[kind]
    if kind == "adsb":
        import duckdb

        con = duckdb.connect()
        try:
            con.register("t", table.select([id_col]))
            ids = con.sql(
                f"SELECT CAST(('0x' || {id_col}) AS BIGINT) AS id FROM t"
            ).to_arrow_table()
        finally:
            con.close()
        id_array = ids.column("id")
    else:
        id_array = table.column(id_col)
    ms = table.column("timestamp").cast(pa.int64()).to_numpy()
    t = ms.astype(np.float64) / 1000.0
    n = table.num_rows

    def floats(name: str) -> np.ndarray:
        if name not in table.column_names:
            return np.full(n, np.nan)
        return np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=np.float64)

    return pa.table(
        {
            "id": id_array,
            "t": t,
            "lat": floats("lat"),
            "lon": floats("lon"),
            "sog": floats("sog"),
            "cog": floats("cog"),
            "alt": floats("alt_m") if kind == "adsb" else np.zeros(n),
        }
    )
