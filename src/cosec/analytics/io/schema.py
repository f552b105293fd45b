"""Column names, aliases and reject reasons of the track file formats.

The stable interface (../shared/DESIGN.md, "Track file formats"): AIS rows carry
``mmsi, timestamp, lat, lon`` and optionally ``sog`` (knots) and ``cog`` (degrees);
aircraft rows carry ``icao24`` instead of ``mmsi`` plus ``alt_m``. Common spellings of
real exports are accepted as aliases (MarineCadastre ``BaseDateTime``/``LAT``/``LON``,
Danish Maritime Authority ``# Timestamp``/``Latitude``, OpenSky ``time``/``velocity``
(m/s)/``heading``/``geoaltitude``).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Literal

from cosec.errors import InvalidInput

Kind = Literal["ais", "adsb"]

ID_COLUMN: dict[str, str] = {"ais": "mmsi", "adsb": "icao24"}

ALIASES: dict[str, tuple[str, ...]] = {
    "mmsi": ("mmsi", "userid", "user_id", "vessel_id"),
    "icao24": ("icao24", "icao", "hex", "icao_address"),
    "timestamp": (
        "timestamp",
        "time",
        "basedatetime",
        "datetime",
        "date_time",
        "ts",
        "t",
        "timestamp_utc",
    ),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "sog": ("sog", "speed", "speed_kn", "sog_kn", "groundspeed", "gs"),
    "velocity_ms": ("velocity",),
    "cog": ("cog", "course", "heading", "track", "cog_deg"),
    "alt_m": ("alt_m", "altitude_m", "geoaltitude", "baroaltitude", "alt"),
}
"""Canonical column -> accepted header spellings (compared lower-case, ``#`` and spaces
stripped). ``velocity_ms`` is OpenSky's ground speed in metres per second."""

MS_TO_KN = 3600.0 / 1852.0

# AIS "not available" values (ITU-R M.1371): they mean "unknown", not "bad".
SOG_NOT_AVAILABLE = 102.3
COG_NOT_AVAILABLE = 360.0
LAT_NOT_AVAILABLE = 91.0
LON_NOT_AVAILABLE = 181.0

EARLIEST = 315_532_800.0
"""1980-01-01T00:00:00Z: older timestamps are rejected as out of range."""
LATEST = 4_102_444_800.0
"""2100-01-01T00:00:00Z: later timestamps are rejected as out of range."""

MAX_SOG_KN: dict[str, float] = {"ais": 102.2, "adsb": 2000.0}
"""Largest reported speed over ground accepted per source (102.2 kn is AIS's ceiling)."""


class Reject(StrEnum):
    """Why a row was rejected. Every rejected row is counted and written with its reason."""

    MALFORMED_ROW = "malformed_row"
    UNREADABLE_FILE = "unreadable_file"
    MISSING_ID = "missing_id"
    BAD_ID = "bad_id"
    MISSING_TIMESTAMP = "missing_timestamp"
    BAD_TIMESTAMP = "bad_timestamp"
    TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range"
    MISSING_POSITION = "missing_position"
    POSITION_NOT_AVAILABLE = "position_not_available"
    BAD_LAT = "bad_lat"
    BAD_LON = "bad_lon"
    LAT_OUT_OF_RANGE = "lat_out_of_range"
    LON_OUT_OF_RANGE = "lon_out_of_range"
    BAD_SOG = "bad_sog"
    BAD_COG = "bad_cog"
    BAD_ALT = "bad_alt"
    BAD_CHECKSUM = "bad_checksum"
    BAD_SENTENCE = "bad_sentence"
    INCOMPLETE_MULTIPART = "incomplete_multipart"
    NO_TIMESTAMP = "no_timestamp"
    UNDECODABLE = "undecodable"


REJECT_FIELD: dict[Reject, str] = {
    Reject.MALFORMED_ROW: "row",
    Reject.UNREADABLE_FILE: "file",
    Reject.MISSING_ID: "id",
    Reject.BAD_ID: "id",
    Reject.MISSING_TIMESTAMP: "timestamp",
    Reject.BAD_TIMESTAMP: "timestamp",
    Reject.TIMESTAMP_OUT_OF_RANGE: "timestamp",
    Reject.MISSING_POSITION: "lat",
    Reject.POSITION_NOT_AVAILABLE: "lat",
    Reject.BAD_LAT: "lat",
    Reject.BAD_LON: "lon",
    Reject.LAT_OUT_OF_RANGE: "lat",
    Reject.LON_OUT_OF_RANGE: "lon",
    Reject.BAD_SOG: "sog",
    Reject.BAD_COG: "cog",
    Reject.BAD_ALT: "alt_m",
    Reject.BAD_CHECKSUM: "sentence",
    Reject.BAD_SENTENCE: "sentence",
    Reject.INCOMPLETE_MULTIPART: "sentence",
    Reject.NO_TIMESTAMP: "timestamp",
    Reject.UNDECODABLE: "payload",
}
"""The field each reason is about (``id`` is ``mmsi`` or ``icao24``)."""

REJECT_COLUMNS = ("source", "row", "reason", "field", "raw")
"""Columns of a rejects file: the input, its 1-based row (CSV record or NMEA line),
the reason, the field it concerns, and the offending text."""


REQUIRED = frozenset({"mmsi", "icao24", "timestamp", "lat", "lon"})
"""Columns whose value must come from one place: two spellings of one is ambiguous."""


def _key(header: str) -> str:
    return header.strip().lstrip("#").strip().lower().replace(" ", "_")


def canonical_name(header: str) -> str | None:
    """The canonical column a header spelling stands for, if any.

    >>> canonical_name("# Timestamp"), canonical_name("LAT"), canonical_name("foo")
    ('timestamp', 'lat', None)
    """
    key = _key(header)
    for name, spellings in ALIASES.items():
        if key in spellings:
            return name
    return None


def canonical_columns(headers: Sequence[str], *, source: str) -> dict[str, int]:
    """Canonical name -> position of the column that gives it; other columns are ignored.

    A known column spelled twice (``lat,lat``, ``LAT,lat``) is refused, and so are two
    spellings of a required column (``lat,latitude``): which one holds the truth cannot
    be known. Of two spellings of an optional column (MarineCadastre's ``COG`` and
    ``Heading``) the first is used.

    >>> canonical_columns(["MMSI", "BaseDateTime", "LAT", "LON", "COG", "Heading"], source="x")
    {'mmsi': 0, 'timestamp': 1, 'lat': 2, 'lon': 3, 'cog': 4}
    """
    found: dict[str, int] = {}
    seen: dict[str, int] = {}
    for i, header in enumerate(headers):
        canon = canonical_name(header)
        if canon is None:
            continue
        key = _key(header)
        if key in seen:
            raise InvalidInput.field(
                canon,
                f"column {key!r} appears twice (columns {seen[key] + 1} and {i + 1}): keep one",
                source=source,
            )
        seen[key] = i
        if canon not in found:
            found[canon] = i
        elif canon in REQUIRED:
            first = _key(headers[found[canon]])
            raise InvalidInput.field(
                canon,
                f"columns {first!r} and {key!r} both give {canon}: keep one",
                source=source,
            )
    return found


def format_icao24(value: int) -> str:
    """An ICAO 24-bit address as six lower-case hex digits.

    >>> format_icao24(4735190)
    '4840d6'
    """
    return f"{value:06x}"
