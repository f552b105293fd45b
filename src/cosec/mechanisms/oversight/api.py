"""/v1/oversight: the designated list (import, in force on a day, changes), a vessel's
dossier, events from tracks (JSON and GeoJSON), the programme's tests and launches, and
the petroleum reports of a year against the cap."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi import Path as PathParam

from cosec.kit import FieldError, InvalidInput
from cosec.mechanisms.oversight import mapping, service
from cosec.plugin.api import (
    FIRST_YEAR,
    LAST_YEAR,
    ClockDep,
    DeploymentDep,
    PrincipalDep,
    SecretariatDep,
    SessionDep,
    SubmitDep,
)
from cosec.plugin.store import previews

router = APIRouter(prefix="/v1", tags=["oversight"])

Mmsi = Annotated[str, PathParam(pattern=r"^[0-9]{9}$")]
MAX_LIST_BYTES = 5_000_000


@router.get("/oversight/designations")
def designations(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    on: Annotated[date | None, Query(description="The list in force on this day.")] = None,
) -> list[dict[str, Any]]:
    """Designations the caller may read (with ``on``, those in force that day)."""
    views = service.designations(session, deployment=deployment, principal=principal)
    return [v.as_row() for v in views if on is None or v.in_force(on)]


@router.post("/oversight/designations/import", status_code=201)
def import_list(
    submit: SubmitDep,
    _secretariat: SecretariatDep,
    clock: ClockDep,
    text: Annotated[str, Body(media_type="text/csv", max_length=MAX_LIST_BYTES)],
    audience: Annotated[str, Query(pattern=r"^(public|regime|secretariat)$")] = "public",
) -> dict[str, Any]:
    """Import a list CSV (``mmsi,imo,name,listed_on,source``) as the secretariat: every row
    is checked first (a bad one names its row and writes nothing), then each new row is a
    signed designation; rows already on the record are left out."""
    items, same = service.import_items(
        submit.session,
        deployment=submit.deployment,
        principal=submit.principal,
        text=text,
        audience=audience,
    )
    errors = []
    for n, item in items:
        try:
            previews(
                submit.session,
                deployment=submit.deployment,
                principal=submit.principal,
                items=[item],
                clock=clock,
            )
        except InvalidInput as exc:
            errors += [
                FieldError(f"row {n}.{e.loc.removeprefix('payload.')}", e.rule) for e in exc.errors
            ]
    if errors:
        raise InvalidInput(errors)
    ids = [submit.record(i.kind, i.payload, i.audience).id for _n, i in items]
    return {"recorded": ids, "already_listed": same}


@router.get("/oversight/changes")
def changes(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[dict[str, Any]]:
    """The list's changes over time: who was listed and delisted each day, and its size."""
    views = service.designations(session, deployment=deployment, principal=principal)
    return [
        {
            "day": c.day.isoformat(),
            "listed": [v.id for v in c.listed],
            "delisted": [v.id for v in c.delisted],
            "size": c.size,
        }
        for c in service.changes(views)
    ]


@router.get("/oversight/vessels/{mmsi}")
def vessel(
    mmsi: Mmsi, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> dict[str, Any]:
    """A vessel's dossier: its designations, flag history (its MMSIs) and events."""
    d = service.dossier(session, deployment=deployment, principal=principal, mmsi=mmsi)
    return {
        "mmsi": d.mmsi,
        "imo": d.imo,
        "names": list(d.names),
        "designations": [v.as_row() for v in d.designations],
        "flags": [{"mmsi": m, "flag": f, "listed_on": on} for m, f, on in d.flags],
        "events": [e.as_row() | {"observations": list(e.observations)} for e in d.events],
    }


@router.get("/oversight/events")
def events(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    vessel: Annotated[str | None, Query(pattern=r"^[0-9]{9}$")] = None,
    flag: Annotated[str | None, Query(max_length=40)] = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
) -> list[dict[str, Any]]:
    """Events from tracks that are findings, oldest first, with their observations."""
    items = service.events(
        session, deployment=deployment, principal=principal, vessel=vessel, flag=flag, year=year
    )
    return [e.as_row() | {"observations": list(e.observations)} for e in items]


@router.get("/oversight/map.geojson")
def map_layers(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    vessel: Annotated[str | None, Query(pattern=r"^[0-9]{9}$")] = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    tracks: bool = False,
) -> dict[str, Any]:
    """The watch zone (a polygon) and the events (points, with their vessels' tracks where
    the evidence's dataset is on the server) as GeoJSON: the map's layers."""
    regime = service.regime_of(deployment)
    items = service.events(
        session, deployment=deployment, principal=principal, vessel=vessel, year=year
    )
    return mapping.map_geojson(
        session, deployment, principal, regime, items, tracks=tracks and vessel is not None
    )


@router.get("/oversight/programme")
def programme(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> list[dict[str, Any]]:
    """Nuclear tests and missile launches on the record, latest first, with sources."""
    return [
        {"id": v.id, "label": v.payload.label} | v.payload.model_dump(mode="json")
        for v in service.programme(session, deployment=deployment, principal=principal)
    ]


@router.get("/oversight/petroleum/{year}")
def petroleum(
    year: Annotated[int, PathParam(ge=FIRST_YEAR, le=LAST_YEAR)],
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    """A year's refined-petroleum reports, month by month, against the cap, and its
    findings."""
    y = service.petroleum(session, deployment=deployment, principal=principal, year=year)
    return {
        "year": y.year,
        "cap_barrels": y.cap,
        "thresholds": list(y.thresholds),
        "total_barrels": y.total,
        "months": [
            {"month": m.month, "barrels": m.barrels, "running": m.running, "by_member": m.by_member}
            for m in y.months
        ],
        "findings": [f.row.id for f in y.findings],
    }
