"""A finding's map: the track observations it cites, and the vessels' tracks around them
where the analysed dataset is on the server (drawn by ``static/map.js``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from cosec.api.deps import Costly, DeploymentDep, PrincipalDep, SessionDep
from cosec.api.params import PathId
from cosec.compliance import service as findings_service
from cosec.deployment import Deployment
from cosec.fleet.cited import Cited, cited, events_geojson, tracks_geojson
from cosec.principals import Principal
from cosec.web.render import render

router = APIRouter(include_in_schema=False)


def cited_of(
    session: SessionDep,
    deployment: Deployment,
    principal: Principal,
    f: findings_service.FindingView,
) -> Cited:
    """The observations finding ``f`` cites that the reader may read."""
    return cited(session, principal=principal, charter=deployment.current, ids=f.row.observations)


def cited_by(
    session: SessionDep, deployment: Deployment, principal: Principal, finding_id: int
) -> tuple[findings_service.FindingView, Cited]:
    """A finding the reader may read, and the observations it cites that the reader may."""
    f = findings_service.get_finding(
        session, deployment=deployment, principal=principal, finding_id=finding_id
    )
    return f, cited_of(session, deployment, principal, f)


@router.get("/findings/{finding_id}/map")
def finding_map(
    finding_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
) -> HTMLResponse:
    f, found = cited_by(session, deployment, principal, finding_id)
    return render(request, "finding_map.html", principal, deployment, f=f, cited=found)


@router.get("/findings/{finding_id}/events.geojson")
def finding_events(
    finding_id: PathId, session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> dict[str, Any]:
    """The cited events the reader may see, as GeoJSON points."""
    return events_geojson(cited_by(session, deployment, principal, finding_id)[1])


@router.get("/findings/{finding_id}/tracks.geojson", dependencies=[Costly])
def finding_tracks(
    finding_id: PathId,
    request: Request,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    ids: Annotated[str, Query(max_length=400)],
    start: datetime,
    end: datetime,
) -> dict[str, Any]:
    """Tracks of the named vessels of the cited events, from their analyses' datasets."""
    found = cited_by(session, deployment, principal, finding_id)[1]
    data_dir: Path = request.app.state.data_dir
    wanted = [i for i in ids.split(",") if i.strip()][:20]
    return tracks_geojson(found, data_dir, wanted, start, end)
