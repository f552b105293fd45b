"""`cosec tracks ...`: import AIS/ADS-B tracks and find events in them.

Thin: parse the options, call :mod:`cosec.analytics.service`, write the table, print a
summary. A progress bar shows on a terminal and stays away when output is piped.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cosec.cli.output import err, errors_to_exit, out
from cosec.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    help="Import ship and aircraft tracks and find events in them.", no_args_is_help=True
)

NM = 1852.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def duration_s(text: str, *, name: str) -> float:
    """Seconds from ``3600``, ``3600s``, ``60m``, ``2h`` or ``1d``."""
    match = _DURATION.match(text)
    if match is None:
        raise InvalidInput.field(name, "must be a duration such as 3600, 90m, 2h or 1d")
    return float(match.group(1)) * _UNIT[match.group(2)]


class EngineName(StrEnum):
    """Where detection runs."""

    local = "local"
    dask = "dask"


class SynthFormat(StrEnum):
    """File format of a synthetic scenario's positions."""

    csv = "csv"
    parquet = "parquet"


InputArg = Annotated[
    list[Path],
    typer.Argument(help="An imported dataset directory, or CSV, Parquet or NMEA files."),
]
OutOpt = Annotated[
    Path, typer.Option("--out", "-o", help="Result file: .csv, .parquet or .geojson.")
]
EngineOpt = Annotated[EngineName, typer.Option("--engine", help="local (all cores here) or dask.")]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="Dask scheduler address (default: start a local cluster)."),
]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", help="Workers of a local Dask cluster (default: cores).")
]
ThreadsOpt = Annotated[
    int | None, typer.Option("--threads", help="Threads of the local engine (default: cores).")
]
PartitionOpt = Annotated[
    float | None,
    typer.Option(
        "--partition-hours",
        help="Time partitions of a dataset, hours (Dask default 6; local default: whole).",
    ),
]
MaxGapOpt = Annotated[
    str,
    typer.Option(
        "--max-gap", help="Never interpolate across a longer reporting gap (s, or 90m, 2h)."
    ),
]
MaxSpeedOpt = Annotated[
    float | None,
    typer.Option(
        "--max-speed",
        help="Files only: knots above which a move splits the track (50 ships, 1000 aircraft).",
    ),
]
TimeFormatOpt = Annotated[
    str | None,
    typer.Option("--time-format", help="Files only: strptime format of non-ISO timestamps."),
]


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal; nothing when the output or the errors are piped."""
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _engine(
    engine: EngineName,
    scheduler: str | None,
    workers: int | None,
    threads: int | None,
    partition_hours: float | None,
) -> Any:
    if engine is EngineName.dask:
        from cosec.analytics.engines.dask import DEFAULT_PARTITION_HOURS, DaskEngine

        return DaskEngine(
            scheduler=scheduler,
            workers=workers,
            partition_hours=partition_hours or DEFAULT_PARTITION_HOURS,
        )
    if scheduler is not None:
        raise InvalidInput.field("scheduler", "needs --engine dask")
    from cosec.analytics.engines.local import LocalEngine

    return LocalEngine(threads=threads, partition_hours=partition_hours)


def _detect(
    kind: str,
    inputs: list[Path],
    params: dict[str, Any],
    out_path: Path,
    engine: Any,
    max_speed: float | None,
    time_format: str | None,
) -> None:
    from cosec.analytics.io.events import event_format, write_events
    from cosec.analytics.service import run_analysis, summary

    event_format(out_path)
    with _progress(f"{kind}") as progress:
        table = run_analysis(
            inputs,
            kind,
            params,
            engine=engine,
            max_speed_kn=max_speed,
            time_format=time_format,
            progress=progress,
        )
    write_events(table, out_path)
    info = summary(table)
    conf = info.get("median_confidence")
    extra = f", median confidence {conf:.2f}" if conf is not None else ""
    out.print(f"{info['events']} {kind} events written to {out_path}{extra}", highlight=False)
    if "imported" in info:
        # Files analysed directly: say what their import left out, as `import` does.
        _print_counts(info["imported"], err)
        if info["imported"]["rows_rejected"]:
            err.print(
                "(`cosec tracks import` keeps each rejected row with its reason)", highlight=False
            )


def _print_counts(counts: dict[str, Any], console: Console, *, out_dir: Path | None = None) -> None:
    """Rows read, rejected by reason, removed and split; where their lists are, if written."""
    rejects = f" (see {out_dir / '_rejects.csv'})" if out_dir is not None else ""
    jumps = f" (see {out_dir / '_jumps.csv'})" if out_dir is not None else ""
    console.print(
        f"read {counts['rows_read']} rows: {counts['rows_rejected']} rejected{rejects}, "
        f"{counts['duplicates_removed']} exact duplicates removed, "
        f"{counts['track_splits']} impossible jumps split tracks{jumps}",
        highlight=False,
    )
    for reason, count in counts["rejects_by_reason"].items():
        console.print(f"  {reason}: {count}", highlight=False)
    ignored = counts["ignored_messages_by_type"]
    if ignored:
        listing = ", ".join(f"type {k}: {v}" for k, v in ignored.items())
        console.print(
            f"NMEA messages without a position (not rejected): {listing}", highlight=False
        )


@app.command("import")
@errors_to_exit
def import_(
    files: Annotated[list[Path], typer.Argument(help="CSV, Parquet or NMEA files (AIS or ADS-B).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Dataset directory to write.")],
    max_speed: MaxSpeedOpt = None,
    time_format: TimeFormatOpt = None,
    lon_band_deg: Annotated[
        float, typer.Option("--lon-band-deg", help="Width of the longitude partitions, degrees.")
    ] = 15.0,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing dataset.")
    ] = False,
) -> None:
    """Import position files into a partitioned Parquet dataset, with a rejects file."""
    from cosec.analytics.service import import_tracks

    with _progress("import") as progress:
        manifest = import_tracks(
            files,
            out=out_dir,
            max_speed_kn=max_speed,
            time_format=time_format,
            lon_band_deg=lon_band_deg,
            overwrite=overwrite,
        )
        if progress is not None:
            progress(1, 1)
    out.print(
        f"{manifest['positions']} positions of {manifest['vessels']} "
        f"{'vessels' if manifest['kind'] == 'ais' else 'aircraft'} imported to {out_dir}",
        highlight=False,
    )
    _print_counts(manifest, out, out_dir=out_dir)


@app.command()
@errors_to_exit
def encounters(
    inputs: InputArg,
    out_path: OutOpt,
    max_distance: Annotated[
        float, typer.Option("--max-distance", help="Report passes closer than this, metres.")
    ] = 500.0,
    max_gap: MaxGapOpt = "3600",
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    threads: ThreadsOpt = None,
    partition_hours: PartitionOpt = None,
    max_speed: MaxSpeedOpt = None,
    time_format: TimeFormatOpt = None,
) -> None:
    """Close encounters: continuous CPA between interpolated tracks, one row per episode."""
    params = {"max_distance_m": max_distance, "max_gap_s": duration_s(max_gap, name="max_gap")}
    eng = _engine(engine, scheduler, workers, threads, partition_hours)
    _detect("encounters", inputs, params, out_path, eng, max_speed, time_format)


@app.command()
@errors_to_exit
def rendezvous(
    inputs: InputArg,
    out_path: OutOpt,
    max_distance: Annotated[
        float, typer.Option("--max-distance", help="Vessels within this, metres.")
    ] = 500.0,
    min_duration: Annotated[
        str, typer.Option("--min-duration", help="For at least this long (2h).")
    ] = "2h",
    max_median_speed: Annotated[
        float, typer.Option("--max-median-speed", help="Median speed below this, knots.")
    ] = 2.0,
    join_gap: Annotated[
        str, typer.Option("--join-gap", help="Merge episodes less than this apart (4h).")
    ] = "4h",
    min_anchorage_distance: Annotated[
        float,
        typer.Option("--min-anchorage-distance", help="At least this far from an anchorage, m."),
    ] = 10_000.0,
    anchorages: Annotated[
        Path | None,
        typer.Option(
            "--anchorages",
            help="CSV with lat,lon of anchorages (default: derived from stopped vessels).",
        ),
    ] = None,
    max_gap: MaxGapOpt = "3600",
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    threads: ThreadsOpt = None,
    partition_hours: PartitionOpt = None,
    max_speed: MaxSpeedOpt = None,
    time_format: TimeFormatOpt = None,
) -> None:
    """Rendezvous (ship-to-ship transfers), Global Fishing Watch's definition."""
    params: dict[str, Any] = {
        "max_distance_m": max_distance,
        "min_duration_s": duration_s(min_duration, name="min_duration"),
        "max_median_speed_kn": max_median_speed,
        "join_gap_s": duration_s(join_gap, name="join_gap"),
        "min_anchorage_distance_m": min_anchorage_distance,
        "max_gap_s": duration_s(max_gap, name="max_gap"),
    }
    if anchorages is not None:
        from cosec.analytics.io.tabular import read_points

        params["anchorages"] = read_points(anchorages)
    eng = _engine(engine, scheduler, workers, threads, partition_hours)
    _detect("rendezvous", inputs, params, out_path, eng, max_speed, time_format)


