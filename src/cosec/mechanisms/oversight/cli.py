"""`cosec oversight ...`: the rules on a positions file and a list (no database), importing
a list, the stored pass on a dataset, and the list, events and petroleum on the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cosec.kit import FieldError, InvalidInput, Severity
from cosec.mechanisms.oversight import OBLIGATIONS, service
from cosec.mechanisms.oversight import assess as assessing
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
from cosec.plugin.store import Item, SystemClock, submit_many

app = typer.Typer(
    help="Oversight of North Korea's programmes and of the sanctions.", no_args_is_help=True
)


@app.command()
@errors_to_exit
def assess(
    positions: Annotated[
        list[Path],
        typer.Argument(help="Positions: CSV, Parquet or NMEA files, or an imported dataset."),
    ],
    designated: Annotated[
        Path,
        typer.Option(
            "--designated", help="CSV of designated vessels: mmsi,imo,name,listed_on,source."
        ),
    ],
    charter: Annotated[str, typer.Option("--charter", help="Profile id or charter TOML path.")] = (
        "korean-peninsula"
    ),
    fmt: FormatOpt = OutputFormat.table,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge as of this day (YYYY-MM-DD).")
    ] = None,
    fail: Annotated[
        Severity | None,
        typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe."),
    ] = None,
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="Judge the good rows of a file with bad ones.")
    ] = False,
    threads: Annotated[int | None, typer.Option(help="Threads (default: all cores).")] = None,
) -> None:
    """Ship-to-ship meetings, dark periods and approaches to the DPRK coast in positions,
    judged against a designated list as it stood at each event's time, with no database."""
    from cosec.mechanisms.oversight.measure import load_positions, oversight_events

    c = charter_of(charter)
    regime = assessing.regime_of(c)
    at = when(as_of)
    listed = assessing.read_list(designated)
    tracks = load_positions(positions, skip_bad_rows=skip_bad_rows)
    events = oversight_events(tracks, regime, threads=threads)
    findings = assessing.judge(events, listed, charter=c, obligations=OBLIGATIONS, as_of=at)
    rows = [assessing.finding_row(f) for f in findings]
    columns = assessing.TABLE_COLUMNS if fmt is OutputFormat.table else assessing.FINDING_COLUMNS
    emit(rows, list(columns), fmt, title=f"{len(rows)} oversight findings ({c.id})")
    fail_on(findings, fail)


