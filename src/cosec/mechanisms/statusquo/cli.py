"""`cosec statusquo ...`: assess a file, list and show features, submit records, and run
the approach analyses on a track dataset."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cosec.kit import Charter, InvalidInput
from cosec.mechanisms.statusquo import OBLIGATIONS, service
from cosec.mechanisms.statusquo import assess as assessing
from cosec.mechanisms.statusquo import records as r
from cosec.mechanisms.statusquo.registry import registry
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

app = typer.Typer(help="The status quo in disputed waters.", no_args_is_help=True)

KIND_NAMES = {
    "feature": r.KIND_FEATURE,
    "change": r.KIND_CHANGE,
    "observation": r.KIND_OBSERVATION,
    "public_good": r.KIND_GOOD,
    "join": r.KIND_JOIN,
}


def _assess(file: Path, charter: Charter, as_of: datetime) -> Assessed:
    rows = assessing.validate_rows(assessing.read_rows(file), charter)
    found, drafts = assessing.assess(rows, charter=charter, obligations=OBLIGATIONS, as_of=as_of)
    return Assessed(
        rows=found,
        columns=list(assessing.COLUMNS),
        table_columns=list(assessing.TABLE_COLUMNS),
        findings=drafts,
    )


add_assess(
    app,
    _assess,
    file_help="JSON array of rows (change, observation, feature, public_good, approach), or CSV.",
    summary="Judge a file of changes, observations and approaches against a charter, with no "
    "database.",
)


@app.command("list")
@errors_to_exit
def list_(
    as_: Annotated[
        str | None, typer.Option("--as", help="Read as this member (default: secretariat).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The feature registry: claimants, holder, baseline and latest known area."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        views = service.list_features(s, deployment=store.deployment(s), principal=acting_as(as_))
        rows = [
            {
                "id": v.info.id,
                "name": v.info.name,
                "occupant": v.info.occupant or "",
                "claimants": list(v.info.claimants),
                "baseline_ha": v.baseline.area_ha,
                "area_ha": v.current.area_ha,
                "open_findings": v.open_findings,
            }
            for v in views
        ]
    emit(
        rows,
        ["id", "name", "occupant", "claimants", "baseline_ha", "area_ha", "open_findings"],
        fmt,
    )


@app.command()
@errors_to_exit
def show(
    feature: Annotated[str, typer.Argument(help="Feature id (see `cosec statusquo list`).")],
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """A feature's timeline: its baseline, then each change and observation."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        v = service.get_feature(
            s, deployment=store.deployment(s), principal=acting_as(as_), feature_id=feature
        )
        rows = [
            {
                "on": p.on.isoformat(),
                "source": p.source,
                "record": p.record_id,
                "area_ha": p.area_ha,
                "facilities": p.facilities,
                "deployments": p.deployments,
                "label": p.label,
            }
            for p in v.timeline
        ]
        title = f"{v.info.name}, held by {v.info.occupant or 'nobody'}"
        findings = [f"#{f.row.id} {f.row.flag}: {f.row.summary}" for f in v.findings]
    emit(
        rows,
        ["on", "source", "record", "area_ha", "facilities", "deployments", "label"],
        fmt,
        title=title,
    )
    if fmt is OutputFormat.table:
        for line in findings:
            out.print(line, highlight=False)


def _payloads(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput.field("FILE", f"cannot read {path}: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput.field("FILE", f"not valid JSON: {exc}") from exc
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise InvalidInput.field("FILE", "must hold a JSON object or a non-empty array of them")
    return items


@app.command()
@errors_to_exit
def submit(
    file: Annotated[Path, typer.Argument(help="A JSON payload, or an array of them.")],
    kind: Annotated[str, typer.Option(help="feature, change, observation, public_good or join.")],
    as_: Annotated[str, typer.Option("--as", help="Member code submitting (or SEC).")],
    audience: Annotated[
        str | None, typer.Option(help="public, regime, parties or secretariat.")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(help="Private key to sign with (default: COSEC_KEYS_DIR/<MEMBER>.key)."),
    ] = None,
) -> None:
    """Sign and submit status-quo records from a JSON file: all checked first, one bad item
    writes nothing."""
    if kind not in KIND_NAMES:
        raise InvalidInput.field("--kind", f"must be one of {', '.join(KIND_NAMES)}")
    principal = acting_as(as_)
    signer = signing_key(principal.submitter or "", key)
    items = [Item(kind=KIND_NAMES[kind], payload=p, audience=audience) for p in _payloads(file)]
    store = open_store()
    ensure_charter(store)
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
        done = [(row.id, row.kind) for row in rows]
    for rid, k in done:
        out.print(f"submitted {k} {rid}")


@app.command()
@errors_to_exit
def analyse(
    dataset: Annotated[str, typer.Argument(help="Dataset name in COSEC_DATA_DIR.")],
    feature: Annotated[
        list[str] | None,
        typer.Option(help="A feature id (repeat); default: every feature a member holds."),
    ] = None,
    audience: Annotated[
        str,
        typer.Option(
            help="Who may read the analyses, and so the findings resting on them: regime "
            "(default), public or secretariat."
        ),
    ] = "regime",
) -> None:
    """Find approaches to features in a dataset: one near-coast analysis per feature at the
    charter's approach distance, signed, logged and stored as the secretariat."""
    from cosec.plugin.tracks import analyze, data_dir, record_analysis

    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        deployment = store.deployment(s)
        regime = service.regime_of(deployment)
    held = registry(regime.registry)
    wanted = feature or [f.id for f in held.values() if f.occupant]
    unknown = [f for f in wanted if f not in held]
    if unknown:
        raise InvalidInput.field("--feature", f"{unknown[0]!r} is not in {regime.registry}")
    done = []
    for fid in wanted:
        params = {"features": [fid], "within_m": regime.approach_m}
        computed = analyze(data_dir(), dataset, "near-coast", params, note=f"approaches to {fid}")
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
            done.append((row.id, fid, computed.payload.events))
    for rid, fid, events in done:
        out.print(f"analysis {rid}: {events} passes within {regime.approach_nm:g} nm of {fid}")
    out.print("run `cosec evaluate` (or let the server catch up) to judge them")
