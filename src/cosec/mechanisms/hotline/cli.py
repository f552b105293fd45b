"""`cosec hotline ...`: judge a file of messages, send and acknowledge, list, measured times."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cosec.kit import Charter
from cosec.mechanisms.hotline import assess as assessing
from cosec.mechanisms.hotline import service
from cosec.mechanisms.hotline.records import Precedence
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
from cosec.plugin.store import SystemClock, submit

app = typer.Typer(help="The crisis hotline: messages, acknowledgements, escalations.")
app.info.no_args_is_help = True


def _assess(file: Path, charter: Charter, as_of: datetime) -> Assessed:
    results = assessing.assess_rows(assessing.read(file), charter, as_of)
    return Assessed(
        rows=[row for row, _ in results],
        columns=list(assessing.COLUMNS),
        table_columns=list(assessing.TABLE_COLUMNS),
        findings=[f for _, found in results for f in found],
    )


add_assess(
    app,
    _assess,
    file_help='JSON: {"messages": [{"id", "from", "to", "precedence", "sent_at", '
    '"acknowledged_at"?, "drill"?}], "contacts"?: {MEMBER: [{"role", "name"}]}}.',
    summary="Judge a file of hotline messages: deadlines, acknowledgement times, the "
    "escalations that would fire; no database.",
)


def _send(as_: str, kind: str, payload: dict[str, Any], key: Path | None) -> int:
    principal = acting_as(as_)
    signer = signing_key(principal.submitter or "", key)
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        row = submit(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            principal=principal,
            kind=kind,
            payload=payload,
            clock=SystemClock(),
            signer=signer,
        )
        return row.id


KeyOpt = Annotated[
    Path | None,
    typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
]


@app.command()
@errors_to_exit
def send(
    as_: Annotated[str, typer.Option("--as", help="Member code sending.")],
    to: Annotated[str, typer.Option(help="Member code addressed.")],
    subject: Annotated[str, typer.Option(help="The subject line.")],
    text: Annotated[str, typer.Option(help="The message.")],
    precedence: Annotated[
        str, typer.Option(help="FLASH, IMMEDIATE, PRIORITY or ROUTINE.")
    ] = "ROUTINE",
    drill: Annotated[bool, typer.Option("--drill", help="A test of the line.")] = False,
    key: KeyOpt = None,
) -> None:
    """Sign and send a hotline message (the server's scheduler escalates it if it is not
    acknowledged in time)."""
    level: Precedence | str = precedence.upper()
    rid = _send(
        as_,
        "hotline.message",
        {"to": to.upper(), "precedence": level, "subject": subject, "text": text, "drill": drill},
        key,
    )
    out.print(f"sent hotline.message {rid}")


@app.command()
@errors_to_exit
def ack(
    message_id: Annotated[int, typer.Argument(help="The message's record id.")],
    as_: Annotated[str, typer.Option("--as", help="Member code acknowledging.")],
    note: Annotated[str, typer.Option(help="A note.")] = "",
    key: KeyOpt = None,
) -> None:
    """Sign and send the acknowledgement of a message addressed to your member."""
    rid = _send(as_, "hotline.ack", {"message_id": message_id, "note": note}, key)
    out.print(f"acknowledged with hotline.ack {rid}")


@app.command("list")
@errors_to_exit
def list_(
    as_: Annotated[
        str | None, typer.Option("--as", help="Read as this member (default: secretariat).")
    ] = None,
    box: Annotated[str, typer.Option(help="all, inbox or sent.")] = "all",
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List messages: unacknowledged first, FLASH first, newest first."""
    store = open_store()
    ensure_charter(store)
    now = SystemClock().now()
    with store.session() as s:
        views = service.list_messages(
            s, deployment=store.deployment(s), principal=acting_as(as_), now=now, box=box
        )
        rows = [
            {
                "id": v.id,
                "from": v.record.submitter,
                "to": v.message.to,
                "precedence": v.message.precedence,
                "drill": v.message.drill,
                "subject": v.message.subject,
                "deadline": v.deadline.isoformat(),
                "status": v.status(now),
                "escalations": len(v.escalations),
            }
            for v in views
        ]
    emit(rows, ["id", "from", "to", "precedence", "drill", "subject", "deadline", "status",
                "escalations"], fmt)  # fmt: skip


@app.command()
@errors_to_exit
def times(
    year: Annotated[int, typer.Option(help="The year.")],
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Each member's measured acknowledgement times in a year (drills included)."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        found = service.ack_times(
            s,
            deployment=store.deployment(s),
            principal=acting_as(as_),
            now=SystemClock().now(),
            year=year,
        )
    rows = [
        {
            "member": t.member,
            "received": t.received,
            "acknowledged": t.acknowledged,
            "drills": t.drills,
            "late": t.late,
            "overdue": t.overdue,
            "median_seconds": None if t.median_seconds is None else round(t.median_seconds),
            "p90_seconds": None if t.p90_seconds is None else round(t.p90_seconds),
        }
        for t in found
    ]
    emit(rows, ["member", "received", "acknowledged", "drills", "late", "overdue",
                "median_seconds", "p90_seconds"], fmt)  # fmt: skip
