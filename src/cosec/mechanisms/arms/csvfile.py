"""Returns from a CSV file: one row per transfer line, one return per year.

Columns: ``year, direction, category, counterpart, units, description`` (``description``
optional; an optional ``member`` column must name the state submitting). ``direction`` is
``export``, ``import`` or ``nil`` (a row that makes the year's return a nil return, with no
category, counterpart or units). Rows of one year make one return, in the order given.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from cosec.kit import FieldError, InvalidInput, field_errors
from cosec.mechanisms.arms.records import CATEGORIES, ArmsReturn

REQUIRED = ("year", "direction", "category", "counterpart", "units")
DIRECTIONS = ("export", "import", "nil")


def _int(text: str) -> int | str:
    try:
        return int(text.strip())
    except ValueError:
        return text


def returns_from_csv(text: str, member: str) -> list[ArmsReturn]:
    """The returns a CSV file makes for ``member``; one :class:`InvalidInput` naming every
    bad row and field (``row 3.category``), and nothing made, on bad input."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or ()]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput.field("header", f"lacks the column(s) {', '.join(missing)}")
    errors: list[FieldError] = []
    years: dict[int, dict[str, Any]] = {}
    rows: dict[int, dict[str, list[int]]] = {}
    for n, raw in enumerate(reader, start=2):  # row 1 is the header
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        errors.extend(_row_errors(n, row, member))
        year = _int(row.get("year", ""))
        if not isinstance(year, int):
            continue
        ret = years.setdefault(year, {"year": year, "nil": False, "exports": [], "imports": []})
        direction = row.get("direction", "").lower()
        rows.setdefault(year, {}).setdefault(direction, []).append(n)
        if direction == "nil":
            ret["nil"] = True
        elif direction in ("export", "import"):
            ret[direction + "s"].append(
                {
                    "category": row.get("category", "").upper(),
                    "counterpart": row.get("counterpart", "").upper(),
                    "units": _int(row.get("units", "")),
                    "description": row.get("description", ""),
                }
            )
    out = []
    for year, payload in years.items():
        try:
            out.append(ArmsReturn.model_validate(payload))
        except ValidationError as exc:
            for e in field_errors(exc):
                errors.append(FieldError(_where(e.loc, year, rows[year]), e.rule))
    if errors:
        raise InvalidInput(errors)
    return out


def _row_errors(n: int, row: dict[str, str], member: str) -> Iterator[FieldError]:
    if not isinstance(_int(row.get("year", "")), int):
        yield FieldError(f"row {n}.year", "must be a year (a whole number)")
    direction = row.get("direction", "").lower()
    if direction not in DIRECTIONS:
        yield FieldError(f"row {n}.direction", "must be export, import or nil")
    if row.get("member") and row["member"].upper() != member:
        yield FieldError(f"row {n}.member", f"must be {member}, the state submitting")
    if direction == "nil":
        return
    if row.get("category", "").upper() not in CATEGORIES:
        yield FieldError(f"row {n}.category", f"must be one of {', '.join(CATEGORIES)}")


def _where(loc: str, year: int, rows: dict[str, list[int]]) -> str:
    """``exports[2].units`` of a year's return → the CSV row it came from."""
    for side in ("export", "import"):
        prefix = f"{side}s["
        if loc.startswith(prefix):
            index = int(loc[len(prefix) : loc.index("]")])
            field = loc.split("].", 1)[1] if "]." in loc else side
            picked = rows.get(side, [])
            if index < len(picked):
                return f"row {picked[index]}.{field}"
    lines = sorted(n for ns in rows.values() for n in ns)
    what = loc.split(".")[0] if loc else "return"
    return f"rows {lines[0]}-{lines[-1]} (year {year}).{what}"
