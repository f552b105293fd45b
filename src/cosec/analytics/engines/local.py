"""The local engine: this process, all cores.

Tracks in memory are analysed as one partition, with the candidate search split over
threads (the kernels release the GIL). A dataset can also be walked partition by
partition (``partition_hours``), the same plan the Dask engine uses, so that inputs
larger than memory work and so that the two engines can be compared on equal terms.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from cosec.analytics.engines.plan import Partition, plan_partitions
from cosec.analytics.events.base import EVERYTHING, Partial
from cosec.analytics.events.registry import DETECTORS
from cosec.analytics.io.dataset import read_manifest
from cosec.analytics.io.load import read_dataset
from cosec.analytics.params import Params
from cosec.analytics.tracks import Tracks

Progress = Callable[[int, int], None]
"""Called with (done, total) as partitions finish."""


def default_threads() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_partition(
    dataset: str, partition: Partition, kind: str, params: Params, threads: int = 1
) -> Partial:
    """Read one partition of a dataset and run the map of ``kind`` on it (a Dask task)."""
    detector = DETECTORS[kind]
    tracks = read_dataset(
        Path(dataset),
        start=partition.read_start,
        end=partition.read_end,
        lon_bands=partition.lon_bands,
    )
    return detector.map(tracks, params, partition.window, threads)


@dataclass(frozen=True)
class LocalEngine:
    """Run detectors in this process with ``threads`` threads (all cores by default)."""

    threads: int | None = None
    partition_hours: float | None = None
    """When set, a dataset is analysed partition by partition (bounded memory)."""
    lon_partitions: bool = False

    @property
    def name(self) -> str:
        """How results describe this engine."""
        return f"local({self.n_threads} threads)"

    @property
    def n_threads(self) -> int:
        """Threads used."""
        return self.threads or default_threads()

    def run_tracks(
        self, tracks: Tracks, kind: str, params: Params, progress: Progress | None = None
    ) -> pa.Table:
        """Detect events in tracks held in memory."""
        detector = DETECTORS[kind]
        part = detector.map(tracks, params, EVERYTHING, self.n_threads)
        if progress is not None:
            progress(1, 1)
        return detector.reduce([part], params)

    def run_dataset(
        self, dataset: Path, kind: str, params: Params, progress: Progress | None = None
    ) -> pa.Table:
        """Detect events in a dataset: whole, or partition by partition."""
        detector = DETECTORS[kind]
        if self.partition_hours is None:
            return self.run_tracks(read_dataset(dataset), kind, params, progress)
        plan = plan_partitions(
            read_manifest(dataset),
            detector,
            params,
            partition_hours=self.partition_hours,
            lon_partitions=self.lon_partitions,
        )
        parts = []
        for done, partition in enumerate(plan, start=1):
            parts.append(run_partition(str(dataset), partition, kind, params, self.n_threads))
            if progress is not None:
                progress(done, len(plan))
        return detector.reduce(parts, params)