@app.command()
@errors_to_exit
def gaps(
    inputs: InputArg,
    out_path: OutOpt,
    min_gap: Annotated[str, typer.Option("--min-gap", help="No report for this long (6h).")] = "6h",
    switch_off_gap: Annotated[
        str, typer.Option("--switch-off-gap", help="Suspected switch-off from this long (12h).")
    ] = "12h",
    switch_off_min_shore_nm: Annotated[
        float,
        typer.Option("--switch-off-min-shore-nm", help="Starting farther from shore, nm."),
    ] = 50.0,
    min_reports_before: Annotated[
        int,
        typer.Option("--min-reports-before", help="Good reception: reports in the window before."),
    ] = 14,
    reception_window: Annotated[
        str, typer.Option("--reception-window", help="Window before a gap (12h).")
    ] = "12h",
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    threads: ThreadsOpt = None,
    partition_hours: PartitionOpt = None,
    max_speed: MaxSpeedOpt = None,
    time_format: TimeFormatOpt = None,
) -> None:
    """AIS gaps and suspected deliberate switch-offs."""
    params = {
        "min_gap_s": duration_s(min_gap, name="min_gap"),
        "switch_off_gap_s": duration_s(switch_off_gap, name="switch_off_gap"),
        "switch_off_min_shore_m": switch_off_min_shore_nm * NM,
        "reception_window_s": duration_s(reception_window, name="reception_window"),
        "min_reports_before": min_reports_before,
    }
    eng = _engine(engine, scheduler, workers, threads, partition_hours)
    _detect("gaps", inputs, params, out_path, eng, max_speed, time_format)


