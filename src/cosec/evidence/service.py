"""Run analyses on imported track datasets and keep their events as observations.

The datasets live under ``COSEC_DATA_DIR`` on the server (imported there with
``cosec tracks import FILES --out $COSEC_DATA_DIR/NAME``, or uploaded through the API).
An analysis is signed by the secretariat and logged like any record; its events go in the
same transaction, with a digest in the record, so they cannot be changed afterwards
without the log showing it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from cosec.analytics import service as analytics
from cosec.analytics.io.dataset import MANIFEST, is_dataset, read_dataset_table, read_manifest
from cosec.analytics.io.events import text_times
from cosec.analytics.io.schema import ID_COLUMN
from cosec.charter.models import Charter
from cosec.clock import Clock
from cosec.deployment import Deployment
from cosec.errors import InvalidInput, NotFound
from cosec.kinds.evidence import KIND_ANALYSIS, AnalysisRecord
from cosec.logstore.context import Ledger
from cosec.pipeline.submit import submit
from cosec.principals import Principal
from cosec.store.observations import ObservationRow
from cosec.store.records import get_visible, list_visible
from cosec.store.tables import RecordRow

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


@dataclass(frozen=True)
class DatasetInfo:
    """An imported dataset on the server."""

    name: str
    kind: str
    positions: int
    vessels: int
    start: str | None
    end: str | None
    sha256: str


def dataset_path(data_dir: Path, name: str) -> Path:
    """The directory of dataset ``name`` (a plain name: no paths)."""
    if not NAME.match(name):
        raise InvalidInput.field("dataset", "must be a dataset name (letters, digits, . _ -)")
    path = data_dir / name
    if not is_dataset(path):
        raise NotFound(f"no dataset {name!r} in the data directory")
    return path


def _info(path: Path) -> DatasetInfo:
    m = read_manifest(path)
    digest = hashlib.sha256((path / MANIFEST).read_bytes()).hexdigest()
    return DatasetInfo(
        name=path.name,
        kind=str(m.get("kind")),
        positions=int(m.get("rows_accepted") or 0),
        vessels=int(m.get("vessels") or 0),
        start=m.get("start"),
        end=m.get("end"),
        sha256=digest,
    )


def datasets(data_dir: Path) -> list[DatasetInfo]:
    """Every dataset in the data directory."""
    if not data_dir.is_dir():
        return []
    return [_info(p) for p in sorted(data_dir.iterdir()) if is_dataset(p)]


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def event_rows(table: pa.Table) -> list[dict[str, Any]]:
    """Events as JSON-ready dicts (times as ISO 8601 UTC)."""
    return [{k: _plain(v) for k, v in row.items()} for row in text_times(table).to_pylist()]


def events_digest(rows: Sequence[Mapping[str, Any]]) -> str:
    """SHA-256 of the events as JSON lines with sorted keys: what an analysis record commits."""
    h = hashlib.sha256()
    for row in rows:
        h.update(json.dumps(row, sort_keys=True, separators=(",", ":")).encode() + b"\n")
    return h.hexdigest()


def _when(value: Any) -> datetime:
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)


def _observation(record_id: int, kind: str, row: Mapping[str, Any]) -> dict[str, Any]:
    a = row.get("id_a", row.get("id"))
    start = row.get("start") or row.get("cpa_time")
    return {
        "record_id": record_id,
        "kind": kind,
        "subject_a": str(a),
        "subject_b": None if row.get("id_b") is None else str(row["id_b"]),
        "start": _when(start),
        "end": _when(row.get("end") or start),
        "lat": float(row.get("lat", row.get("lat_start", 0.0)) or 0.0),
        "lon": float(row.get("lon", row.get("lon_start", 0.0)) or 0.0),
        "confidence": row.get("confidence"),
        "data": dict(row),
    }


@dataclass(frozen=True)
class Analysis:
    """An analysis computed, not yet recorded."""

    payload: AnalysisRecord
    rows: list[dict[str, Any]]


def analyze(
    data_dir: Path, dataset: str, kind: str, params: Mapping[str, Any] | None, *, note: str = ""
) -> Analysis:
    """Run an analysis on a dataset (no database: the slow part, outside any transaction)."""
    path = dataset_path(data_dir, dataset)
    info = _info(path)
    table = analytics.run_analysis(path, kind, dict(params or {}))
    meta = json.loads((table.schema.metadata or {}).get(b"cosec", b"{}"))
    rows = event_rows(table)
    payload = AnalysisRecord.model_validate(
        {
            "dataset": dataset,
            "dataset_sha256": info.sha256,
            "data_kind": info.kind,
            "event_kind": kind,
            "params": meta.get("params", {}),
            "engine": str(meta.get("engine", "local")),
            "events": len(rows),
            "events_sha256": events_digest(rows),
            "note": note,
        }
    )
    return Analysis(payload, rows)


def record(
    session: Session,
    *,
    deployment: Deployment,
    ledger: Ledger,
    principal: Principal,
    analysis: Analysis,
    clock: Clock,
    audience: str | None = None,
) -> RecordRow:
    """Sign, log and store an analysis with its events, in the caller's transaction."""
    row = submit(
        session,
        deployment=deployment,
        ledger=ledger,
        principal=principal,
        kind=KIND_ANALYSIS,
        payload=analysis.payload,
        audience=audience,
        clock=clock,
        evaluate=False,
    )
    kind = analysis.payload.event_kind
    if analysis.rows:
        session.execute(
            insert(ObservationRow), [_observation(row.id, kind, r) for r in analysis.rows]
        )
    return row


