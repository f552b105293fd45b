"""What every command prints through, and how its errors end it: the consoles, the exit
codes, the error edge and listings (table, JSON, CSV).

Light on purpose: a command that needs no database (``cosec tracks ...``) imports this,
not :mod:`cosec.cli.runtime`, which brings the store (SQLAlchemy, Alembic) and the ledger.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cosec.errors import CosecError, Forbidden, InvalidInput, NotFound

P = ParamSpec("P")
R = TypeVar("R")

EXIT_FINDINGS = 1
EXIT_USAGE = 2

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    """How a listing is printed."""

    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Output: table, json or csv.")]


def errors_to_exit(fn: Callable[P, R]) -> Callable[P, R]:
    """Map cosec's errors to a message on stderr and an exit code (2: bad input or usage)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            err.print("[bold red]error:[/] invalid input", highlight=False)
            for e in exc.errors:
                loc = f"{exc.source}: " if exc.source else ""
                err.print(f"  {loc}{e}", highlight=False, markup=False)
            raise typer.Exit(EXIT_USAGE) from None
        except (NotFound, Forbidden) as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(EXIT_USAGE) from None
        except CosecError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(EXIT_FINDINGS) from None

    return wrapper


def emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: OutputFormat,
    *,
    title: str | None = None,
) -> None:
    """Print rows as a rich table (terminal), JSON or CSV."""
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(list(rows), indent=2, default=str) + "\n")
        return
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        w = csv.DictWriter(
            buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
        )
        w.writeheader()
        for row in rows:
            w.writerow({k: _cell(row.get(k)) for k in columns})
        sys.stdout.write(buf.getvalue())
        return
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    if sum(widths) + 3 * len(columns) > out.width:
        _records(cells, columns, title)  # too wide for the terminal: one block per row
        return
    table = Table(title=title, show_lines=False, header_style="bold", box=box.SIMPLE_HEAD)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in cells:
        table.add_row(*r)
    out.print(table)


def _records(cells: Sequence[Sequence[str]], columns: Sequence[str], title: str | None) -> None:
    """Rows as blocks of ``column  value`` lines (psql's expanded display): readable in
    any width, long values wrapped under their column's name."""
    if title:
        out.print(f"[bold]{escape(title)}[/]")
    label = max((len(c) for c in columns), default=0)
    for n, r in enumerate(cells, start=1):
        out.rule(f"{n}", align="left", style="dim")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, min_width=label)
        grid.add_column(overflow="fold")
        for c, value in zip(columns, r, strict=True):
            grid.add_row(c, value)
        out.print(grid)
    if not cells:
        out.print("(none)")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)
