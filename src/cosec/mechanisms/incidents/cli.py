"""`cosec incidents ...`: rate a file of incidents, report one, list and show them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cosec.kit import Charter, InvalidInput
from cosec.mechanisms.incidents import assess as assessing
from cosec.mechanisms.incidents import service
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
from cosec.plugin.store import Item, SystemClock, list_findings, submit_many

app = typer.Typer(help="Incidents at sea and in the air, under the code of safe conduct.")
app.info.no_args_is_help = True

KINDS = ("incident.report", "incident.reply", "incident.assessment", "incident.endorsement")


def _assess(file: Path, charter: Charter, as_of: datetime) -> Assessed:
    rated = assessing.assess(file, charter)
    return Assessed(
        rows=assessing.as_dicts(rated),
        columns=list(assessing.COLUMNS),
        findings=assessing.findings(rated),
        title=f"{file.name}: severity under {charter.id} {charter.version}",
    )


add_assess(
    app,
    _assess,
    file_help='JSON: {"incidents": [{"id", "date", "domain", "min_distance_m", "acts", ...}]}.',
    summary="Rate a file of incidents L1 to L4 with the reasons, by the charter's rule; "
    "no database (--fail-on high: exit 1 on any L1 or L2).",
)


@app.command()
@errors_to_exit
def submit(
    file: Annotated[Path, typer.Argument(help="JSON object or array of payloads.")],
    as_: Annotated[str, typer.Option("--as", help="Member code submitting.")],
    kind: Annotated[str, typer.Option(help="Record kind of every item.")] = "incident.report",
    audience: Annotated[
        str | None, typer.Option(help="public, regime, parties or secretariat.")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
) -> None:
    """Sign and submit incident records (reports, replies, assessments, endorsements) from a
    JSON file: all are validated first; one bad item writes nothing."""
    if kind not in KINDS:
        raise InvalidInput.field("--kind", f"must be one of {', '.join(KINDS)}")
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


def _line(s: service.IncidentSummary) -> dict[str, Any]:
    return {
        "id": s.record.id,
        "title": s.report.title,
        "domain": s.report.domain,
        "occurred_at": s.report.occurred_at.isoformat(),
        "reporter": s.record.submitter,
        "other_member": s.report.other_member,
        "severity": s.rated.level,
        "joint": s.joint,
        "replied": s.replied,
    }


@app.command("list")
@errors_to_exit
def list_(
    member: Annotated[str | None, typer.Option(help="Only incidents of this member.")] = None,
    as_: Annotated[
        str | None, typer.Option("--as", help="Read as this member (default: secretariat).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List incident reports, newest first."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        lines = service.list_incidents(s, deployment=store.deployment(s), principal=acting_as(as_))
        rows = [_line(x) for x in lines]
    if member:
        rows = [x for x in rows if member in (x["reporter"], x["other_member"])]
    emit(rows, list(rows[0]) if rows else ["id", "title", "severity"], fmt)


@app.command()
@errors_to_exit
def show(
    report_id: Annotated[int, typer.Argument()],
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one incident: both accounts, its severity and why, tracks and findings."""
    store = open_store()
    with store.session() as s:
        d = store.deployment(s)
        principal = acting_as(as_)
        v = service.get_incident(s, deployment=d, principal=principal, report_id=report_id)
        found = list_findings(s, deployment=d, principal=principal, record_id=report_id)
        data: dict[str, Any] = {
            "id": v.record.id,
            "title": v.report.title,
            "reporter": v.record.submitter,
            "other_member": v.report.other_member,
            "occurred_at": v.report.occurred_at.isoformat(),
            "severity": v.rated.level,
            "reasons": list(v.rated.reasons),
            "declared_distance_m": v.report.min_distance_m,
            "tracked_cpa_m": round(v.closest.tracked.cpa_m, 1) if v.closest else None,
            "replies": [row.id for row, _, _ in v.replies],
            "joint_assessment": v.joint.row.id if v.joint else None,
            "findings": [
                {"id": f.row.id, "flag": f.row.flag, "state": f.row.state, "summary": f.row.summary}
                for f in found
            ],
        }
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    out.print(f"[bold]{data['title']}[/] (report {data['id']}, by {data['reporter']})")
    for k in (
        "other_member",
        "occurred_at",
        "severity",
        "reasons",
        "declared_distance_m",
        "tracked_cpa_m",
        "replies",
        "joint_assessment",
    ):
        out.print(f"  {k}: {data[k]}")
    out.print("[bold]Findings[/]" if data["findings"] else "No findings.")
    for f in data["findings"]:
        out.print(f"  #{f['id']} [{f['state']}] {f['flag']}: {f['summary']}")