@app.command()
@errors_to_exit
def loitering(
    inputs: InputArg,
    out_path: OutOpt,
    max_speed_kn: Annotated[
        float, typer.Option("--max-speed-kn", help="Average speed below this, knots.")
    ] = 2.0,
    min_shore_nm: Annotated[
        float, typer.Option("--min-shore-nm", help="At least this far from shore, nm.")
    ] = 20.0,
    min_duration: Annotated[
        str, typer.Option("--min-duration", help="For at least this long (1h).")
    ] = "1h",
    max_gap: MaxGapOpt = "3600",
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    threads: ThreadsOpt = None,
    partition_hours: PartitionOpt = None,
    max_speed: MaxSpeedOpt = None,
    time_format: TimeFormatOpt = None,
) -> None:
    """Loitering: slow far from shore (Global Fishing Watch's definition)."""
    params = {
        "max_speed_kn": max_speed_kn,
        "min_shore_distance_m": min_shore_nm * NM,
        "min_duration_s": duration_s(min_duration, name="min_duration"),
        "max_gap_s": duration_s(max_gap, name="max_gap"),
    }
    eng = _engine(engine, scheduler, workers, threads, partition_hours)
    _detect("loitering", inputs, params, out_path, eng, max_speed, time_format)


@app.command("near-coast")
@errors_to_exit
def near_coast(
    inputs: InputArg,
    out_path: OutOpt,
    state: Annotated[
        list[str] | None,
        typer.Option("--state", help="ISO 3166-1 alpha-3 code (Natural Earth ADM0_A3)."),
    ] = None,
    feature: Annotated[
        list[str] | None,
        typer.Option("--feature", help="A listed feature, by id or name (see `features`)."),
    ] = None,
    within_nm: Annotated[
        float, typer.Option("--within-nm", help="Within this distance, nautical miles.")
    ] = 12.0,
    dependencies: Annotated[
        bool,
        typer.Option("--dependencies", help="Include the units the state is sovereign of."),
    ] = False,
    max_gap: MaxGapOpt = "3600",
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    threads: ThreadsOpt = None,
    partition_hours: PartitionOpt = None,
    max_speed: MaxSpeedOpt = None,
    time_format: TimeFormatOpt = None,
) -> None:
    """Time within N nautical miles of a state's coast or of listed features."""
    params = {
        "states": state or [],
        "features": feature or [],
        "within_m": within_nm * NM,
        "dependencies": dependencies,
        "max_gap_s": duration_s(max_gap, name="max_gap"),
    }
    eng = _engine(engine, scheduler, workers, threads, partition_hours)
    _detect("near-coast", inputs, params, out_path, eng, max_speed, time_format)


@app.command()
@errors_to_exit
def features() -> None:
    """List the disputed features of the shipped feature file."""
    from cosec.geo.features import load_features

    for f in load_features().values():
        where = f"{f.lat:.2f}\t{f.lon:.2f}\t(±{f.precision_deg}°, v{f.version})"
        out.print(f"{f.id}\t{f.name}\t{f.group}\t{where}", highlight=False)


@app.command()
@errors_to_exit
def synth(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory to write.")],
    vessels: Annotated[int, typer.Option("--vessels", help="Background vessels.")] = 200,
    hours: Annotated[float, typer.Option("--hours", help="Length of the scenario, hours.")] = 24.0,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    interval: Annotated[
        float | None,
        typer.Option("--interval", help="Fixed reporting interval of background vessels, s."),
    ] = None,
    planted: Annotated[
        int | None, typer.Option("--planted", help="Planted events of each kind.")
    ] = None,
    fmt: Annotated[SynthFormat, typer.Option("--format", help="csv or parquet.")] = SynthFormat.csv,
    garbage: Annotated[
        bool, typer.Option("--garbage/--no-garbage", help="Add duplicate and bad rows.")
    ] = True,
) -> None:
    """Write a synthetic AIS scenario with planted events and their ground truth."""
    from cosec.analytics.synth import synthesize, write_scenario

    scenario = synthesize(
        vessels=vessels,
        hours=hours,
        seed=seed,
        interval_s=interval,
        planted=planted,
        garbage=garbage,
    )
    paths = write_scenario(scenario, out_dir, fmt=fmt.value)
    out.print(
        f"{scenario.positions.num_rows} position rows and {scenario.truth.num_rows} planted "
        f"events written: {paths['positions']}, {paths['truth']}",
        highlight=False,
    )
