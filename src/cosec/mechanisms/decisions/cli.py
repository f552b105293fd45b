"""`cosec decisions ...`: the rules on a file; bodies and the chair; proposals, votes and
the register in the store."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cosec.kit import Charter, InvalidInput
from cosec.mechanisms.decisions import service
from cosec.mechanisms.decisions.assess import COLUMNS, assess_file
from cosec.mechanisms.decisions.bodies import bodies, regime_of, schedule
from cosec.plugin.cli import (
    Assessed,
    FormatOpt,
    OutputFormat,
    acting_as,
    add_assess,
    charter_of,
    emit,
    ensure_charter,
    errors_to_exit,
    open_store,
    out,
    signing_key,
)
from cosec.plugin.store import SystemClock, submit

app = typer.Typer(help="Institutions and binding decisions: bodies, votes, the register.")
app.info.no_args_is_help = True


def _assess(file: Path, charter: Charter, as_of: datetime) -> Assessed:
    return Assessed(rows=assess_file(file, charter, as_of), columns=list(COLUMNS))


add_assess(
    app,
    _assess,
    file_help='JSON: {"proposals": [{"id", "body", "rule"?, "parties"?: [codes], '
    '"votes": {"CODE": "yes"|"no"|"abstain"}}]}.',
    summary="Count the votes of a file of proposals by the charter's rules (quorum, consensus, "
    "consensus minus the parties, two-thirds, simple majority); no database.",
)

CharterOpt = Annotated[str, typer.Option("--charter", help="Profile id or charter TOML path.")]
KeyOpt = Annotated[
    Path | None,
    typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
]
AsOpt = Annotated[str | None, typer.Option("--as", help="Read as this member (default: SEC).")]


@app.command("bodies")
@errors_to_exit
def list_bodies(charter: CharterOpt = "eas-2026", fmt: FormatOpt = OutputFormat.table) -> None:
    """The charter's bodies: members, decision rule, quorum, chair this year, binding."""
    c = charter_of(charter)
    regime = regime_of(c)
    year = SystemClock().now().year
    rows = [
        {
            "id": b.id,
            "name": b.name,
            "kind": b.kind_name,
            "members": len(b.members),
            "quorum": b.quorum,
            "rule": b.rule or "takes no decisions",
            "chair": b.chair_in(regime, year) or "",
            "binding": b.binding,
        }
        for b in bodies(c, regime).values()
    ]
    emit(rows, ["id", "name", "kind", "members", "quorum", "rule", "chair", "binding"], fmt)


@app.command()
@errors_to_exit
def chairs(
    charter: CharterOpt = "eas-2026",
    first: Annotated[int, typer.Option("--from", help="First year.")] = 2026,
    last: Annotated[int, typer.Option("--to", help="Last year.")] = 2035,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The rotating chair's schedule, year by year."""
    c = charter_of(charter)
    rows = [
        {"year": y, "chair": code or "", "name": c.member_name(code) if code else ""}
        for y, code in schedule(regime_of(c), first, last)
    ]
    emit(rows, ["year", "chair", "name"], fmt)


@app.command("proposals")
@errors_to_exit
def list_proposals(
    as_: AsOpt = None,
    status: Annotated[
        str | None, typer.Option(help="draft, tabled, decided, withdrawn or adopted.")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Proposals in the store, newest first, with their tallies."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        views = service.list_proposals(
            s, deployment=store.deployment(s), principal=acting_as(as_), status=status
        )
        rows: list[dict[str, Any]] = [
            {
                "id": v.id,
                "body": v.state.proposal.body,
                "title": v.state.proposal.title,
                "status": v.state.status,
                "rule": v.rule,
                "outcome": v.outcome,
                "yes": v.tally.yes if v.tally else "",
                "no": v.tally.no if v.tally else "",
                "abstain": v.tally.abstain if v.tally else "",
                "present": v.tally.present if v.tally else "",
            }
            for v in views
        ]
    columns = ["id", "body", "title", "status", "rule", "outcome", "yes", "no", "abstain"]
    emit(rows, [*columns, "present"], fmt)


@app.command("register")
@errors_to_exit
def list_register(as_: AsOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """The register of binding decisions: one row per implementation task."""
    store = open_store()
    ensure_charter(store)
    now = SystemClock().now()
    with store.session() as s:
        found = service.register(
            s, deployment=store.deployment(s), principal=acting_as(as_), now=now
        )
    rows = [
        {
            "decision": v.state.number,
            "proposal": v.id,
            "title": v.state.proposal.title,
            "task": t.n,
            "member": t.member,
            "what": t.what,
            "due": t.due.isoformat(),
            "status": t.status,
        }
        for v, tasks in found
        for t in tasks
    ]
    emit(rows, ["decision", "proposal", "title", "task", "member", "what", "due", "status"], fmt)


def _send(as_: str, kind: str, payload: dict[str, Any], key: Path | None) -> int:
    principal = acting_as(as_)
    signer = signing_key(principal.submitter or "", key)
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        if kind == "decisions.close":
            payload = service.close_payload(
                s,
                deployment=store.deployment(s),
                principal=principal,
                proposal_id=payload["proposal_id"],
                note=payload.get("note", ""),
            )
        elif "proposal_id" in payload:
            service.guard(
                s,
                deployment=store.deployment(s),
                principal=principal,
                kind=kind,
                proposal_id=payload["proposal_id"],
            )
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


SUBMITTED = ("meeting", "proposal", "table", "withdraw", "task_done")


@app.command("submit")
@errors_to_exit
def submit_file(
    file: Annotated[Path, typer.Argument(help="The record's payload, a JSON object.")],
    kind: Annotated[str, typer.Option(help="meeting, proposal, table, withdraw or task_done.")],
    as_: Annotated[str, typer.Option("--as", help="Member code submitting, or SEC.")],
    key: KeyOpt = None,
) -> None:
    """Sign and submit a meeting (SEC), a proposal, a tabling (SEC), a withdrawal or a
    task reported done, from a JSON file."""
    if kind not in SUBMITTED:
        raise InvalidInput.field("--kind", f"must be one of {', '.join(SUBMITTED)}")
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput.field(str(file), f"must be a JSON file: {exc}") from None
    if not isinstance(payload, dict):
        raise InvalidInput.field(str(file), "must hold a JSON object")
    rid = _send(as_, f"decisions.{kind}", payload, key)
    out.print(f"submitted decisions.{kind} {rid}")


@app.command()
@errors_to_exit
def vote(
    proposal_id: Annotated[int, typer.Argument(help="The proposal's record id.")],
    choice: Annotated[str, typer.Argument(metavar="yes|no|abstain", help="The vote.")],
    as_: Annotated[str, typer.Option("--as", help="Member code voting.")],
    representative: Annotated[str, typer.Option(help="Who casts it: a post or a person.")],
    key: KeyOpt = None,
) -> None:
    """Sign and cast your member's vote on a tabled proposal (the last vote before the close
    counts)."""
    body = {"proposal_id": proposal_id, "vote": choice.lower(), "representative": representative}
    rid = _send(as_, "decisions.vote", body, key)
    out.print(f"voted with decisions.vote {rid}")


@app.command()
@errors_to_exit
def close(
    proposal_id: Annotated[int, typer.Argument(help="The proposal's record id.")],
    note: Annotated[str, typer.Option(help="A note for the record.")] = "",
) -> None:
    """Close the vote on a tabled proposal, as the secretariat: the rules decide."""
    rid = _send("SEC", "decisions.close", {"proposal_id": proposal_id, "note": note}, None)
    out.print(f"closed with decisions.close {rid}")
