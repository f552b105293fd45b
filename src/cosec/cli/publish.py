"""`cosec publish`: the secretariat's releases to the public, each a signed, logged record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

import typer
from sqlalchemy.orm import Session

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
from cosec.deployment import Deployment
from cosec.kit.submission import Item
from cosec.publication import service
from cosec.records import SECRETARIAT
from cosec.reports.service import figures_now

app = typer.Typer(
    help="Publish findings, statistics and reports to the public (signed, logged releases)."
)
NoteOpt = Annotated[str, typer.Option(help="A note published with the release.")]


def _release(item_for: str, make: Callable[[Session, Deployment, datetime], Item]) -> None:
    """Build the item with ``make(session, deployment, now)``, sign it, log it, fold it in."""
    store = open_store()
    ensure_charter(store)
    principal = acting_as(None)  # the secretariat: only it publishes
    clock = SystemClock()
    with store.session(write=True) as s:
        deployment = store.deployment(s)
        item = make(s, deployment, clock.now())
        row = service.publish(
            s,
            deployment=deployment,
            ledger=store.ledger,
            principal=principal,
            item=item,
            clock=clock,
            signer=signing_key(SECRETARIAT, None),
        )
        rid, index = row.id, row.log_index
    out.print(f"published {item_for} (record {rid}, log index {index})")


@app.command()
@errors_to_exit
def findings(
    ids: Annotated[list[int], typer.Argument(help="Ids of the findings to make public.")],
    note: NoteOpt = "",
) -> None:
    """Make findings public: anyone may read them from now on."""
    _release(f"{len(ids)} finding(s)", lambda s, d, now: service.findings_item(ids, note=note))


@app.command()
@errors_to_exit
def statistics(note: NoteOpt = "") -> None:
    """Publish every member's scorecard figures as they stand now."""
    _release(
        "the scorecards' statistics",
        lambda s, d, now: service.statistics_item(s, deployment=d, now=now, note=note),
    )


@app.command()
@errors_to_exit
def report(
    year: Annotated[int, typer.Option(help="The year of the annual report.")],
    note: NoteOpt = "",
) -> None:
    """Publish the annual implementation report of YEAR (its figures as they stand now)."""
    _release(
        f"the {year} report",
        lambda s, d, now: service.report_item(
            year,
            figures_now(s, deployment=d, principal=service.SECRETARIAT_VIEW, year=year, now=now),
            note=note,
        ),
    )


@app.command("list")
@errors_to_exit
def list_releases(fmt: FormatOpt = OutputFormat.table) -> None:
    """Every release, newest first."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        rows = [
            {
                "record": r.record_id,
                "scope": r.scope,
                "year": r.year,
                "findings": r.findings,
                "published_at": r.published_at.isoformat(timespec="seconds"),
                "note": r.note,
            }
            for r in service.releases(s)
        ]
    emit(rows, ["record", "scope", "year", "findings", "published_at", "note"], fmt)


@app.command()
@errors_to_exit
def sync() -> None:
    """Take in releases logged by other paths (a signed envelope sent to the log)."""
    store = open_store()
    with store.session(write=True) as s:
        n = service.take_in(s)
    out.print(f"{n} finding(s) newly public")
