"""``cosec tracks encounters FILE.csv`` end to end, process start included, against DuckDB
reading and sorting the same CSV, on the standard busy day of ``bench/tracks`` (20,000
vessels in the South China Sea reporting every 10 minutes for 24 h, with planted events).

Run from the repository root::

    .venv/bin/python -m bench.cli.encounters              # writes the tracks-encounters-cli section
    .venv/bin/python -m bench.cli.encounters --quick --no-write   # 2,000 vessels, 3 runs

The day is generated once by :func:`bench.tracks.scenario.day` (Parquet, cached under
``bench/out/tracks/``) and written once more as CSV beside it (ISO 8601 times to the second,
as AIS exports have them). DuckDB runs as a process of its own too (``python -c``: import
DuckDB, ``read_csv`` ``ORDER BY mmsi, timestamp`` into an Arrow table, as the floor of the
``tracks`` section); its time inside the process is reported as well. With ``--before REV``
the command line of that commit's ``src`` tree is timed on the same file.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from bench.cli.startup import CLI, COSEC, LAZY_BEFORE, PYTHON
from bench.cli.timing import Timed, before, hyperfine_version, run, short_rev
from bench.evaluation.docs import ROOT, code, load, machine, write_section
from bench.tracks import scenario

SECTION = "tracks-encounters-cli"
TARGET = 3.0
DUCKDB = """
import sys, time, duckdb
t0 = time.perf_counter()
table = duckdb.connect().sql(
    "SELECT * FROM read_csv(?) ORDER BY mmsi, timestamp", params=[sys.argv[1]]
).to_arrow_table()
print(f"{time.perf_counter() - t0:.6f} {table.num_rows}")
"""


def busy_day(vessels: int) -> Path:
    """The scenario's positions as CSV (written once, beside the cached Parquet)."""
    parquet, _ = scenario.day(vessels=vessels)
    path = parquet.with_suffix(".csv")
    if not path.exists():
        table = pq.read_table(parquet)
        secs = table.column("timestamp").cast(pa.int64()).to_numpy() // 1000
        iso = np.datetime_as_string(secs.astype("datetime64[s]"), unit="s").astype(object) + "Z"
        table = table.set_column(
            table.schema.get_field_index("timestamp"), "timestamp", pa.array(iso, pa.string())
        )
        tmp = path.with_suffix(".tmp")
        pacsv.write_csv(table, tmp, pacsv.WriteOptions(quoting_style="none"))
        tmp.rename(path)
    return path


