"""`cosec notifications ...`: assess a file, submit, list and show notifications."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cosec.kit import Charter, FieldError, InvalidInput
from cosec.mechanisms.notifications import OBLIGATIONS, service
from cosec.mechanisms.notifications import assess as assessing
from cosec.mechanisms.notifications.files import submission_items
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
from cosec.plugin.store import (
    Item,
    Preview,
    SystemClock,
    list_findings,
    previews,
    submit_many,
)

app = typer.Typer(help="Prior notification of major military activities.", no_args_is_help=True)

ASSESS_COLUMNS = [
    "designation",
    "states",
    "start",
    "end",
    "notified_on",
    "notification_required",
    "observation_required",
    "notify_by",
    "flags",
]


def _assess(file: Path, charter: Charter, as_of: datetime) -> Assessed:
    rows = assessing.validate_rows(assessing.read_rows(file), charter)
    results = assessing.assess(
        assessing.activities_from_rows(rows), charter=charter, obligations=OBLIGATIONS, as_of=as_of
    )
    return Assessed(
        rows=[r.as_dict() for r in results],
        columns=[*ASSESS_COLUMNS, "findings"],
        table_columns=ASSESS_COLUMNS,
        findings=[f for r in results for f in r.findings],
    )


add_assess(
    app,
    _assess,
    file_help="JSON array of activities, or CSV.",
    summary="Assess a file of activities against a charter, with no database.",
)


@app.command()
@errors_to_exit
def submit(
    file: Annotated[Path, typer.Argument(help="JSON (object or array) or CSV of records.")],
    as_: Annotated[str, typer.Option("--as", help="Member code submitting (or SEC).")],
    kind: Annotated[str, typer.Option(help="Record kind of every item.")] = "notification.prior",
    audience: Annotated[
        str | None, typer.Option(help="public, regime, parties or secretariat.")
    ] = None,
    party: Annotated[
        list[str] | None, typer.Option(help="Member a record is addressed to (repeat).")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Sign nothing: check every row and print what each would open, resolve and "
            "start (exit 0; 2 on bad input).",
        ),
    ] = False,
) -> None:
    """Sign and submit records from a file: all are validated first; one bad row writes nothing.

    Signs with the member's key file; without one, with the key the member deposited.
    """
    principal = acting_as(as_)
    items = submission_items(file, kind=kind, audience=audience, parties=tuple(party or ()))
    store = open_store()
    ensure_charter(store)
    if dry_run:
        _dry_run(store, principal, items)
        return
    signer = signing_key(principal.submitter or "", key)
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
        ids = [(r.id, r.kind) for r in rows]
    for rid, k in ids:
        out.print(f"submitted {k} {rid}")


def _dry_run(store: Any, principal: Any, items: list[Item]) -> None:
    """Print, per row, what signing it would open, resolve and start; write nothing."""
    with store.session() as s:
        errors: list[FieldError] = []
        shown: list[tuple[int, Preview]] = []
        for n, item in enumerate(items, start=1):
            try:
                (p,) = previews(
                    s,
                    deployment=store.deployment(s),
                    principal=principal,
                    items=[item],
                    clock=SystemClock(),
                )
            except InvalidInput as exc:
                errors.extend(
                    FieldError(f"row {n}" + (f".{e.loc}" if e.loc else ""), e.rule)
                    for e in exc.errors
                )
                continue
            shown.append((n, p))
        if errors:
            raise InvalidInput(errors)
    me = principal.submitter or ""
    for n, p in shown:
        label = p.payload.get("designation") or p.kind
        out.print(f"[bold]row {n}[/]: {p.kind} {label!s} (audience {p.audience})", highlight=False)
        lines = [("opens", f) for f in p.opens]
        lines += [("resolves", f) for f in p.resolves]
        lines += [("starts", f) for f in p.deadlines]
        if not lines:
            out.print("  opens, resolves and starts nothing", highlight=False)
        for verb, f in lines:
            own = " (against your own state)" if me in f.members and verb != "resolves" else ""
            by = f" from {f.by.date().isoformat()}" if f.by is not None else ""
            out.print(f"  {verb} {f.severity} {f.flag}{by}{own}: {f.summary}", highlight=False)
    out.print(f"dry run: {len(shown)} row(s) checked, nothing signed or written", highlight=False)


@app.command("list")
@errors_to_exit
def list_(
    state: Annotated[str | None, typer.Option(help="Only activities of this member.")] = None,
    year: Annotated[int | None, typer.Option(help="Only activities in this year.")] = None,
    as_: Annotated[
        str | None, typer.Option("--as", help="Read as this member (default: secretariat).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List notifications."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        views = service.list_notifications(
            s, deployment=store.deployment(s), principal=acting_as(as_), state=state, year=year
        )
        rows = [_row(v) for v in views]
    emit(
        rows,
        [
            "id",
            "designation",
            "states",
            "start",
            "end",
            "troops",
            "notified_on",
            "notify_by",
            "on_time",
            "audience",
        ],
        fmt,
    )


def _row(v: service.NotificationView) -> dict[str, Any]:
    a = v.activity
    return {
        "id": v.record.id,
        "designation": a.designation,
        "states": list(a.states),
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "troops": a.figures.troops,
        "notified_on": a.notified_on.isoformat() if a.notified_on else None,
        "notify_by": v.notify_by.isoformat(),
        "on_time": v.on_time,
        "notification_required": v.notification_required,
        "observation_required": v.observation_required,
        "audience": v.record.audience,
        "submitter": v.record.submitter,
        "figures": a.figures.model_dump(),
        "amendments": [x.id for x in v.amendments],
    }


@app.command()
@errors_to_exit
def show(
    notification_id: Annotated[int, typer.Argument()],
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one notification with its amendments, verdicts and findings."""
    store = open_store()
    with store.session() as s:
        d = store.deployment(s)
        principal = acting_as(as_)
        v = service.get_notification(
            s, deployment=d, principal=principal, notification_id=notification_id
        )
        findings = list_findings(s, deployment=d, principal=principal, record_id=v.record.id)
        data = _row(v) | {
            "findings": [
                {
                    "id": f.row.id,
                    "flag": f.row.flag,
                    "severity": f.row.severity,
                    "state": f.row.state,
                    "summary": f.row.summary,
                }
                for f in findings
            ]
        }
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    out.print(f"[bold]{data['designation']}[/] (notification {data['id']}, by {data['submitter']})")
    for k in (
        "states",
        "start",
        "end",
        "notified_on",
        "notify_by",
        "on_time",
        "notification_required",
        "observation_required",
        "audience",
        "amendments",
    ):
        out.print(f"  {k}: {data[k]}")
    figures = {k: n for k, n in data["figures"].items() if n}
    out.print(f"  figures: {figures}")
    out.print("[bold]Findings[/]" if findings else "No findings.")
    for f in data["findings"]:
        out.print(f"  #{f['id']} [{f['severity']}, {f['state']}] {f['flag']}: {f['summary']}")
