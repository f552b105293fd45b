"""The Dask engine: partitions of a dataset as tasks on a cluster.

Each task reads its partition (window plus halo) from the dataset and runs the
detector's map single-threaded; the client gathers the parts and runs the reduce. With
no scheduler address a ``LocalCluster`` is started with one single-threaded worker
process per core. Workers must see the dataset's path (a local cluster does; a remote
one needs shared storage).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from cosec.analytics.engines.local import Progress, default_threads, run_partition
from cosec.analytics.engines.plan import plan_partitions
from cosec.analytics.events.registry import DETECTORS
from cosec.analytics.io.dataset import read_manifest
from cosec.analytics.params import Params

DEFAULT_PARTITION_HOURS = 6.0


@dataclass(frozen=True)
class DaskEngine:
    """Run detectors on a Dask cluster: ``scheduler`` address, or a local cluster.

    ``client`` may be an existing ``distributed.Client`` (tests share one).
    """

    scheduler: str | None = None
    workers: int | None = None
    partition_hours: float = DEFAULT_PARTITION_HOURS
    lon_partitions: bool = True
    client: Any = None

    @property
    def name(self) -> str:
        """How results describe this engine."""
        return f"dask({self.scheduler or 'local cluster'})"

    @contextmanager
    def _client(self) -> Iterator[Any]:
        from distributed import Client, LocalCluster

        if self.client is not None:
            yield self.client
            return
        if self.scheduler is not None:
            with Client(self.scheduler) as client:  # type: ignore[no-untyped-call]
                yield client
            return
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.workers or default_threads(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            yield client

    def run_dataset(
        self, dataset: Path, kind: str, params: Params, progress: Progress | None = None
    ) -> pa.Table:
        """Detect events in a dataset, one task per partition."""
        from distributed import as_completed

        detector = DETECTORS[kind]
        plan = plan_partitions(
            read_manifest(dataset),
            detector,
            params,
            partition_hours=self.partition_hours,
            lon_partitions=self.lon_partitions,
        )
        with self._client() as client:
            futures = [
                client.submit(run_partition, str(dataset), p, kind, params, 1, pure=False)
                for p in plan
            ]
            index = {f.key: i for i, f in enumerate(futures)}
            parts: list[Any] = [None] * len(futures)
            finished = as_completed(futures)  # type: ignore[no-untyped-call]
            for done, future in enumerate(finished, start=1):
                parts[index[future.key]] = future.result()
                if progress is not None:
                    progress(done, len(futures))
        return detector.reduce(parts, params)
