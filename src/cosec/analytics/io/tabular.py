"""CSV and Parquet position files (AIS or ADS-B) into clean rows and rejects.

CSV is read by pyarrow with every column as text, so that a bad value becomes a reject
of its row rather than an error for the file; rows with the wrong number of fields are
caught by pyarrow's invalid-row handler and rejected as ``malformed_row``. Parquet keeps
its types. Headers are mapped to canonical names (:mod:`.schema`), then
:func:`~cosec.analytics.io.validate.validate` applies the rules.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cosec.analytics.io.schema import Kind, Reject, canonical_columns
from cosec.analytics.io.validate import Checked, rejects_table, validate
from cosec.errors import InvalidInput


def kind_of_columns(names: list[str], *, source: str) -> Kind:
    """``ais`` when there is an MMSI column, ``adsb`` when there is an ICAO address.

    >>> kind_of_columns(["MMSI", "BaseDateTime", "LAT", "LON"], source="x.csv")
    'ais'
    """
    canon = canonical_columns(names, source=source)
    if "mmsi" in canon:
        return "ais"
    if "icao24" in canon:
        return "adsb"
    raise InvalidInput.field(
        "mmsi", "no vessel or aircraft identifier column (mmsi or icao24)", source=source
    )


def _canonical(table: pa.Table, source: str) -> pa.Table:
    """Known columns under their canonical names (see :func:`.schema.canonical_columns`)."""
    found = canonical_columns(table.column_names, source=source)
    return pa.table(
        {name: table.column(i) for name, i in sorted(found.items(), key=lambda x: x[1])}
    )


def read_csv(path: Path, *, time_format: str | None = None) -> tuple[Kind, Checked]:
    """Clean rows and rejects of a CSV file (``.csv`` or ``.csv.gz``).

    Rows are numbered from 1 after the header, blank lines not counted.
    """
    source = str(path)
    try:
        header = _header(path)
    except (OSError, pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InvalidInput.field("file", f"cannot read a CSV header: {exc}", source=source) from exc
    kind = kind_of_columns(header, source=source)
    table, malformed = _read_text_columns(path, header, threads=True)
    if malformed:
        # pyarrow only numbers bad rows when it reads on one thread: read again to say where.
        table, malformed = _read_text_columns(path, header, threads=False)
    return kind, _checked(table, kind, source, malformed, time_format)


def _read_text_columns(
    path: Path, header: list[str], *, threads: bool
) -> tuple[pa.Table, list[tuple[int, Reject, str]]]:
    malformed: list[tuple[int, Reject, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        number = row.number - 1 if row.number is not None else -1
        malformed.append((number, Reject.MALFORMED_ROW, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=threads, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                check_utf8=False,
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise InvalidInput.field(
            "file", f"not a readable CSV file: {exc}", source=str(path)
        ) from exc
    return table, malformed


def _header(path: Path) -> list[str]:
    reader = pacsv.open_csv(
        path,
        convert_options=pacsv.ConvertOptions(check_utf8=False),
        read_options=pacsv.ReadOptions(block_size=1 << 16),
        parse_options=pacsv.ParseOptions(invalid_row_handler=lambda _row: "skip"),
    )
    try:
        return list(reader.schema.names)
    finally:
        reader.close()


def _checked(
    table: pa.Table,
    kind: Kind,
    source: str,
    malformed: list[tuple[int, Reject, str]],
    time_format: str | None,
) -> Checked:
    canon = _canonical(table, source)
    # Record numbers of the rows read: 1..N without the numbers of skipped bad rows.
    skipped = np.array(sorted(r for r, _, _ in malformed if r > 0), dtype=np.int64)
    numbers = np.arange(1, canon.num_rows + skipped.size + 1, dtype=np.int64)
    if skipped.size:
        numbers = np.delete(numbers, skipped - 1)
    canon = canon.append_column("_row", pa.array(numbers[: canon.num_rows], pa.int64()))
    checked = validate(canon, kind=kind, source=source, time_format=time_format)
    if not malformed:
        return checked
    extra = rejects_table(source, malformed)
    return Checked(checked.clean, pa.concat_tables([extra, checked.rejects]).sort_by("row"))


def read_parquet(path: Path, *, time_format: str | None = None) -> tuple[Kind, Checked]:
    """Clean rows and rejects of a Parquet file (only the known columns are read)."""
    source = str(path)
    try:
        names = pq.read_schema(path).names
        kind = kind_of_columns(names, source=source)
        wanted = sorted(canonical_columns(names, source=source).values())
        table = pq.read_table(path, columns=[names[i] for i in wanted])
    except (pa.ArrowInvalid, OSError) as exc:
        raise InvalidInput.field(
            "file", f"not a readable Parquet file: {exc}", source=source
        ) from exc
    return kind, _checked(table, kind, source, [], time_format)


def read_points(path: Path) -> list[tuple[float, float]]:
    """Points (anchorages...) from a CSV with ``lat`` and ``lon`` columns (any case)."""
    try:
        table = pacsv.read_csv(path)
    except (OSError, pa.ArrowInvalid) as exc:
        raise InvalidInput.field("anchorages", f"not a readable CSV: {exc}") from exc
    names = {n.strip().lower(): n for n in table.column_names}
    if "lat" not in names or "lon" not in names:
        raise InvalidInput.field("anchorages", "needs lat and lon columns")
    lat = table.column(names["lat"]).to_pylist()
    lon = table.column(names["lon"]).to_pylist()
    try:
        return [(float(a), float(b)) for a, b in zip(lat, lon, strict=True)]
    except (TypeError, ValueError) as exc:
        raise InvalidInput.field("anchorages", "lat and lon must be numbers") from exc
