"""CSV and Parquet position files (AIS or ADS-B) into clean rows and rejects.

CSV is read by pyarrow with every column as text, so that a bad value becomes a reject
of its row rather than an error for the file; rows with the wrong number of fields are
caught by pyarrow's invalid-row handler and rejected as ``malformed_row``. Parquet keeps
its types. Headers are mapped to canonical names (:mod:`.schema`), then
:func:`~cosec.analytics.io.validate.validate` applies the rules.
"""

from __future__ import annotations

import csv
import math
import re
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
    """Clean rows and rejects of a CSV file (``.csv``, or compressed: ``.csv.gz``...).

    Rows are numbered from 1 after the header, blank lines not counted. A file that is
    not CSV text (empty, binary, UTF-16, a Parquet or gzip file under a ``.csv`` name) is
    refused in one sentence; a row is read as bytes, whatever they are, and a bad one is
    a reject.
    """
    source = str(path)
    names, skip = _header(path)
    kind = kind_of_columns(names, source=source)
    wanted = canonical_columns(names, source=source)
    well_formed = _read_well_formed(path, names, skip, wanted)
    if well_formed is not None:
        return kind, _checked(well_formed, kind, source, [], time_format)
    table, malformed = _read_text_columns(path, names, skip, wanted, threads=True)
    if malformed:
        # pyarrow only numbers bad rows when it reads on one thread: read again to say where.
        table, malformed = _read_text_columns(path, names, skip, wanted, threads=False)
    checked = _checked(table, kind, source, malformed, time_format)
    raw = [_undo_latin1(text) for text in checked.rejects.column("raw").to_pylist()]
    rejects = checked.rejects.set_column(4, "raw", pa.array(raw, pa.string()))
    return kind, Checked(checked.clean, rejects)


BLOCK_BYTES = 1 << 24
"""pyarrow's read block: a CSV line longer than this cannot be read (16 MiB)."""

HEADER_BYTES = 1 << 20
"""The header line must end within the first MiB of a CSV file."""

BINARY_SNIFF_BYTES = 1 << 13
"""A file with control characters in more than 1% of its first 8 KiB is binary (a few
stray ones in text, NUL padding in a cell, are left to be rejected with their rows)."""

_CONTROL = [bytes([c]) for c in (*range(9), 11, 12, *range(14, 32), 127)]
_LINE_END = re.compile(rb"\r\n|\n|\r")
_MAGIC = {
    b"PAR1": "a Parquet file (name it .parquet)",
    b"\x1f\x8b": "a gzip-compressed file (name it .csv.gz)",
    b"PK\x03\x04": "a zip archive (unpack it first)",
    b"\xff\xfe": "UTF-16 text (save it as UTF-8)",
    b"\xfe\xff": "UTF-16 text (save it as UTF-8)",
}


def _header(path: Path) -> tuple[list[str], int | None]:
    """The column names of a CSV file and the number of lines up to its header line
    (None when nothing follows the header: pyarrow would not skip it).

    Raises :class:`~cosec.errors.InvalidInput` when the file is not CSV text.
    """

    def refuse(problem: str) -> InvalidInput:
        return InvalidInput.field("file", problem, source=str(path))

    try:
        with pa.input_stream(str(path), compression="detect") as stream:
            sample = stream.read(HEADER_BYTES)
    except (OSError, pa.ArrowInvalid) as exc:
        raise refuse(f"not a readable file: {_says(exc)}") from exc
    if not sample:
        raise refuse("empty file (no header line)")
    for magic, what in _MAGIC.items():
        if sample.startswith(magic):
            raise refuse(f"not a text file: {what}")
    head = sample[:BINARY_SNIFF_BYTES]
    if sum(head.count(c) for c in _CONTROL) > len(head) // 100:
        raise refuse(
            f"not a text file: binary data (control characters) in its first "
            f"{BINARY_SNIFF_BYTES >> 10} KiB"
        )
    sample = sample.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark
    lines, pos, line = 0, 0, b""
    while not line:  # pyarrow skips empty lines before the header too
        end = _LINE_END.search(sample, pos)
        if end is None and len(sample) == HEADER_BYTES:
            raise refuse(f"not a text file: no line ends in its first {HEADER_BYTES >> 20} MiB")
        line = sample[pos : end.start() if end is not None else len(sample)]
        lines += 1
        if not line and end is None:
            raise refuse("no header line (only blank lines)")
        pos = end.end() if end is not None else len(sample)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(
            "not a text file: its first line is not UTF-8 text "
            f"(byte 0x{line[exc.start]:02x} at offset {exc.start})"
        ) from exc
    control = next((c for c in text if (c < " " and c != "\t") or c == "\x7f"), None)
    if control is not None:
        raise refuse(f"not a text file: control character 0x{ord(control):02x} in its first line")
    return next(csv.reader([text])), lines if pos < len(sample) else None


