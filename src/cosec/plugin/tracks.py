"""What a mechanism's measuring modules use of the track engine, the coasts and the features.

Tracks, coasts and the feature list are core (:mod:`cosec.analytics`, :mod:`cosec.geo`);
a mechanism reaches them here, never directly, so the core can change shape behind this
facade. Nothing here touches the store: :func:`analyze` runs an analysis on a dataset and
:func:`record_analysis` signs, logs and stores it (with its events as observations) in the
caller's transaction, as ``cosec evidence run`` does.

Pure modules of a mechanism (records, obligations, projection, assess...) do not import
this facade; a mechanism that needs a distance in its projection receives a function from
a module of its own that does (its ``measure`` module, say), so its rules stay pure.
"""

from __future__ import annotations

from pathlib import Path

from cosec.analytics.coasts import distance_to_coast_m
from cosec.analytics.engines.local import LocalEngine
from cosec.analytics.io.dataset import ImportReport, is_dataset
from cosec.analytics.service import load as load_tracks
from cosec.analytics.service import run_analysis
from cosec.analytics.tracks import Tracks
from cosec.evidence.service import Analysis, analyze, dataset_path, datasets
from cosec.evidence.service import record as record_analysis
from cosec.geo.coast import METRES_PER_NM, Coastlines, Unit, coastlines
from cosec.geo.features import Feature, load_features
from cosec.settings import get_settings

__all__ = [
    "METRES_PER_NM",
    "Analysis",
    "Coastlines",
    "Feature",
    "ImportReport",
    "LocalEngine",
    "Tracks",
    "Unit",
    "analyze",
    "coast_codes",
    "coastlines",
    "data_dir",
    "dataset_path",
    "datasets",
    "distance_to_coast_m",
    "is_dataset",
    "load_features",
    "load_tracks",
    "record_analysis",
    "run_analysis",
]


def data_dir() -> Path:
    """Where the server keeps imported track datasets (``COSEC_DATA_DIR``)."""
    return get_settings().data_dir


def coast_codes() -> frozenset[str]:
    """Every Natural Earth ``ADM0_A3`` code that has a coast or a boundary in the data."""
    return frozenset(u.a3 for u in coastlines().units)
