"""The registry as CSV: reading a file of units to submit, and writing one back.

Columns (a header row names them, in any order; only ``identifier`` and ``kind`` are
required): ``identifier,domain,member,kind,name,hull_number,valid_from,withdrawn,note``.
An export is in the same format, so it imports again. Every row is checked before any is
submitted; an error names the row (1 is the first row under the header) and the column:
``row 3.kind: must be one of 'navy', 'coast_guard' or 'other_government'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from cosec.errors import FieldError, InvalidInput
from cosec.fleet.registry import ICAO, Entry
from cosec.kinds.fleet import KIND_UNIT, FleetUnit
from cosec.kit.submission import Item
from cosec.records import SECRETARIAT
from cosec.validation import field_errors

COLUMNS = (
    "identifier",
    "domain",
    "member",
    "kind",
    "name",
    "hull_number",
    "valid_from",
    "withdrawn",
    "note",
)
REQUIRED = ("identifier", "kind")
MAX_ROWS = 10_000
"""The most units one file may hold."""
MAX_BYTES = 2 * 1024 * 1024
"""The largest file the API takes (a row is rarely over 200 bytes)."""


def _header(fieldnames: list[str] | None) -> list[str]:
    if not fieldnames:
        raise InvalidInput.field(
            "header", f"the file is empty: its first line names the columns {', '.join(COLUMNS)}"
        )
    names = [n.strip() for n in fieldnames]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise InvalidInput.field(
            "header", f"unknown column(s) {', '.join(unknown)}; columns are {', '.join(COLUMNS)}"
        )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InvalidInput.field("header", f"column(s) {', '.join(repeated)} appear more than once")
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise InvalidInput.field("header", f"missing column(s) {', '.join(missing)}")
    return names


def read_units(text: str, *, importer: str) -> list[FleetUnit]:
    """Every row of a CSV text as a unit, or one :class:`InvalidInput` naming each bad row
    and column. ``importer`` (a member code, or ``SEC``) fills a blank ``member``; the
    secretariat must name the member of every row."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        names = _header(next(reader, None))
    except csv.Error as exc:
        raise InvalidInput.field("header", f"is not valid CSV: {exc}") from None
    units: list[FleetUnit] = []
    errors: list[FieldError] = []
    seen: dict[tuple[str, str], int] = {}
    n = 0
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # a blank line
            n += 1
            if n > MAX_ROWS:
                raise InvalidInput.field("rows", f"a file may hold at most {MAX_ROWS:,} units")
            if len(cells) > len(names):
                errors.append(FieldError(f"row {n}", "has more cells than the header has columns"))
                continue
            raw = {k: v.strip() for k, v in zip(names, cells, strict=False) if v.strip()}
            unit = _unit(n, raw, importer, errors)
            if unit is None:
                continue
            key = (unit.identifier, str(unit.valid_from or ""))
            if key in seen:
                errors.append(
                    FieldError(
                        f"row {n}.identifier",
                        f"repeats row {seen[key]}: the same unit with the same valid_from",
                    )
                )
                continue
            seen[key] = n
            units.append(unit)
    except csv.Error as exc:
        errors.append(FieldError(f"row {n + 1}", f"is not valid CSV: {exc}"))
    if errors:
        raise InvalidInput(errors)
    if not units:
        raise InvalidInput.field("rows", "the file holds no units")
    return units


def _unit(n: int, raw: dict[str, str], importer: str, errors: list[FieldError]) -> FleetUnit | None:
    data: dict[str, Any] = {k: _unquoted(v) if k in _TEXTS else v for k, v in raw.items()}
    if "identifier" in data:
        data["identifier"] = data["identifier"].lower()
        if "domain" not in data and ICAO.match(data["identifier"]):
            data["domain"] = "air"  # a blank domain follows the identifier's form
    if "member" in data:
        data["member"] = data["member"].upper()
    elif importer == SECRETARIAT:
        errors.append(FieldError(f"row {n}.member", "is required: name the member of each unit"))
        return None
    else:
        data["member"] = importer
    try:
        return FleetUnit.model_validate(data)
    except ValidationError as exc:
        errors.extend(field_errors(exc, (f"row {n}",)))
        return None


def items_of(units: Iterable[FleetUnit], *, audience: str | None = None) -> list[Item]:
    """The submissions of ``units``, one ``fleet.unit`` record each."""
    return [Item(kind=KIND_UNIT, payload=u, audience=audience) for u in units]


def column_errors(exc: InvalidInput) -> InvalidInput:
    """The pipeline's errors about a file's items (``row 3.payload.member``) named by
    their column instead (``row 3.member``)."""
    return InvalidInput(
        [FieldError(e.loc.replace(".payload.", ".", 1), e.rule) for e in exc.errors],
        source=exc.source,
    )


def write_units(entries: Iterable[Entry]) -> str:
    """Entries as CSV in the import format (an export imports again)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for e in entries:
        u = e.unit
        w.writerow(
            [
                u.identifier,
                u.domain,
                u.member,
                u.kind,
                _safe(u.name),
                _safe(u.hull_number),
                u.valid_from.isoformat() if u.valid_from else "",
                "true" if u.withdrawn else "false",
                _safe(u.note),
            ]
        )
    return buf.getvalue()


_TEXTS = ("name", "hull_number", "note")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula: ``'`` before ``=``, ``+``, ``-``, ``@``."""
    return "'" + text if text[:1] in _FORMULA else text


def _unquoted(text: str) -> str:
    """A cell as :func:`_safe` wrote it, back as it was."""
    return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA else text
