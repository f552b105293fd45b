"""`cosec patrols ...`: judge a file of patrols and cases, submit records, list patrols
and cases, and count them by year and category."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cosec.kit import Charter, InvalidInput
from cosec.mechanisms.patrols import assess as assessing
from cosec.mechanisms.patrols import service
from cosec.plugin.cli import (
    Assessed,
    FormatOpt,
    OutputFormat,
    acting_as,
    add_assess,
    emit,
    ensure_charter,
    errors_to_exit,
    open_store,
    out,
    signing_key,
)
from cosec.plugin.store import Item, SystemClock, submit_many

app = typer.Typer(help="Joint law-enforcement patrols: plans, reports and cases.")
app.info.no_args_is_help = True


def _assess(file: Path, charter: Charter, as_of: datetime) -> Assessed:
    found, when = assessing.judge(assessing.read(file), charter, as_of)
    return Assessed(
        rows=assessing.as_dicts(found),
        columns=list(assessing.COLUMNS),
        table_columns=list(assessing.TABLE_COLUMNS),
        findings=found,
        title=f"{file.name} under {charter.id} {charter.version}, as of {when:%Y-%m-%d %H:%M} UTC",
    )


add_assess(
    app,
    _assess,
    file_help='JSON: {"as_of"?, "years"?, "plans": [...], "reports": [...], "cases": [...]} '
    "(docs/patrols.md).",
    summary="Judge a file of patrol plans, reports and cases by the charter's rules (reports "
    "within 14 days, cases within 72 h, 4 patrols a year); no database.",
    default_charter="lancang-mekong",
)


@app.command()
@errors_to_exit
def submit(
    file: Annotated[Path, typer.Argument(help="JSON object or array of payloads.")],
    as_: Annotated[str, typer.Option("--as", help="Member code submitting.")],
    kind: Annotated[
        str, typer.Option(help="patrols.plan, patrols.report or patrols.case.")
    ] = "patrols.plan",
    audience: Annotated[
        str | None, typer.Option(help="public, regime, parties or secretariat.")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
) -> None:
    """Sign and submit patrol plans, reports or cases from a JSON file: all are validated
    first; one bad item writes nothing."""
    if kind not in service.KINDS:
        raise InvalidInput.field("--kind", f"must be one of {', '.join(service.KINDS)}")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput.field("FILE", f"is not a readable JSON file ({exc})") from None
    payloads = data if isinstance(data, list) else [data]
    if not all(isinstance(p, dict) for p in payloads):
        raise InvalidInput.field("FILE", "must hold a JSON object or an array of objects")
    principal = acting_as(as_)
    signer = signing_key(principal.submitter or "", key)
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        rows = submit_many(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            principal=principal,
            items=[Item(kind=kind, payload=p, audience=audience) for p in payloads],
            clock=SystemClock(),
            signer=signer,
        )
        done = [(row.id, row.kind) for row in rows]
    for rid, k in done:
        out.print(f"submitted {k} {rid}")


def plan_row(v: service.PlanView) -> dict[str, Any]:
    """A plan as a flat row."""
    return {
        "id": v.record.id,
        "title": v.plan.title,
        "lead": v.record.submitter,
        "participants": " ".join(v.plan.participants),
        "start": v.plan.start.isoformat(),
        "end": v.plan.end.isoformat(),
        "status": v.status,
        "took_part": " ".join(v.took_part),
        "stations": "; ".join(v.stations),
        "reported_at": v.reported_at.isoformat() if v.reported_at else "",
    }


def case_row(v: service.CaseView) -> dict[str, Any]:
    """A case as a flat row."""
    c = v.case
    return {
        "id": v.record.id,
        "title": c.title,
        "category": c.category,
        "occurred_at": c.occurred_at.isoformat(),
        "shared_by": v.record.submitter,
        "shared_at": v.record.submitted_at.isoformat(),
        "late": v.late,
        "place": c.place,
        "lat": c.lat,
        "lon": c.lon,
        "drugs_kg": c.drugs_kg,
        "tablets": c.tablets,
        "persons_detained": c.persons_detained,
        "vessels": "; ".join(x.name for x in c.vessels),
        "plan_id": c.plan_id or "",
    }


AsOpt = Annotated[
    str | None, typer.Option("--as", help="Read as this member (default: secretariat).")
]
YearOpt = Annotated[int | None, typer.Option(help="Only this year.", min=1990, max=2200)]


@app.command("list")
@errors_to_exit
def list_(as_: AsOpt = None, year: YearOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """List patrol plans with their status (planned, reported, overdue...), latest first."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        plans = service.list_plans(
            s, deployment=store.deployment(s), principal=acting_as(as_), now=SystemClock().now()
        )
        rows = [plan_row(v) for v in plans if service.in_year(v.plan.start, year)]
    emit(rows, list(rows[0]) if rows else ["id", "title", "status"], fmt)


@app.command()
@errors_to_exit
def cases(
    as_: AsOpt = None,
    year: YearOpt = None,
    category: Annotated[str | None, typer.Option(help="CAT1 to CAT4.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List law-enforcement cases, latest first."""
    if category is not None and category.upper() not in ("CAT1", "CAT2", "CAT3", "CAT4"):
        raise InvalidInput.field("--category", "must be CAT1, CAT2, CAT3 or CAT4")
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        found = service.list_cases(s, deployment=store.deployment(s), principal=acting_as(as_))
        rows = [
            case_row(v)
            for v in found
            if service.in_year(v.case.occurred_at, year)
            and (category is None or v.case.category == category.upper())
        ]
    emit(rows, list(rows[0]) if rows else ["id", "title", "category"], fmt)


@app.command()
@errors_to_exit
def stats(as_: AsOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """Patrols, cases by category, drugs seized and persons detained, by year."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        d = store.deployment(s)
        principal = acting_as(as_)
        plans = service.list_plans(s, deployment=d, principal=principal, now=SystemClock().now())
        found = service.list_cases(s, deployment=d, principal=principal)
        regime = service.regime_of(d)
        st = service.statistics(
            plans,
            found,
            year=SystemClock().now().year,
            members=(),
            minimum=regime.min_patrols_per_year,
        )
    rows = [y.as_row() for y in st.years]
    emit(rows, list(rows[0]) if rows else ["year", "patrols", "cases"], fmt)