def _read_well_formed(
    path: Path, names: list[str], skip: int | None, wanted: dict[str, int]
) -> pa.Table | None:
    """The wanted columns as text, as :func:`_read_text_columns` reads them, if every row
    has as many fields as the header; else (or if the file cannot be read) None.

    Most files are so, and are read here faster: as the bytes they are (no Latin-1
    transcoding; the rules only accept ASCII, and the rejects' text is decoded as UTF-8
    just the same), with no handler of malformed rows (it cannot be given a row that is
    not UTF-8), which is why any malformed row stops this reading.
    """
    if skip is None:
        return None
    order = sorted(wanted.items(), key=lambda item: item[1])
    columns = [f"c{i}" for i in range(len(names))]
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                block_size=BLOCK_BYTES, column_names=columns, skip_rows=skip
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                include_columns=[columns[i] for _, i in order],
                check_utf8=False,
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError):
        return None
    return table.rename_columns([name for name, _ in order])


def _read_text_columns(
    path: Path, names: list[str], skip: int | None, wanted: dict[str, int], *, threads: bool
) -> tuple[pa.Table, list[tuple[int, Reject, str]]]:
    """The wanted columns as text, under their canonical names, and the malformed rows.

    The bytes are read as Latin-1, which decodes anything, so that pyarrow can hand every
    malformed row to the handler (it cannot when a row is not UTF-8); values outside
    ASCII are never valid here, and the rejects' text is decoded back as UTF-8 later.
    """
    malformed: list[tuple[int, Reject, str]] = []
    order = sorted(wanted.items(), key=lambda item: item[1])
    if skip is None:
        return pa.table({name: pa.array([], pa.string()) for name, _ in order}), malformed

    def on_invalid(row: pacsv.InvalidRow) -> str:
        number = row.number - skip if row.number is not None else -1
        malformed.append((number, Reject.MALFORMED_ROW, row.text))
        return "skip"

    columns = [f"c{i}" for i in range(len(names))]
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                use_threads=threads,
                block_size=BLOCK_BYTES,
                column_names=columns,
                skip_rows=skip,
                encoding="latin-1",
            ),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                include_columns=[columns[i] for _, i in order],
                check_utf8=False,
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise InvalidInput.field(
            "file", f"not a readable CSV file: {_says(exc)}", source=str(path)
        ) from exc
    return table.rename_columns([name for name, _ in order]), malformed


def _says(exc: Exception) -> str:
    """What a reader's error says, in one printable line (never a dump of the data)."""
    text = str(exc)
    if "straddling" in text:
        return f"a line is longer than {BLOCK_BYTES >> 20} MiB"
    first = (text.splitlines() or [type(exc).__name__])[0]
    clean = "".join(c if c.isprintable() else "?" for c in first)
    return clean if len(clean) <= 120 else clean[:117] + "..."


def _undo_latin1(text: str) -> str:
    """Text read as Latin-1 (one character per byte) as its bytes decoded as UTF-8."""
    return text.encode("latin-1", "replace").decode("utf-8", "replace")


def _checked(
    table: pa.Table,
    kind: Kind,
    source: str,
    malformed: list[tuple[int, Reject, str]],
    time_format: str | None,
) -> Checked:
    """Validation of a table with canonical column names, plus the malformed rows."""
    # Record numbers of the rows read: 1..N without the numbers of skipped bad rows.
    skipped = np.array(sorted(r for r, _, _ in malformed if r > 0), dtype=np.int64)
    numbers = np.arange(1, table.num_rows + skipped.size + 1, dtype=np.int64)
    if skipped.size:
        numbers = np.delete(numbers, skipped - 1)
    table = table.append_column("_row", pa.array(numbers[: table.num_rows], pa.int64()))
    checked = validate(table, kind=kind, source=source, time_format=time_format)
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
    return kind, _checked(_canonical(table, source), kind, source, [], time_format)


def read_points(path: Path) -> list[tuple[float, float]]:
    """Points (anchorages...) from a CSV with ``lat`` and ``lon`` columns (any case).

    A few reference points, not observations: one bad row refuses the file, naming the
    row and the column, rather than leaving a point out.
    """
    source = str(path)
    names, skip = _header(path)
    keys = [n.strip().lower() for n in names]
    if "lat" not in keys or "lon" not in keys:
        raise InvalidInput.field("anchorages", "needs lat and lon columns", source=source)
    for key in ("lat", "lon"):
        if keys.count(key) > 1:
            raise InvalidInput.field("anchorages", f"column {key!r} appears twice", source=source)
    wanted = {"lat": keys.index("lat"), "lon": keys.index("lon")}
    table, malformed = _read_text_columns(path, names, skip, wanted, threads=False)
    if malformed:
        number, _, text = malformed[0]
        fields = len(next(csv.reader([text]), []))
        raise InvalidInput.field(
            f"anchorages: row {number}",
            f"has {fields} fields, the header {len(names)}",
            source=source,
        )
    lats = table.column("lat").to_pylist()
    lons = table.column("lon").to_pylist()
    return [
        (
            _coordinate(lat, "lat", 90, row=number, source=source),
            _coordinate(lon, "lon", 180, row=number, source=source),
        )
        for number, (lat, lon) in enumerate(zip(lats, lons, strict=True), start=1)
    ]


_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _coordinate(text: str, name: str, limit: int, *, row: int, source: str) -> float:
    """A decimal number within ``±limit`` (no NaN, no infinity), or an input error."""
    text = text.strip()
    value = float(text) if _DECIMAL.fullmatch(text) else math.nan
    if not -limit <= value <= limit:
        raise InvalidInput.field(
            f"anchorages: row {row}: {name}",
            f"must be a number from -{limit} to {limit}",
            source=source,
        )
    return value