@app.command("import-list")
@errors_to_exit
def import_list(
    file: Annotated[Path, typer.Argument(help="CSV: mmsi,imo,name,listed_on,source.")],
    as_: Annotated[str, typer.Option("--as", help="Who signs (the secretariat: SEC).")] = "SEC",
    audience: Annotated[str, typer.Option(help="public (default), regime or secretariat.")] = (
        "public"
    ),
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
) -> None:
    """Import a list of designated vessels: each new row a signed designation (rows already
    on the record are left out, so the next version of a list adds only what changed); one
    bad row writes nothing."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput.field("FILE", f"cannot read {file}: {exc}") from exc
    principal = acting_as(as_)
    signer = signing_key(principal.submitter or "", key)
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        items, same = service.import_items(
            s, deployment=store.deployment(s), principal=principal, text=text, audience=audience
        )
        try:
            rows = (
                submit_many(
                    s,
                    deployment=store.deployment(s),
                    ledger=store.ledger,
                    principal=principal,
                    items=[i for _n, i in items],
                    clock=SystemClock(),
                    signer=signer,
                )
                if items
                else []
            )
        except InvalidInput as exc:
            raise InvalidInput([_csv_row(e, items) for e in exc.errors]) from exc
        ids = [row.id for row in rows]
    out.print(f"{len(ids)} designations recorded, {same} already on the list")


@app.command()
@errors_to_exit
def delist(
    designation: Annotated[int, typer.Argument(help="The oversight.designation record id.")],
    on: Annotated[str, typer.Option("--on", help="The first day it is off the list (YYYY-MM-DD).")],
    source: Annotated[str, typer.Option(help="Who delisted it (UN 1718 Committee...).")],
    note: Annotated[str, typer.Option(help="Why, in a sentence.")] = "",
    as_: Annotated[str, typer.Option("--as", help="Who signs (the secretariat: SEC).")] = "SEC",
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
) -> None:
    """Take a designation off the list from a day (a signed oversight.delisting)."""
    principal = acting_as(as_)
    signer = signing_key(principal.submitter or "", key)
    payload = {"designation_id": designation, "delisted_on": on, "source": source, "note": note}
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        (row,) = submit_many(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            principal=principal,
            items=[Item("oversight.delisting", payload)],
            clock=SystemClock(),
            signer=signer,
        )
        rid = row.id
    out.print(f"delisting {rid}: designation {designation} off the list from {on}")


def _csv_row(error: FieldError, items: list[tuple[int, Item]]) -> FieldError:
    """A pipeline error's ``row k`` (the k-th new designation) as the file's row number."""
    head, dot, rest = error.loc.partition(".")
    number = head.removeprefix("row ")
    if not number.isdigit() or not 1 <= int(number) <= len(items):
        return error
    rest = rest.removeprefix("payload.")
    return FieldError(f"row {items[int(number) - 1][0]}{dot}{rest}", error.rule)


@app.command()
@errors_to_exit
def analyse(
    dataset: Annotated[str, typer.Argument(help="Dataset name in COSEC_DATA_DIR.")],
    audience: Annotated[
        str,
        typer.Option(
            help="Who may read the analyses (and the findings on them): regime, "
            "public or secretariat."
        ),
    ] = "regime",
) -> None:
    """Run the oversight pass on a dataset: rendezvous, gaps and approaches to the watched
    coast, each signed, logged and stored as the secretariat's evidence."""
    from cosec.mechanisms.oversight.measure import analyses
    from cosec.plugin.tracks import analyze, data_dir, record_analysis

    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        regime = service.regime_of(store.deployment(s))
    done = []
    for kind, params in analyses(regime):
        computed = analyze(data_dir(), dataset, kind, params, note=f"oversight: {kind}")
        with store.session(write=True) as s:
            row = record_analysis(
                s,
                deployment=store.deployment(s),
                ledger=store.ledger,
                principal=acting_as("SEC"),
                analysis=computed,
                clock=SystemClock(),
                audience=audience,
            )
            done.append((row.id, kind, computed.payload.events))
    for rid, kind, n in done:
        out.print(f"analysis {rid}: {n} {kind} events")
    out.print("run `cosec evaluate` (or let the server catch up) to judge them")


@app.command("list")
@errors_to_exit
def list_(
    on: Annotated[
        str | None, typer.Option("--on", help="The list in force on this day (YYYY-MM-DD).")
    ] = None,
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The designations on the record (with --on, those in force that day)."""
    day = None
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise InvalidInput.field("--on", "must be a date (YYYY-MM-DD)") from None
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        views = service.designations(s, deployment=store.deployment(s), principal=acting_as(as_))
    rows = [v.as_row() for v in views if day is None or v.in_force(day)]
    emit(rows, ["id", "name", "mmsi", "imo", "flag", "listed_on", "source", "delisted_on"], fmt)


@app.command()
@errors_to_exit
def events(
    vessel: Annotated[str | None, typer.Option(help="Only this MMSI's events.")] = None,
    flag: Annotated[str | None, typer.Option(help="Only this flag (sts_designated...).")] = None,
    year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Events from tracks that are findings: meetings, dark periods, coast approaches."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        items = service.events(
            s,
            deployment=store.deployment(s),
            principal=acting_as(as_),
            vessel=vessel,
            flag=flag,
            year=year,
        )
    rows = [e.as_row() for e in items]
    emit(rows, ["finding", "flag", "severity", "vessels", "start", "hours", "lat", "lon"], fmt)


@app.command()
@errors_to_exit
def petroleum(
    year: Annotated[int, typer.Option(help="The year.")],
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Refined petroleum reported transferred to the DPRK, month by month, against the cap."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        y = service.petroleum(
            s, deployment=store.deployment(s), principal=acting_as(as_), year=year
        )
    rows = [
        {
            "month": m.month,
            "barrels": m.barrels,
            "running": m.running,
            "share_of_cap": round(m.running / y.cap, 4),
        }
        for m in y.months
    ]
    emit(rows, ["month", "barrels", "running", "share_of_cap"], fmt, title=f"cap {y.cap:,}")