def duckdb_inside(path: Path, runs: int) -> list[float]:
    """DuckDB's own read + sort time, measured inside its process."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [PYTHON, "-c", DUCKDB, str(path)], capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout.split()[0]))
    return times


def profile_cli(path: Path, out: Path) -> list[tuple[str, float]]:
    """cProfile of the whole command in this process: cumulative seconds of its stages."""
    from cosec.cli.main import app

    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    try:
        app(["tracks", "encounters", str(path), "--out", str(out)], standalone_mode=False)
    finally:
        prof.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    rows = stats.stats  # type: ignore[attr-defined]
    wanted = {
        "load_tracks": "read, validate and sort the CSV (`load_tracks`)",
        "find_hits": "detect (`find_hits`)",
        "write_events": "write the result (`write_events`)",
    }
    found: dict[str, float] = {}
    for (_file, _line, func), (_cc, _nc, _tt, ct, _callers) in rows.items():
        if func in wanted:
            found[wanted[func]] = max(found.get(wanted[func], 0.0), ct)
    return [("whole command in this process (imports done before)", wall), *found.items()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--vessels", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 vessels, 3 runs")
    parser.add_argument("--before", default=LAZY_BEFORE, help="also time this commit ('' skips)")
    parser.add_argument("--no-hyperfine", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.warmup, args.vessels = 3, 1, 2_000
    started = time.monotonic()
    path = busy_day(args.vessels)
    rows = pq.ParquetFile(path.with_suffix(".parquet")).metadata.num_rows
    with tempfile.TemporaryDirectory(prefix="cosec-bench-") as tmp:
        out = Path(tmp) / "encounters.csv"
        commands: list[tuple[str, list[str]]] = [
            ("duckdb", [PYTHON, "-c", DUCKDB, str(path)]),
            ("cosec", [COSEC, "tracks", "encounters", str(path), "--out", str(out)]),
        ]
        old = before(args.before, ROOT, Path(tmp) / "before") if args.before else None
        if old is not None:
            commands.append(
                (
                    "before",
                    [
                        "env",
                        f"PYTHONPATH={old}",
                        PYTHON,
                        "-c",
                        CLI,
                        "tracks",
                        "encounters",
                        str(path),
                        "--out",
                        str(Path(tmp) / "before.csv"),
                    ],
                )
            )
        timed = {
            t.label: t
            for t in run(
                commands, runs=args.runs, warmup=args.warmup, use_hyperfine=not args.no_hyperfine
            )
        }
        episodes = sum(1 for _ in out.open()) - 1
        inside = duckdb_inside(path, max(3, args.runs // 2))
        stages = profile_cli(path, Path(tmp) / "profiled.csv")
    for t in timed.values():
        print(f"{t.label}: median {t.median:.2f} s", flush=True)
    given = list(sys.argv[1:] if argv is None else argv)
    command = shlex.join(["python", "-m", "bench.cli.encounters", *given])
    section = report(
        timed,
        inside,
        stages,
        args,
        path,
        rows,
        episodes,
        command,
        (time.monotonic() - started) / 60,
    )
    print(section)
    if not args.no_write:
        write_section(SECTION, section)
        print("written to docs/performance.md")


def report(
    timed: dict[str, Timed],
    inside: list[float],
    stages: list[tuple[str, float]],
    args: argparse.Namespace,
    path: Path,
    rows: int,
    episodes: int,
    command: str,
    minutes: float,
) -> str:
    duck, cosec = timed["duckdb"], timed["cosec"]
    ratio = cosec.median / duck.median
    how = (
        f"{hyperfine_version()} (`--shell=none`, {args.warmup} warm-up runs, {args.runs} runs each)"
        if not args.no_hyperfine and hyperfine_version()
        else f"repeated subprocess runs, interleaved ({args.warmup} warm-up, {args.runs} timed)"
    )
    inside_med = float(np.median(inside))
    size = path.stat().st_size / 2**20
    out = [
        "## Command line: `cosec tracks encounters` on a CSV file",
        "",
        f"Measured {datetime.now(UTC).date().isoformat()}, {code()}, with `.venv/bin/{command}` "
        f"(from the repository root) on {machine()}; load average {load()} at the end. "
        f"Timed with {how}; each command is a whole process, from its start to its exit.",
        "",
        f"The input is the standard busy day of the `tracks` section ({args.vessels:,} vessels, "
        f"24 h, every 10 minutes, planted events): {rows:,} positions in one CSV file of "
        f"{size:,.0f} MiB (`{path.relative_to(ROOT)}`). cosec finds {episodes:,} encounter "
        "episodes within 500 m (the default) and writes them to a CSV file.",
        "",
        "| command | median | min–max | against DuckDB |",
        "|---|---:|---:|---:|",
        f"| DuckDB: `python -c` importing DuckDB, `read_csv` ... `ORDER BY mmsi, timestamp` into "
        f"Arrow | {duck.median:.2f} s | {duck.low:.2f}–{duck.high:.2f} s | 1.00× |",
        f"| `cosec tracks encounters FILE.csv --out OUT.csv` | {cosec.median:.2f} s | "
        f"{cosec.low:.2f}–{cosec.high:.2f} s | {ratio:.2f}× |",
    ]
    if "before" in timed:
        b = timed["before"]
        out.append(
            f"| the same, at commit {short_rev(args.before, ROOT)} (before the lazy command line) "
            f"| {b.median:.2f} s | {b.low:.2f}–{b.high:.2f} s | {b.median / duck.median:.2f}× |"
        )
    verdict = "**met**" if ratio <= TARGET else "**missed**"
    out += [
        "",
        f"Target: within {TARGET:g}× of DuckDB: {verdict} ({ratio:.2f}×). DuckDB's read and sort "
        f"alone, timed inside its process, take {inside_med:.2f} s (median of {len(inside)}); "
        f"the rest of its {duck.median:.2f} s is the interpreter and the imports.",
        "",
        "Where cosec's time goes, from cProfile of the command run in the benchmark's own "
        "process (imports already done, so this is the work after start-up; cProfile adds its "
        "own overhead): "
        + "; ".join(f"{label} {secs:.2f} s" for label, secs in stages)
        + f". The process start and imports are the rest of the {cosec.median:.2f} s.",
        "",
        f"Reproduce (this run took {minutes:.1f} minutes, the CSV written once first):",
        "",
        "```",
        f".venv/bin/{command}    # these figures; rewrites this section",
        ".venv/bin/python -m bench.cli.encounters --quick --no-write",
        "```",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    main()
