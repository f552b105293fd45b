"""How long ``cosec --help`` takes, process start included, against the floor of any Typer
command line: ``python -c "import typer, rich"``.

Run from the repository root::

    .venv/bin/python -m bench.cli.startup              # writes the cli-startup section
    .venv/bin/python -m bench.cli.startup --quick --no-write

Timed with hyperfine (Debian package ``hyperfine``) when it is installed, else with repeated
``subprocess`` runs; medians. With ``--before REV`` (default: the commit before the command
line became lazy) the same ``cosec --help`` of that commit's ``src`` tree is timed too, run
with the same interpreter and packages.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.cli.timing import (
    Imports,
    Timed,
    before,
    hyperfine_version,
    imports_by_package,
    run,
    short_rev,
)
from bench.evaluation.docs import ROOT, code, load, machine, write_section

SECTION = "cli-startup"
TARGET = 2.0
LAZY_BEFORE = "545833c"
"""The last commit whose ``cosec`` imported every command at start (4bf5cea made it lazy)."""
PYTHON = str(Path(sys.executable))
COSEC = str(Path(sys.executable).with_name("cosec"))
CLI = "import sys; from cosec.cli.main import app; sys.exit(app())"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5 runs, 1 warm-up")
    parser.add_argument("--before", default=LAZY_BEFORE, help="also time this commit ('' skips)")
    parser.add_argument("--no-hyperfine", action="store_true", help="time with subprocess runs")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.warmup = 5, 1
    started = time.monotonic()
    commands: list[tuple[str, list[str]]] = [
        ("floor", [PYTHON, "-c", "import typer, rich"]),
        ("help", [COSEC, "--help"]),
        ("version", [COSEC, "version"]),
        ("python", [PYTHON, "-c", "pass"]),
        ("main", [PYTHON, "-c", "import cosec.cli.main"]),
        ("registry", [PYTHON, "-c", "from cosec.registry import mechanisms; mechanisms()"]),
    ]
    with tempfile.TemporaryDirectory(prefix="cosec-bench-") as tmp:
        old = before(args.before, ROOT, Path(tmp)) if args.before else None
        if old is not None:
            commands.append(("before", ["env", f"PYTHONPATH={old}", PYTHON, "-c", CLI, "--help"]))
        results = {
            t.label: t
            for t in run(
                commands, runs=args.runs, warmup=args.warmup, use_hyperfine=not args.no_hyperfine
            )
        }
    for t in results.values():
        print(f"{t.label}: median {t.median * 1e3:.0f} ms ({t.command})", flush=True)
    imports = {
        "help": imports_by_package([COSEC, "--help"], runs=5),
        "floor": imports_by_package([PYTHON, "-c", "import typer, rich"], runs=5),
    }
    given = [a for a in (sys.argv[1:] if argv is None else argv)]
    command = shlex.join(["python", "-m", "bench.cli.startup", *given])
    section = report(results, imports, args, command, (time.monotonic() - started) / 60)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)
        print(f"written to {Path('docs/performance.md')}")


def how_timed(args: argparse.Namespace) -> str:
    """What timed the commands, for the section."""
    if not args.no_hyperfine and hyperfine_version():
        return (
            f"{hyperfine_version()} (`--shell=none`, {args.warmup} warm-up runs, then "
            f"{args.runs} runs of each command in rounds of 2, the commands taking turns)"
        )
    return (
        f"repeated subprocess runs ({args.warmup} warm-up, then {args.runs} runs of each "
        "command, the commands taking turns)"
    )


def report(
    results: dict[str, Timed],
    imports: dict[str, Imports],
    args: argparse.Namespace,
    command: str,
    minutes: float,
) -> str:
    floor, help_ = results["floor"], results["help"]
    ratio = help_.median / floor.median
    rows = [
        ("`python -c pass` (the interpreter alone)", results["python"]),
        ('`python -c "import typer, rich"` (the floor)', floor),
        ("`cosec --help`", help_),
        ("`cosec version`", results["version"]),
        ('`python -c "import cosec.cli.main"` (the command line\'s module alone)', results["main"]),
        (
            '`python -c "from cosec.registry import mechanisms; mechanisms()"` (the installed '
            "mechanisms' registrations, with their records; `--help` does not import them)",
            results["registry"],
        ),
    ]
    if "before" in results:
        rows.append(
            (
                f"`cosec --help` at commit {short_rev(args.before, ROOT)} (every command imported)",
                results["before"],
            )
        )
    out = [
        "## Command line: start-up",
        "",
        f"Measured {datetime.now(UTC).date().isoformat()}, {code()}, with `.venv/bin/{command}` "
        f"(from the repository root) on {machine()}; load average {load()} at the end. "
        f"Timed with {how_timed(args)}; each command is a whole process, from its start to "
        "its exit.",
        "",
        "| command | median | min–max | against the floor |",
        "|---|---:|---:|---:|",
    ]
    for label, t in rows:
        out.append(
            f"| {label} | {t.median * 1e3:,.0f} ms | {t.low * 1e3:,.0f}–{t.high * 1e3:,.0f} ms "
            f"| {t.median / floor.median:.2f}× |"
        )
    verdict = "**met**" if ratio <= TARGET else "**missed**"
    out += [
        "",
        f"Target: `cosec --help` within {TARGET:g}× of the floor: {verdict} "
        f"({help_.median * 1e3:,.0f} ms against {floor.median * 1e3:,.0f} ms, {ratio:.2f}×). "
        "`cosec --help` lists every command, the mechanisms' too, from the help lines the "
        "command line names and, for each mechanism, from its `about` module (its title, "
        "command and Typer app, found through the `cosec.mechanisms.about` entry points: no "
        "record model, no Pydantic); a command's own module is imported only when it runs.",
    ]
    mine, theirs = imports["help"], imports["floor"]
    out += [
        "",
        f"Where `cosec --help`'s time goes, by `python -X importtime` (medians of 5): its imports "
        f"take {mine.total * 1e3:,.0f} ms (the floor's {theirs.total * 1e3:,.0f} ms). The "
        "packages' own shares: "
        + ", ".join(f"{p} {t * 1e3:,.0f} ms" for p, t in mine.packages[:8])
        + "; cosec's slowest modules: "
        + ", ".join(f"`{m}` {t * 1e3:,.1f} ms" for m, t in mine.of("cosec", 8))
        + ".",
    ]
    if "before" in results:
        b = results["before"]
        out.append(
            f"Before the command line was lazy, the same `--help` took {b.median * 1e3:,.0f} ms "
            f"({b.median / floor.median:.1f}× the floor; `src/` of commit "
            f"{short_rev(args.before, ROOT)}, run through `env PYTHONPATH=...` with the same "
            f"interpreter and packages): {b.median / help_.median:.1f}× slower than now."
        )
    out += [
        "",
        f"Reproduce (this run took {minutes:.1f} minutes):",
        "",
        "```",
        f".venv/bin/{command}    # these figures; rewrites this section",
        ".venv/bin/python -m bench.cli.startup --quick --no-write",
        "```",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    main()
