"""Lists on pages: the query (filters, sort, direction, page), sorting, paging, CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response

from cosec.kit import InvalidInput
from cosec.plugin.web import csv_response as core_csv_response

T = TypeVar("T")
PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """One page of a sorted, filtered list."""

    rows: list[Any]
    total: int
    page: int
    pages: int
    query: dict[str, str]
    plain: dict[str, str]
    """The query without the page: for links to other pages and sorts."""


def query_of(request: Request, keys: Sequence[str]) -> dict[str, str]:
    """The list's query parameters (bounded)."""
    return {k: request.query_params.get(k, "")[:60] for k in (*keys, "sort", "dir", "page")}


def choose(query: Mapping[str, str], key: str, allowed: Iterable[str]) -> str:
    """A filter's value, which must be one of ``allowed`` (or empty)."""
    value = query.get(key, "")
    options = list(allowed)
    if value and value not in options:
        raise InvalidInput.field(key, f"must be one of {', '.join(options)}")
    return value


def sort_page(
    rows: list[T],
    query: dict[str, str],
    sorts: Mapping[str, Callable[[T], Any]],
    default: str,
    *,
    size: int | None = PAGE_SIZE,
) -> Page:
    """Sort by ``query["sort"]`` (descending unless ``dir=asc``) and cut the page
    (``size=None``: every row, for CSV)."""
    sort = query.get("sort") or default
    if sort not in sorts:
        raise InvalidInput.field("sort", f"must be one of {', '.join(sorts)}")
    ordered = sorted(rows, key=sorts[sort], reverse=query.get("dir", "") != "asc")
    raw = "" if size is None else query.get("page", "")
    size = size or max(1, len(ordered))
    pages = max(1, -(-len(ordered) // size))
    page = min(int(raw), pages) if raw.isdigit() and int(raw) > 0 else 1
    plain = {k: v for k, v in query.items() if v and k != "page"}
    return Page(ordered[(page - 1) * size : page * size], len(ordered), page, pages, query, plain)


def csv_response(name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A CSV download (the core's writer: cells never read as spreadsheet formulas)."""
    return core_csv_response(columns, rows, name)
