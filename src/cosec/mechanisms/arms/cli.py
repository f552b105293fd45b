"""`cosec arms ...`: assess a file of returns, import returns from CSV, list returns and
members' transparency indexes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cosec.kit import InvalidInput, Severity
from cosec.mechanisms.arms import service
from cosec.mechanisms.arms.assess import COLUMNS, assess_path, row_of
from cosec.mechanisms.arms.csvfile import returns_from_csv
from cosec.plugin.cli import (
    FormatOpt,
    OutputFormat,
    acting_as,
    charter_of,
    emit,
    ensure_charter,
    errors_to_exit,
    fail_on,
    open_store,
    out,
    signing_key,
    when,
)
from cosec.plugin.store import Item, SystemClock, previews, submit_many

app = typer.Typer(
    help="Arms transfers and military expenditure: annual returns and mirror checks.",
    no_args_is_help=True,
)


@app.command()
@errors_to_exit
def assess(
    file: Annotated[
        Path, typer.Argument(help='JSON: {"year", "as_of", "returns": [...]} (docs/arms.md).')
    ],
    charter: Annotated[str, typer.Option("--charter", help="Profile id or charter TOML path.")] = (
        "eas-2026"
    ),
    fmt: FormatOpt = OutputFormat.table,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Judge as of this day (YYYY-MM-DD); default the file's as_of."
        ),
    ] = None,
    fail: Annotated[
        Severity | None,
        typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe."),
    ] = None,
) -> None:
    """Judge a file of annual returns against a charter, with no database: returns missing
    or late, and mirror checks between exporters and importers."""
    c = charter_of(charter)
    findings = assess_path(file, c, when(as_of) if as_of else None, SystemClock().now())
    rows = [row_of(f) for f in findings]
    if fmt is OutputFormat.table:
        rows = [r | {"summary": f.summary} for r, f in zip(rows, findings, strict=True)]
        emit(rows, [*COLUMNS, "summary"], fmt, title=f"{file.name} under {c.id} {c.version}")
    else:
        emit(rows, COLUMNS, fmt)
    fail_on(findings, fail)


@app.command("import")
@errors_to_exit
def import_(
    file: Annotated[
        Path,
        typer.Argument(help="CSV: year, direction, category, counterpart, units, description."),
    ],
    as_: Annotated[str, typer.Option("--as", help="Member code submitting the returns.")],
    audience: Annotated[
        str | None, typer.Option(help="public, regime, parties or secretariat.")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and sign nothing.")
    ] = False,
) -> None:
    """Sign and submit a member's returns from a CSV file, one return per year: every row is
    checked first, and one bad row writes nothing."""
    principal = acting_as(as_)
    if principal.member is None:
        raise InvalidInput.field("--as", "must be a member code: returns are a member's")
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput.field("file", f"cannot be read ({exc.strerror})") from None
    returns = returns_from_csv(text, principal.member)
    items = [Item("arms.return", r.model_dump(mode="json"), audience) for r in returns]
    store = open_store()
    ensure_charter(store)
    if dry_run:
        with store.session() as s:
            shown = previews(
                s,
                deployment=store.deployment(s),
                principal=principal,
                items=items,
                clock=SystemClock(),
            )
        for p in shown:
            opens = ", ".join(f.flag for f in p.opens) or "nothing"
            out.print(f"return for {p.payload['year']}: opens {opens}", highlight=False)
        out.print(f"dry run: {len(shown)} return(s) checked, nothing signed", highlight=False)
        return
    signer = signing_key(principal.member, key)
    with store.session(write=True) as s:
        rows = submit_many(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            principal=principal,
            items=items,
            clock=SystemClock(),
            signer=signer,
        )
        made = [(r.id, r.payload["year"]) for r in rows]
    for rid, year in made:
        out.print(f"submitted arms.return {rid} for {year}", highlight=False)


@app.command("list")
@errors_to_exit
def list_(
    member: Annotated[str | None, typer.Option(help="Only this member's returns.")] = None,
    year: Annotated[int | None, typer.Option(help="Only returns covering this year.")] = None,
    as_: Annotated[
        str | None, typer.Option("--as", help="Read as this member (default: secretariat).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List annual returns of arms transfers."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        views = service.list_returns(
            s,
            deployment=store.deployment(s),
            principal=acting_as(as_),
            member=member.upper() if member else None,
            year=year,
        )
        rows = [
            {
                "id": v.record.id,
                "member": v.member,
                "year": v.ret.year,
                "nil": v.ret.nil,
                "exported": v.exported,
                "imported": v.imported,
                "submitted": v.record.submitted_at.date().isoformat(),
                "on_time": v.on_time,
                "latest": v.latest,
            }
            for v in views
        ]
    emit(
        rows,
        ["id", "member", "year", "nil", "exported", "imported", "submitted", "on_time", "latest"],
        fmt,
    )


@app.command()
@errors_to_exit
def index(
    as_: Annotated[
        str | None, typer.Option("--as", help="Read as this member (default: secretariat).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="As of this day (YYYY-MM-DD).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Every member's transparency index: returns on time, complete, agreeing with the
    counterparts' (0-100)."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        found = service.indexes(
            s, deployment=store.deployment(s), principal=acting_as(as_), as_of=when(as_of)
        )
    rows = [
        {
            "member": m,
            "index": i,
            "due": t.due,
            "sent": t.sent,
            "on_time": t.on_time,
            "checked": t.checked,
            "agreeing": t.agreeing,
        }
        for m, t, i in found
    ]
    emit(rows, ["member", "index", "due", "sent", "on_time", "checked", "agreeing"], fmt)
