"""`cosec findings`, `cosec evaluate`, `cosec scorecard`: what the secretariat found."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cosec.cli.runtime import (
    EXIT_FINDINGS,
    FormatOpt,
    OutputFormat,
    acting_as,
    emit,
    ensure_charter,
    errors_to_exit,
    open_store,
    out,
)
from cosec.clock import SystemClock
from cosec.compliance import engine
from cosec.compliance import service as findings_service
from cosec.compliance.findings import FindingState, Severity
from cosec.compliance.scorecards import scorecard as build_scorecard
from cosec.pipeline.submit import submit_many

app = typer.Typer(
    help="Findings: which obligation, who, how severe, what evidence.", invoke_without_command=True
)


@app.callback()
@errors_to_exit
def findings(
    ctx: typer.Context,
    member: Annotated[
        str | None, typer.Option(help="Only findings concerning this member.")
    ] = None,
    state: Annotated[FindingState | None, typer.Option(help="open, answered or resolved.")] = None,
    min_severity: Annotated[Severity | None, typer.Option(help="low, medium or high.")] = None,
    fail_on: Annotated[
        Severity | None,
        typer.Option(help="Exit 1 when an open finding is at least this severe."),
    ] = None,
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List findings (the default), or show or answer one."""
    if ctx.invoked_subcommand is not None:
        return
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        views = findings_service.list_findings(
            s,
            deployment=store.deployment(s),
            principal=acting_as(as_),
            member=member.upper() if member else None,
            state=state.value if state else None,
            min_severity=min_severity,
        )
        rows = [
            {
                "id": v.row.id,
                "obligation": v.row.obligation,
                "flag": v.row.flag,
                "members": list(v.members),
                "severity": v.row.severity,
                "state": v.row.state,
                "evidence": v.row.evidence,
                "summary": v.row.summary,
            }
            for v in views
        ]
    emit(
        rows,
        ["id", "severity", "state", "flag", "members", "summary"]
        if fmt is OutputFormat.table
        else list(rows[0])
        if rows
        else ["id"],
        fmt,
    )
    if fail_on is not None and any(
        Severity(str(r["severity"])).rank >= fail_on.rank and r["state"] == "open" for r in rows
    ):
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
@errors_to_exit
def show(
    finding_id: Annotated[int, typer.Argument()],
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
) -> None:
    """Show one finding with its evidence and any answer."""
    store = open_store()
    with store.session() as s:
        d = store.deployment(s)
        p = acting_as(as_)
        v = findings_service.get_finding(s, deployment=d, principal=p, finding_id=finding_id)
        text = findings_service.answer_text(s, deployment=d, principal=p, view=v)
        data = {
            "id": v.row.id,
            "obligation": v.row.obligation,
            "flag": v.row.flag,
            "severity": v.row.severity,
            "state": v.row.state,
            "members": list(v.members),
            "summary": v.row.summary,
            "evidence": v.row.evidence,
            "details": v.row.details,
            "charter": f"{v.row.charter_id} {v.row.charter_version}",
            "answer": text,
        }
    out.print_json(json.dumps(data, default=str))


@app.command()
@errors_to_exit
def answer(
    finding_id: Annotated[int, typer.Argument()],
    text: Annotated[str, typer.Argument(help="The member's answer.")],
    as_: Annotated[str, typer.Option("--as", help="Member answering.")],
) -> None:
    """Answer a finding as the member it concerns (a signed record)."""
    store = open_store()
    principal = acting_as(as_)
    with store.session(write=True) as s:
        deployment = store.deployment(s)
        item = findings_service.answer_item(
            s, deployment=deployment, principal=principal, finding_id=finding_id, text=text
        )
        (rec,) = submit_many(
            s,
            deployment=deployment,
            ledger=store.ledger,
            principal=principal,
            items=[item],
            clock=SystemClock(),
        )
        rid = rec.id
    out.print(f"answered finding {finding_id} (record {rid})")


def evaluate() -> None:
    """Evaluate every obligation in force now and update the findings."""
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        report = engine.evaluate(s, deployment=store.deployment(s), clock=SystemClock())
    out.print(
        f"evaluated {', '.join(report.mechanisms) or 'nothing'}: {report.opened} new, "
        f"{report.updated} changed, {report.resolved} resolved, "
        f"{report.reopened} reopened"
    )


def scorecard(
    member: Annotated[str, typer.Argument(help="Member code.")],
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """A member's scorecard: each obligation kept, under watch or breached."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        card = build_scorecard(
            s, deployment=store.deployment(s), principal=acting_as(as_), member=member.upper()
        )
        rows = [
            {
                "obligation": o.obligation,
                "status": o.status,
                "open": o.open,
                "answered": o.answered,
                "resolved": o.resolved,
                "title": o.title,
            }
            for o in card.obligations
        ]
    emit(
        rows,
        ["obligation", "status", "open", "answered", "resolved", "title"],
        fmt,
        title=f"{card.name}: {card.kept} of {len(card.obligations)} obligations kept",
    )


evaluate_command = errors_to_exit(evaluate)
scorecard_command = errors_to_exit(scorecard)
