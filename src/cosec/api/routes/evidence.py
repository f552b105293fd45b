"""/v1/track-datasets, /v1/analyses, /v1/geo: evidence from tracks, and the map's layers."""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.exceptions import HTTPException

from cosec.analytics import service as analytics
from cosec.api.deps import (
    ClockDep,
    Costly,
    DeploymentDep,
    LedgerDep,
    PrincipalDep,
    SecretariatDep,
    SessionDep,
)
from cosec.api.params import Offset, PathId
from cosec.api.schemas import RecordOut
from cosec.deployment import load
from cosec.errors import InvalidInput
from cosec.evidence import service as evidence
from cosec.geo.geojson import coastline_geojson
from cosec.records import Audience
from cosec.store.db import unit_of_work

MAX_OBSERVATIONS = 5000
"""The most observations one page of an analysis answers."""

router = APIRouter(prefix="/v1", tags=["evidence"])


class AnalysisIn(BaseModel):
    """An analysis to run on a dataset the server holds."""

    model_config = ConfigDict(extra="forbid")

    dataset: str
    kind: str = Field(examples=["encounters"])
    params: dict[str, Any] = Field(default_factory=dict)
    audience: Audience | None = None
    note: str = ""


def _data_dir(request: Request) -> Path:
    path: Path = request.app.state.data_dir
    return path


@router.get("/track-datasets")
def list_datasets(request: Request, _: SecretariatDep) -> list[dict[str, Any]]:
    """Track datasets the server holds (secretariat)."""
    return [d.__dict__ for d in evidence.datasets(_data_dir(request))]


UPLOAD_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["name", "files"],
                    "properties": {
                        "name": {"type": "string", "description": "Name of the new dataset."},
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "AIS/ADS-B CSV, Parquet or NMEA.",
                        },
                    },
                }
            }
        },
    }
}
MAX_UPLOAD_FILES = 100


@router.post("/track-datasets", status_code=201, openapi_extra=UPLOAD_FORM, dependencies=[Costly])
async def upload_dataset(
    request: Request, session: SessionDep, _: SecretariatDep
) -> dict[str, Any]:
    """Import uploaded position files into a new dataset (bad rows go to its rejects file).

    The caller is known before the upload is read; the files stream to disk as they
    arrive (up to ``COSEC_MAX_UPLOAD_BYTES`` in all), never whole into memory.
    """
    session.commit()  # no database connection held while the upload streams in
    try:
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=10)
    except HTTPException as exc:  # a malformed multipart body
        if exc.status_code == 413:
            raise
        raise InvalidInput.field("body", f"must be multipart/form-data: {exc.detail}") from None
    try:
        name = form.get("name")
        files = [f for f in form.getlist("files") if isinstance(f, StarletteUpload)]
        if not isinstance(name, str) or not evidence.NAME.match(name):
            raise InvalidInput.field("name", "must be a dataset name (letters, digits, . _ -)")
        if not files or len(files) != len(form.getlist("files")):
            raise InvalidInput.field("files", "must be one or more uploaded files")
        target = _data_dir(request) / name
        if target.exists():
            raise InvalidInput.field("name", f"a dataset {name!r} exists already")
        with tempfile.TemporaryDirectory(prefix="cosec-upload-") as tmp:
            paths = []
            for i, f in enumerate(files):
                suffix = Path(f.filename or "").suffix.lower() or ".csv"
                if not suffix[1:].isalnum():
                    suffix = ".csv"
                path = Path(tmp) / f"upload-{i}{suffix}"
                with path.open("wb") as out:
                    await run_in_threadpool(shutil.copyfileobj, f.file, out)
                paths.append(path)
            manifest: dict[str, Any] = await run_in_threadpool(
                analytics.import_tracks, paths, out=target
            )
            return manifest
    finally:
        await form.close()


