"""The benchmark inputs: synthetic AIS days written once under bench/out/tracks/."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from cosec.analytics.io.events import text_times, write_csv
from cosec.analytics.synth import synthesize

OUT = Path(__file__).resolve().parents[1] / "out" / "tracks"
SCS = (3.0, 23.0, 105.0, 121.0)
"""South China Sea box (south, north, west, east): about 3.8 million km²."""


def day(
    vessels: int = 20_000,
    hours: float = 24.0,
    interval_s: float = 600.0,
    seed: int = 1,
    name: str | None = None,
    region: tuple[float, float, float, float] = SCS,
    planted: int | None = None,
) -> tuple[Path, Path]:
    """Positions (Parquet, no garbage) and truth of a scenario; cached by its parameters."""
    name = name or f"v{vessels}_h{hours:g}_i{interval_s:g}_s{seed}_p{planted}"
    OUT.mkdir(parents=True, exist_ok=True)
    positions = OUT / f"{name}.parquet"
    truth = OUT / f"{name}.truth.csv"
    if not positions.exists():
        sc = synthesize(
            vessels=vessels,
            hours=hours,
            seed=seed,
            interval_s=interval_s,
            garbage=False,
            region=region,
            planted=planted,
        )
        pq.write_table(sc.positions, positions)
        write_csv(text_times(sc.truth), truth)
    return positions, truth
