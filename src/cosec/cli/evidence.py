"""`cosec evidence ...`: run analyses on track datasets and keep their events as evidence."""

from __future__ import annotations

import json
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
)
from cosec.clock import SystemClock
from cosec.errors import InvalidInput
from cosec.evidence import service as evidence
from cosec.settings import get_settings

app = typer.Typer(
    help="Evidence from tracks: analyses stored as signed observations.", no_args_is_help=True
)


def _params(pairs: list[str]) -> dict[str, Any]:
    out_: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidInput.field("--param", f"{pair!r} must read NAME=VALUE")
        try:
            out_[key] = json.loads(value)
        except json.JSONDecodeError:
            out_[key] = value
    return out_


@app.command()
@errors_to_exit
def datasets(fmt: FormatOpt = OutputFormat.table) -> None:
    """Track datasets in COSEC_DATA_DIR."""
    rows = [d.__dict__ for d in evidence.datasets(get_settings().data_dir)]
    emit(rows, ["name", "kind", "positions", "vessels", "start", "end"], fmt)


@app.command()
@errors_to_exit
def run(
    dataset: Annotated[str, typer.Argument(help="Dataset name in COSEC_DATA_DIR.")],
    kind: Annotated[str, typer.Option(help="encounters, rendezvous, gaps, loitering, near-coast")],
    param: Annotated[
        list[str] | None, typer.Option(help="A parameter, NAME=VALUE (repeat): max_distance_m=500")
    ] = None,
    audience: Annotated[
        str | None, typer.Option(help="Who may read it (default: secretariat).")
    ] = None,
    note: Annotated[str, typer.Option(help="What the analysis is for.")] = "",
) -> None:
    """Run an analysis; sign, log and store it with its events (as the secretariat)."""
    computed = evidence.analyze(
        get_settings().data_dir, dataset, kind, _params(param or []), note=note
    )
    store = open_store()
    ensure_charter(store)
    with store.session(write=True) as s:
        row = evidence.record(
            s,
            deployment=store.deployment(s),
            ledger=store.ledger,
            principal=acting_as("SEC"),
            analysis=computed,
            clock=SystemClock(),
            audience=audience,
        )
        rid = row.id
    out.print(
        f"analysis {rid}: {computed.payload.events} {kind} in {dataset}, "
        f"events digest {computed.payload.events_sha256[:16]}…"
    )


@app.command("list")
@errors_to_exit
def list_(fmt: FormatOpt = OutputFormat.table) -> None:
    """Analyses stored as evidence."""
    store = open_store()
    with store.session() as s:
        rows = [
            {
                "id": r.id,
                "kind": r.payload["event_kind"],
                "events": r.payload["events"],
                "dataset": r.payload["dataset"],
                "params": json.dumps(r.payload["params"]),
                "audience": r.audience,
                "logged": r.submitted_at.isoformat(),
            }
            for r in evidence.analyses(s, acting_as(None), store.deployment(s).current)
        ]
    emit(rows, ["id", "kind", "events", "dataset", "params", "audience", "logged"], fmt)


@app.command()
@errors_to_exit
def show(
    analysis_id: Annotated[int, typer.Argument()],
    fmt: FormatOpt = OutputFormat.table,
    limit: Annotated[int, typer.Option(help="Events to print.")] = 50,
) -> None:
    """An analysis's observations (their ids are what findings cite)."""
    store = open_store()
    with store.session() as s:
        rec = evidence.analysis(s, acting_as(None), store.deployment(s).current, analysis_id)
        rows = [
            {
                "observation": o.id,
                "subject_a": o.subject_a,
                "subject_b": o.subject_b or "",
                "start": o.start.isoformat(),
                "end": o.end.isoformat(),
                "lat": round(o.lat, 5),
                "lon": round(o.lon, 5),
                "confidence": o.confidence,
            }
            for o in evidence.observations(s, rec, limit=limit)
        ]
    emit(
        rows,
        ["observation", "subject_a", "subject_b", "start", "end", "lat", "lon", "confidence"],
        fmt,
    )
