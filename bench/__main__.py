"""Every benchmark, one after the other, each in its own interpreter and each rewriting its
section of ``docs/performance.md`` with what it measured.

Run from the repository root (the machine should be otherwise quiet)::

    .venv/bin/python -m bench                    # all (tracks alone takes ~30 min)
    .venv/bin/python -m bench ledger-appends     # some: ledger-core, ledger-appends, tracks,
                                                 # hotline,
                                                 # evaluation-scaling, cli-startup,
                                                 # tracks-encounters-cli, coasts, oversight
    .venv/bin/python -m bench cli-startup --quick --no-write   # options go to each one named
                                                 # (write an option's value as --opt=value)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

BENCHMARKS: dict[str, list[str]] = {
    "ledger-core": ["bench.ledger.proofs"],
    "ledger-appends": ["bench.ledger.appends"],
    "tracks": ["bench.tracks.run", "--write-docs"],
    "hotline": ["bench.hotline.run", "--write-docs"],
    "evaluation-scaling": ["bench.evaluation.run"],
    "cli-startup": ["bench.cli.startup"],
    "tracks-encounters-cli": ["bench.cli.encounters"],
    "coasts": ["bench.coasts.run"],
    "oversight": ["bench.oversight.run"],
    "arms": ["bench.arms.run"],
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Run cosec's benchmarks and write their figures."
    )
    parser.add_argument("names", nargs="*", help=f"some of {', '.join(BENCHMARKS)} (default: all)")
    known, extra = parser.parse_known_args(argv)  # options the benchmarks themselves take
    names = known.names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}: choose from {', '.join(BENCHMARKS)}")
    for name in names:
        module, *args = BENCHMARKS[name]
        args += extra
        print(f"== {name}: python -m {' '.join([module, *args])}", flush=True)
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", module, *args], check=True)
        print(f"== {name}: done in {(time.monotonic() - started) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