def analyses(session: Session, principal: Principal, charter: Charter) -> list[RecordRow]:
    """Analyses the reader may see, newest first."""
    return list_visible(session, principal, charter, kinds=[KIND_ANALYSIS], newest_first=True)


def analysis(session: Session, principal: Principal, charter: Charter, record_id: int) -> RecordRow:
    """One analysis record, if the reader may see it."""
    row = get_visible(session, principal, charter, record_id)
    if row is None or row.kind != KIND_ANALYSIS:
        raise NotFound(f"no analysis {record_id}")
    return row


def observations(
    session: Session, record: RecordRow, *, limit: int = 5000, offset: int = 0
) -> list[ObservationRow]:
    """The events of an analysis in the order it found them (the order its digest covers);
    the record must already be checked for visibility."""
    return list(
        session.scalars(
            select(ObservationRow)
            .where(ObservationRow.record_id == record.id)
            .order_by(ObservationRow.id)
            .offset(offset)
            .limit(limit)
        ).all()
    )


def observation_count(session: Session, record: RecordRow) -> int:
    """How many events an analysis stored."""
    return (
        session.scalar(
            select(func.count())
            .select_from(ObservationRow)
            .where(ObservationRow.record_id == record.id)
        )
        or 0
    )


def events_geojson(items: Sequence[ObservationRow]) -> dict[str, Any]:
    """Observations as GeoJSON points with their data."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [o.lon, o.lat]},
                "properties": {
                    "observation": o.id,
                    "kind": o.kind,
                    "subject_a": o.subject_a,
                    "subject_b": o.subject_b,
                    "start": o.start.isoformat(),
                    "end": o.end.isoformat(),
                    "confidence": o.confidence,
                }
                | o.data,
            }
            for o in items
        ],
    }


def tracks_geojson(
    data_dir: Path, dataset: str, ids: Sequence[str], start: datetime, end: datetime
) -> dict[str, Any]:
    """The tracks of ``ids`` between ``start`` and ``end``, as GeoJSON lines."""
    path = dataset_path(data_dir, dataset)
    kind, table = read_dataset_table(path, start=start.timestamp(), end=end.timestamp())
    id_col = ID_COLUMN[kind]
    wanted = set(ids)
    cols = {name: table.column(name).to_pylist() for name in (id_col, "lat", "lon")}
    times = table.column("timestamp").cast(pa.int64()).to_pylist()
    lines: dict[str, list[tuple[int, float, float]]] = {}
    for vid, t, lat, lon in zip(cols[id_col], times, cols["lat"], cols["lon"], strict=True):
        key = format(vid, "06x") if kind == "adsb" else str(vid)
        if key in wanted:
            lines.setdefault(key, []).append((t, lon, lat))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": vid},
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[lon, lat] for _, lon, lat in sorted(points)],
                },
            }
            for vid, points in sorted(lines.items())
            if len(points) > 1
        ],
    }