@router.post("/analyses", status_code=201, response_model=RecordOut, dependencies=[Costly])
def run_analysis(
    body: AnalysisIn,
    request: Request,
    principal: SecretariatDep,
    ledger: LedgerDep,
    clock: ClockDep,
) -> RecordOut:
    """Run an analysis on a dataset and store its events as observations (secretariat)."""
    computed = evidence.analyze(
        _data_dir(request), body.dataset, body.kind, body.params, note=body.note
    )
    with unit_of_work(request.app.state.sessions, write=True) as session:
        row = evidence.record(
            session,
            deployment=load(session),
            ledger=ledger,
            principal=principal,
            analysis=computed,
            clock=clock,
            audience=body.audience.value if body.audience else None,
        )
        return RecordOut.of(row)


@router.get("/analyses", response_model=list[RecordOut])
def list_analyses(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[RecordOut]:
    """Analyses the caller may read, newest first."""
    return [RecordOut.of(r) for r in evidence.analyses(session, principal, deployment.current)]


@router.get("/analyses/{record_id}/observations")
def list_observations(
    record_id: PathId,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    limit: Annotated[
        int, Query(ge=1, le=MAX_OBSERVATIONS, description="At most this many (1 to 5,000).")
    ] = 1000,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The events an analysis stored: each observation's id is what mechanisms cite."""
    rec = evidence.analysis(session, principal, deployment.current, record_id)
    items = evidence.observations(session, rec, limit=limit, offset=offset)
    return {
        "analysis": record_id,
        "total": evidence.observation_count(session, rec),
        "observations": [
            {
                "id": o.id,
                "kind": o.kind,
                "subject_a": o.subject_a,
                "subject_b": o.subject_b,
                "start": o.start,
                "end": o.end,
                "lat": o.lat,
                "lon": o.lon,
                "confidence": o.confidence,
                "data": o.data,
            }
            for o in items
        ],
    }


@router.get("/analyses/{record_id}/events.geojson")
def events_geojson(
    record_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> dict[str, Any]:
    """An analysis's events as GeoJSON points (for the map)."""
    rec = evidence.analysis(session, principal, deployment.current, record_id)
    return evidence.events_geojson(evidence.observations(session, rec))


@router.get("/analyses/{record_id}/tracks.geojson", dependencies=[Costly])
def tracks_geojson(
    record_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    ids: Annotated[str, Query(description="Vessel ids, comma-separated.")],
    start: datetime,
    end: datetime,
) -> dict[str, Any]:
    """Tracks of the named vessels around an event, from the analysed dataset."""
    rec = evidence.analysis(session, principal, deployment.current, record_id)
    wanted = [i.strip() for i in ids.split(",") if i.strip()][:20]
    return evidence.tracks_geojson(_data_dir(request), rec.payload["dataset"], wanted, start, end)


COAST_GRID_DEG = 5
"""Requested boxes are widened to this grid, so nearby map views share one cached answer."""
COAST_CACHE_SIZE = 16
"""How many snapped boxes' answers are kept (each at most a few megabytes of JSON)."""


def snap(bbox: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """``bbox`` widened outwards to the :data:`COAST_GRID_DEG` grid, within the world."""
    w, s, e, n = bbox
    g = COAST_GRID_DEG
    return (
        max(-180, math.floor(w / g) * g),
        max(-90, math.floor(s / g) * g),
        min(180, math.ceil(e / g) * g),
        min(90, math.ceil(n / g) * g),
    )


@lru_cache(maxsize=COAST_CACHE_SIZE)
def _coast(bbox: tuple[int, int, int, int] | None) -> bytes:
    geo = coastline_geojson(bbox=bbox, tolerance_deg=0.02)
    return json.dumps(geo, separators=(",", ":")).encode()


@router.get(
    "/geo/coastlines.geojson",
    tags=["geo"],
    dependencies=[Costly],
    response_class=Response,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
def coastlines(
    bbox: Annotated[str | None, Query(description="west,south,east,north")] = None,
) -> Response:
    """Land outlines (Natural Earth 1:10m admin-0), simplified, optionally clipped to a box
    (widened to a 5° grid)."""
    box = None
    if bbox:
        try:
            w, s, e, n = (float(x) for x in bbox.split(","))
        except ValueError:
            raise InvalidInput.field(
                "bbox", "must be four numbers: west,south,east,north"
            ) from None
        if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
            raise InvalidInput.field("bbox", "must satisfy west < east and south < north")
        box = snap((w, s, e, n))
    return Response(_coast(box), media_type="application/json")
