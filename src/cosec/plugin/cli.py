"""What a mechanism's commands use: the store, output, the error edge, and ``assess``.

Every mechanism has ``cosec <command> assess FILE --charter ID --format table|json|csv
[--as-of DAY] [--fail-on SEVERITY]``: the rules on a file, no database. Exit codes are the
house's: 0 ok, 1 findings at or above ``--fail-on``, 2 bad input (naming the row and the
field) or usage. :func:`add_assess` adds the command from one pure function; a mechanism
whose file needs more options writes its own with :func:`when`, :func:`charter_of`,
:func:`emit` and :func:`fail_on`.
"""

# No ``from __future__ import annotations``: Typer reads the assess command's annotations,
# which name ``file_help`` from the enclosing call.
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any

import typer

from cosec import collector
from cosec.charter.models import Charter
from cosec.charters import load_charter
from cosec.cli.runtime import (
    EXIT_FINDINGS,
    FormatOpt,
    OutputFormat,
    acting_as,
    emit,
    ensure_charter,
    err,
    errors_to_exit,
    open_store,
    out,
    signing_key,
)
from cosec.clock import SystemClock
from cosec.errors import InvalidInput
from cosec.kit.findings import FindingDraft, Severity

__all__ = [
    "Assessed",
    "FormatOpt",
    "OutputFormat",
    "acting_as",
    "add_assess",
    "charter_of",
    "emit",
    "ensure_charter",
    "err",
    "errors_to_exit",
    "fail_on",
    "open_store",
    "out",
    "signing_key",
    "when",
]


@dataclass(frozen=True)
class Assessed:
    """What an assessment of a file found: rows to print, and the findings behind them."""

    rows: list[dict[str, Any]]
    columns: Sequence[str]
    findings: Sequence[FindingDraft] = field(default_factory=tuple)
    title: str = ""
    table_columns: Sequence[str] | None = None
    """Fewer columns for the terminal table (default: ``columns``)."""


CharterOpt = Annotated[str, typer.Option("--charter", help="Profile id or charter TOML path.")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Judge as of this day (YYYY-MM-DD); default today.")
]
FailOnOpt = Annotated[
    Severity | None,
    typer.Option(
        "--fail-on", help="Exit 1 when a finding is at least this severe (low, medium, high)."
    ),
]


def when(value: str | None) -> datetime:
    """The end of the day ``--as-of`` names (UTC), or now."""
    if value is None:
        return SystemClock().now()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.field("--as-of", "must be a date (YYYY-MM-DD)") from None
    return datetime.combine(day, time.max, tzinfo=UTC)


def charter_of(ref: str) -> Charter:
    """A charter by profile id or TOML path (the command line may read the user's files)."""
    return load_charter(ref)


def fail_on(findings: Iterable[FindingDraft], threshold: Severity | None) -> None:
    """Exit 1 when a finding is at least as severe as ``threshold``."""
    if threshold is None:
        return
    worst = [f for f in findings if f.severity.rank >= threshold.rank]
    if worst:
        err.print(f"{len(worst)} finding(s) at or above {threshold.value}", highlight=False)
        raise typer.Exit(EXIT_FINDINGS)


def add_assess(
    app: typer.Typer,
    run: Callable[[Path, Charter, datetime], Assessed],
    *,
    file_help: str,
    summary: str,
    default_charter: str = "eas-2026",
) -> None:
    """Add ``assess FILE`` to ``app``: ``run`` reads and judges the file (pure, no store)."""

    @errors_to_exit
    def assess(
        file: Annotated[Path, typer.Argument(help=file_help)],
        charter: CharterOpt = default_charter,
        fmt: FormatOpt = OutputFormat.table,
        as_of: AsOfOpt = None,
        fail: FailOnOpt = None,
    ) -> None:
        c = charter_of(charter)
        at = when(as_of)
        with collector.paused():  # a file's rows are read and judged as a whole store is
            result = run(file, c, at)
        title = result.title or f"{file.name} under {c.id} {c.version}, as of {at.date()}"
        columns = result.columns
        if fmt is OutputFormat.table and result.table_columns is not None:
            columns = result.table_columns
        emit(result.rows, columns, fmt, title=title)
        fail_on(result.findings, fail)

    assess.__doc__ = summary
    app.command("assess")(assess)
