"""Every list's CSV export: one writer, and cells that cannot run as spreadsheet formulas.

What members send is hostile until checked, and a CSV is opened in a spreadsheet: a cell
that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
there (OWASP's "CSV injection"), so a designation such as ``=HYPERLINK(...)`` would run on
an analyst's machine. Such a text cell is written with a leading apostrophe, which the
spreadsheet shows as text; numbers (a negative figure) are written as they are. The
standard library's :mod:`csv` writes the rest; no library does the escaping, hence this
module.

>>> safe_cell("=1+1"), safe_cell("-12.5"), safe_cell(-3), safe_cell("Exercise -2")
("'=1+1", '-12.5', -3, 'Exercise -2')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi.responses import Response

from cosec.errors import InvalidInput

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
FILENAME = re.compile(r"[A-Za-z0-9._-]{1,100}")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet reads it as data, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any] | Mapping[str, Any]]) -> str:
    """A header of ``columns``, then each row: a sequence in the columns' order, or a
    mapping by column name (keys beyond the columns left out, missing ones blank)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        cells = [row.get(c, "") for c in columns] if isinstance(row, Mapping) else row
        w.writerow([safe_cell(c) for c in cells])
    return buf.getvalue()


def csv_response(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any] | Mapping[str, Any]],
    filename: str,
) -> Response:
    """A CSV download named ``filename`` (letters, digits, ``.``, ``_``, ``-`` only)."""
    if not FILENAME.fullmatch(filename):
        raise ValueError(f"not a safe download name: {filename!r}")
    return Response(
        csv_text(columns, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def descending(sort: str, order: str, keys: Iterable[str], *, order_field: str = "order") -> bool:
    """Whether a list sorted by ``sort`` runs in descending ``order``; :class:`InvalidInput`
    names ``sort`` or the order's field when either is not one the list offers."""
    known = list(keys)
    if sort not in known:
        raise InvalidInput.field("sort", f"must be one of {', '.join(known)}")
    if order not in ("asc", "desc"):
        raise InvalidInput.field(order_field, "must be asc or desc")
    return order == "desc"


def page_of(items: Sequence[Any], page: int, size: int) -> tuple[list[Any], int]:
    """Page ``page`` (from 1) of ``items`` by ``size``, and how many pages there are (at
    least one: an empty list has one empty page)."""
    pages = max(1, -(-len(items) // size))
    return list(items[(page - 1) * size : page * size]), pages
