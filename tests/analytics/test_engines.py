"""The Dask engine and the partitioned local engine give the local engine's results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from cosec.analytics.engines.dask import DaskEngine
from cosec.analytics.engines.local import LocalEngine
from cosec.analytics.engines.plan import plan_partitions
from cosec.analytics.events.registry import DETECTORS
from cosec.analytics.io.dataset import read_manifest
from cosec.analytics.params import params_for
from cosec.analytics.service import run_analysis

KINDS: dict[str, dict[str, Any]] = {
    "encounters": {"max_distance_m": 1000.0},
    "rendezvous": {},
    "gaps": {"min_gap_s": 3 * 3600.0},
    "loitering": {},
    "near-coast": {"features": ["scarborough-shoal", "thitu"], "within_m": 60 * 1852.0},
}


def assert_same(a: pa.Table, b: pa.Table) -> None:
    """Same rows (in any order), exact except floats summed in another order (1e-9)."""
    assert a.column_names == b.column_names
    assert a.num_rows == b.num_rows
    keys = [(n, "ascending") for n in a.column_names if n in ("id_a", "id_b", "id", "start")]
    a, b = a.sort_by(keys), b.sort_by(keys)
    for name in a.column_names:
        x, y = a.column(name), b.column(name)
        if pa.types.is_floating(x.type):
            np.testing.assert_allclose(x.to_numpy(), y.to_numpy(), rtol=1e-9, atol=1e-6)
        else:
            assert x.to_pylist() == y.to_pylist(), name


@pytest.mark.parametrize("kind", list(KINDS))
def test_dask_equals_local(kind: str, scenario_dataset: Path, dask_client: Any) -> None:
    params = KINDS[kind]
    local = run_analysis(scenario_dataset, kind, params, engine=LocalEngine())
    dask = run_analysis(
        scenario_dataset,
        kind,
        params,
        engine=DaskEngine(client=dask_client, partition_hours=5.0),
    )
    assert local.num_rows > 0
    assert_same(local, dask)


@pytest.mark.parametrize("kind", ["encounters", "gaps", "loitering"])
def test_local_partitions_equal_local_whole(kind: str, scenario_dataset: Path) -> None:
    params = KINDS[kind]
    whole = run_analysis(scenario_dataset, kind, params, engine=LocalEngine(threads=1))
    parts = run_analysis(
        scenario_dataset,
        kind,
        params,
        engine=LocalEngine(threads=2, partition_hours=1.5, lon_partitions=True),
    )
    assert_same(whole, parts)


def test_the_plan_splits_time_and_space_with_halos(scenario_dataset: Path) -> None:
    manifest = read_manifest(scenario_dataset)
    params = params_for("encounters", {})
    plan = plan_partitions(
        manifest, DETECTORS["encounters"], params, partition_hours=6.0, lon_partitions=True
    )
    windows = {(p.window.t0, p.window.t1) for p in plan}
    bands = {(p.window.lon0, p.window.lon1) for p in plan}
    assert len(windows) >= 4
    assert len(bands) >= 3
    inner = [p for p in plan if np.isfinite(p.window.t0) and np.isfinite(p.window.t1)]
    assert all(p.read_start == p.window.t0 - 3600 for p in inner)
    assert all(p.read_end == p.window.t1 + 3600 for p in inner)
    gaps = plan_partitions(
        manifest,
        DETECTORS["gaps"],
        params_for("gaps", {}),
        partition_hours=6.0,
        lon_partitions=True,
    )
    assert {(p.window.lon0, p.window.lon1) for p in gaps} == {(-180.0, 180.0)}
