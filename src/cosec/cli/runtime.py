"""What every command shares: the store, the clock, the error edge, and output."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from cosec import deployment as deployment_service
from cosec.clock import SystemClock
from cosec.deployment import Deployment
from cosec.errors import CosecError, Forbidden, InvalidInput, NotFound
from cosec.ledger.keys import read_private_key
from cosec.ledger.note import Ed25519Signer
from cosec.logstore.context import Ledger
from cosec.principals import Principal, Role
from cosec.records import SECRETARIAT
from cosec.settings import get_settings
from cosec.store.db import make_engine, session_factory, unit_of_work
from cosec.store.migrate import is_current, upgrade

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


@dataclass
class Store:
    """The configured database, migrated, with its deployment."""

    factory: sessionmaker[Session]
    url: str
    _ledger: Ledger | None = None

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A unit of work."""
        with unit_of_work(self.factory, write=write) as s:
            yield s

    def deployment(self, session: Session) -> Deployment:
        """The deployment's charter versions."""
        return deployment_service.load(session)

    @property
    def ledger(self) -> Ledger:
        """The log's identity and the deposited keys (``COSEC_LOG_*``, ``COSEC_KEYS_DIR``)."""
        if self._ledger is None:
            self._ledger = Ledger.from_settings(get_settings())
        return self._ledger


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and bring up to date) the store named by ``COSEC_DATABASE_URL``."""
    url = url or get_settings().database_url
    engine = make_engine(url)
    if migrate and not is_current(engine):
        upgrade(engine)
    return Store(factory=session_factory(engine), url=url)


def ensure_charter(store: Store) -> None:
    """Adopt the configured charter if the store has none yet."""
    with store.session(write=True) as s:
        try:
            deployment_service.load(s)
        except InvalidInput:
            deployment_service.adopt(s, ref=get_settings().charter, clock=SystemClock())


def signing_key(member: str, path: Path | None) -> Ed25519Signer | None:
    """The key the CLI signs with for ``member``: ``--key``, else ``<COSEC_KEYS_DIR>/<M>.key``,
    else none (the member's key deposited with the server then signs)."""
    if path is None:
        default = get_settings().keys_dir / f"{member}.key"
        if not default.exists():
            return None
        path = default
    signer = read_private_key(path)
    if not isinstance(signer, Ed25519Signer) or signer.name != member:
        raise InvalidInput.field("--key", f"{path} is not a member key of {member}")
    return signer


def acting_as(code: str | None) -> Principal:
    """The principal a local operator acts as: a member code, or the secretariat."""
    if code is None or code.upper() == SECRETARIAT:
        return Principal(id=None, name="cli", role=Role.SECRETARIAT)
    code = code.upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput.field("--as", "must be a member code (ISO 3166-1 alpha-3) or SEC")
    return Principal(id=None, name=f"cli:{code}", role=Role.MEMBER, member=code)


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
