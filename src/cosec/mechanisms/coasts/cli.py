"""`cosec coasts ...`: presence episodes of a positions file, the analyses of a dataset, and
the episodes and yearly presence stored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cosec.kit import InvalidInput, Severity
from cosec.mechanisms.coasts import OBLIGATIONS, service
from cosec.mechanisms.coasts import assess as assessing
from cosec.plugin.cli import (
    FormatOpt,
    OutputFormat,
    acting_as,
    charter_of,
    emit,
    ensure_charter,
    err,
    errors_to_exit,
    fail_on,
    open_store,
    out,
    when,
)
from cosec.plugin.store import SystemClock

app = typer.Typer(
    help="Exercises and reconnaissance along other members' coasts.", no_args_is_help=True
)

TABLE_COLUMNS = ["member", "coastal_state", "mmsi", "start", "duration_h", "min_distance_nm"]


@app.command()
@errors_to_exit
def assess(
    positions: Annotated[
        list[Path],
        typer.Argument(help="Positions: CSV, Parquet or NMEA files, or an imported dataset."),
    ],
    vessels: Annotated[
        Path, typer.Option("--vessels", help="CSV of state units: mmsi,member,kind,name.")
    ],
    charter: Annotated[str, typer.Option("--charter", help="Profile id or charter TOML path.")] = (
        "eas-2026"
    ),
    fmt: FormatOpt = OutputFormat.table,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge as of this day (YYYY-MM-DD).")
    ] = None,
    fail: Annotated[
        Severity | None,
        typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe."),
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="Judge the good rows of a file with bad ones."),
    ] = False,
    threads: Annotated[int | None, typer.Option(help="Threads (default: all cores).")] = None,
) -> None:
    """Presence episodes of state vessels and aircraft within the charter's distance of other
    members' coasts, from positions and a vessels file, with no database."""
    from cosec.mechanisms.coasts.measure import load_positions, presence_episodes

    c = charter_of(charter)
    regime = assessing.regime_of(c)
    at = when(as_of)
    units = assessing.read_vessels(vessels, c)
    tracks = load_positions(positions, skip_bad_rows=skip_bad_rows)
    coasts = list(c.regime_members("coasts") or c.member_codes)
    episodes = presence_episodes(tracks, units, coasts, regime, threads=threads)
    findings = assessing.judge(episodes, charter=c, obligations=OBLIGATIONS, as_of=at)
    rows = assessing.episode_rows(episodes)
    title = f"{len(rows)} presence episodes within {regime.distance_nm:g} nm ({c.id})"
    emit(
        rows,
        TABLE_COLUMNS if fmt is OutputFormat.table else assessing.EPISODE_COLUMNS,
        fmt,
        title=title,
    )
    grew = [f for f in findings if f.flag == "presence_grew"]
    for f in grew:
        err.print(f.summary, highlight=False)
    fail_on(findings, fail)


@app.command()
@errors_to_exit
def analyse(
    dataset: Annotated[str, typer.Argument(help="Dataset name in COSEC_DATA_DIR.")],
    coast: Annotated[
        list[str] | None,
        typer.Option(help="A member's coast (repeat); default: every member of the regime."),
    ] = None,
    audience: Annotated[
        str,
        typer.Option(
            help="Who may read the analyses, and so the findings resting on them: regime "
            "(default), public or secretariat."
        ),
    ] = "regime",
) -> None:
    """Find presence in a dataset: one near-coast analysis per member coast at the charter's
    distance and gap, signed, logged and stored as the secretariat."""
    from cosec.plugin.tracks import analyze, data_dir, record_analysis

    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        deployment = store.deployment(s)
        regime = service.regime_of(deployment)
        members = deployment.current.regime_members("coasts") or deployment.current.member_codes
    wanted = [c.upper() for c in coast] if coast else list(members)
    unknown = [c for c in wanted if c not in members]
    if unknown:
        raise InvalidInput.field("--coast", f"{unknown[0]} is not a member of the coasts regime")
    done = []
    for code in wanted:
        params = {
            "states": [code],
            "within_m": regime.distance_m,
            "max_gap_s": regime.split_gap_s,
        }
        computed = analyze(data_dir(), dataset, "near-coast", params, note=f"presence: {code}")
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
            done.append((row.id, code, computed.payload.events))
    for rid, code, events in done:
        out.print(f"analysis {rid}: {events} stays within {regime.distance_nm:g} nm of {code}")
    out.print("run `cosec evaluate` (or let the server catch up) to judge them")


@app.command()
@errors_to_exit
def episodes(
    member: Annotated[str | None, typer.Option(help="Only this member's units.")] = None,
    coast: Annotated[str | None, typer.Option(help="Only along this member's coast.")] = None,
    year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Presence episodes found in the stored evidence (their findings)."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        items = service.list_episodes(
            s,
            deployment=store.deployment(s),
            principal=acting_as(as_),
            member=member,
            coast=coast,
            year=year,
        )
        rows = [e.as_row() | {"finding": e.finding_id, "state": e.state} for e in items]
    emit(rows, [*TABLE_COLUMNS, "finding", "state"], fmt)


@app.command()
@errors_to_exit
def presence(
    year: Annotated[int, typer.Option(help="The year, compared with the one before.")],
    as_: Annotated[str | None, typer.Option("--as", help="Read as this member.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Each member's count and hours along each other member's coasts, this year and last."""
    store = open_store()
    ensure_charter(store)
    with store.session() as s:
        pairs = service.pairs(
            s, deployment=store.deployment(s), principal=acting_as(as_), year=year
        )
        rows = [p.as_row() for p in pairs]
    emit(
        rows,
        ["member", "coastal_state", "count", "hours", "count_before", "hours_before", "grew"],
        fmt,
    )
