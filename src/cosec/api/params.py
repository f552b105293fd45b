"""Bounded path, query and body numbers, shared by every route that takes an id, an index,
a size, an offset or a year: a number out of range is a 422 naming the parameter, never
an overflow in the database."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Path, Query

MAX_ID = 2**31 - 1
"""The largest id, index or size the stores hold: ids, log indexes and sizes are INTEGER
columns, 32 bits on PostgreSQL (SQLite's hold 64, but the same bound serves both)."""
FIRST_YEAR, LAST_YEAR = 1990, 2200
"""The years a calendar, a timeline or a listing may ask for."""

PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="An id (1 or more).")]
"""A record's, a finding's or an analysis's id in a path."""
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="An id (1 or more).")]
"""An optional id in a query."""
PathIndex = Annotated[int, Path(ge=0, le=MAX_ID, description="A log index (0 or more).")]
"""A log entry's index in a path."""
QueryIndex = Annotated[int, Query(ge=0, le=MAX_ID, description="A log index (0 or more).")]
"""A log entry's index in a query."""
PathSize = Annotated[int, Path(ge=0, le=MAX_ID, description="A tree size (0 or more).")]
"""A log size (a checkpoint's) in a path."""
QuerySize = Annotated[int, Query(ge=1, le=MAX_ID, description="A tree size (1 or more).")]
"""A log size in a query."""
BodySize = Annotated[int, Body(ge=1, le=MAX_ID, description="A tree size (1 or more).")]
"""A log size in a JSON body."""
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="How many to skip.")]
"""A page's offset in a query."""
MAX_PAGE = 1000
"""The most items a paged list answers at once."""
Limit = Annotated[
    int | None,
    Query(ge=1, le=MAX_PAGE, description="At most this many (1 to 1,000); default: all."),
]
"""An optional page size in a query: a list that is asked for pages answers them with
``X-Total-Count`` and ``Link`` headers (:func:`cosec.api.paging.page_headers`)."""
Year = Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="A year, 1990 to 2200.")]
"""A year in a query."""
OptionalYear = Annotated[
    int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="A year, 1990 to 2200.")
]
"""An optional year in a query."""
