"""`cosec fleet ...`: the registry of state vessels and aircraft."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cosec.cli.runtime import (
    FormatOpt,
    OutputFormat,
    acting_as,
    emit,
    ensure_charter,
    errors_to_exit,
    open_store,
    out,
    signing_key,
)
from cosec.clock import SystemClock
from cosec.errors import InvalidInput
from cosec.fleet import service as fleet
from cosec.fleet.registry import Entry, parse_as_of
from cosec.records import SECRETARIAT

app = typer.Typer(help="The registry of state vessels and aircraft.", no_args_is_help=True)

COLUMNS = ["identifier", "domain", "member", "kind", "name", "hull_number", "valid_from"]
HISTORY_COLUMNS = [
    "record",
    "effective",
    "member",
    "kind",
    "name",
    "hull_number",
    "withdrawn",
    "submitter",
    "logged",
    "note",
]

AsOpt = Annotated[
    str | None, typer.Option("--as", help="Read as this member (default: secretariat).")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="The registry as of this day (YYYY-MM-DD) or instant; default now."
    ),
]


def _as_of(value: str | None) -> datetime:
    return SystemClock().now() if value is None else parse_as_of(value, "--as-of")


def _row(e: Entry) -> dict[str, Any]:
    u = e.unit
    return {
        "record": e.record_id,
        "identifier": u.identifier,
        "domain": u.domain,
        "member": u.member,
        "kind": u.kind,
        "name": u.name,
        "hull_number": u.hull_number,
        "valid_from": u.valid_from.isoformat() if u.valid_from else "",
        "effective": e.effective.isoformat(),
        "withdrawn": u.withdrawn,
        "submitter": e.submitter,
        "audience": e.audience,
        "logged": e.logged_at.isoformat(),
        "note": u.note,
    }


@app.command("list")
@errors_to_exit
def list_(
    member: Annotated[str | None, typer.Option(help="Only this member's units.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Only units of this kind: navy, coast_guard, other_government."),
    ] = None,
    as_of: AsOfOpt = None,
    as_: AsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The units in state service as of a day (withdrawn ones left out)."""
    when = _as_of(as_of)
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        listing = fleet.list_units(
            s,
            principal=acting_as(as_),
            charter=store.deployment(s).current,
            as_of=when,
            member=member,
            kind=kind,
            sort="member",
        )
        rows = [_row(e) for e in listing.entries]
    emit(rows, COLUMNS, fmt)


@app.command()
@errors_to_exit
def show(
    identifier: Annotated[str, typer.Argument(help="A ship's MMSI or an aircraft's ICAO address.")],
    as_of: AsOfOpt = None,
    as_: AsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """A unit's entry and its history; for a ship not in the registry, the flag its MMSI
    implies (inferred)."""
    when = _as_of(as_of)
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        found = fleet.lookup(
            s,
            principal=acting_as(as_),
            charter=store.deployment(s).current,
            identifier=identifier,
            as_of=when,
        )
        history = [_row(e) for e in found.history.entries] if found.history else []
    if fmt is not OutputFormat.table:
        if fmt is OutputFormat.json:
            data = {
                "identifier": found.identifier,
                "domain": found.domain,
                "as_of": when.isoformat(),
                "flag": found.flag,
                "inferred": found.inferred,
                "current": _row(found.current) if found.current else None,
                "history": history,
            }
            typer.echo(json.dumps(data, indent=2))
        else:
            emit(history, HISTORY_COLUMNS, fmt)
        return
    current = found.current
    if current is not None:
        u = current.unit
        out.print(
            f"[bold]{found.identifier}[/] {u.name or '(no name)'}: {u.member} {u.kind}"
            + (f", hull {u.hull_number}" if u.hull_number else ""),
            highlight=False,
        )
    else:
        why = "withdrawn" if found.in_effect is not None else "not in the registry"
        flag = (
            f"flag {found.mid_flag} (inferred from its MMSI)" if found.mid_flag else "flag unknown"
        )
        out.print(f"[bold]{found.identifier}[/]: {why}; {flag}", highlight=False)
    if history:
        emit(history, HISTORY_COLUMNS, fmt, title="History")


@app.command("import")
@errors_to_exit
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV: identifier,domain,member,kind,name,hull_number,valid_from,withdrawn,note."
        ),
    ],
    as_: Annotated[str, typer.Option("--as", help="Member code submitting (or SEC).")],
    audience: Annotated[
        str | None, typer.Option(help="Who may read the entries (default: public).")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
) -> None:
    """Sign and submit units from a CSV file: every row is checked first; one bad row
    writes nothing.

    Signs with the member's key file; without one, with the key the member deposited.
    """
    principal = acting_as(as_)
    signer = signing_key(principal.submitter or "", key)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput.field("FILE", f"cannot read {file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput.field("FILE", f"{file} is not UTF-8 text") from None
    items = fleet.import_items(text, importer=principal.submitter or "", audience=audience)
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        rows = fleet.submit_units(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            principal=principal,
            items=items,
            clock=SystemClock(),
            signer=signer,
        )
        done = [(r.id, r.payload["identifier"]) for r in rows]
    for rid, ident in done:
        out.print(f"submitted fleet.unit {rid} ({ident})", highlight=False)


@app.command()
@errors_to_exit
def add(
    identifier: Annotated[str, typer.Argument(help="A ship's MMSI or an aircraft's ICAO address.")],
    kind: Annotated[str, typer.Option(help="navy, coast_guard or other_government.")],
    as_: Annotated[str, typer.Option("--as", help="Member code submitting (or SEC).")],
    member: Annotated[
        str | None, typer.Option(help="The unit's member (default: the one submitting).")
    ] = None,
    domain: Annotated[
        str | None, typer.Option(help="sea or air (default: from the identifier).")
    ] = None,
    name: Annotated[str, typer.Option(help="The unit's name.")] = "",
    hull_number: Annotated[str, typer.Option(help="Its hull or tail number.")] = "",
    valid_from: Annotated[
        str | None, typer.Option(help="The day the entry takes effect (default: when logged).")
    ] = None,
    withdrawn: Annotated[
        bool, typer.Option(help="The unit leaves state service from valid_from.")
    ] = False,
    note: Annotated[str, typer.Option(help="A note on the entry.")] = "",
    audience: Annotated[
        str | None, typer.Option(help="Who may read the entry (default: public).")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
) -> None:
    """Sign and submit one unit's entry (a later entry about it supersedes this one from
    its valid_from)."""
    principal = acting_as(as_)
    if member is None and principal.submitter == SECRETARIAT:
        raise InvalidInput.field("--member", "is required when the secretariat adds a unit")
    signer = signing_key(principal.submitter or "", key)
    ident = identifier.strip().lower()
    payload: dict[str, Any] = {
        "identifier": ident,
        "domain": domain or ("sea" if ident.isdigit() else "air"),
        "member": (member or principal.submitter or "").upper(),
        "kind": kind,
        "name": name,
        "hull_number": hull_number,
        "withdrawn": withdrawn,
        "note": note,
    }
    if valid_from:
        payload["valid_from"] = valid_from
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        row = fleet.add_unit(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            principal=principal,
            payload=payload,
            clock=SystemClock(),
            audience=audience,
            signer=signer,
        )
        rid = row.id
    out.print(f"submitted fleet.unit {rid} ({ident})", highlight=False)
