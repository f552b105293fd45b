"""Fixtures of the track tests: a synthetic scenario, its dataset, a Dask cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cosec.analytics.service import import_tracks
from cosec.analytics.synth import synthesize, write_scenario


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A one-day synthetic scenario (300 background vessels, planted events, garbage)."""
    out = tmp_path_factory.mktemp("scenario")
    return write_scenario(synthesize(vessels=300, hours=24, seed=7), out)


@pytest.fixture(scope="session")
def scenario_dataset(scenario: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario imported, in 2-degree longitude bands so that bands really split it."""
    out = tmp_path_factory.mktemp("dataset") / "ds"
    import_tracks([scenario["positions"]], out=out, lon_band_deg=2.0)
    return out


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """Two single-threaded worker processes, for the whole session."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
