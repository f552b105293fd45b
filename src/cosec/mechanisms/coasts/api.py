"""/v1/coasts: presence episodes, yearly presence per member pair, the map's layers, and the
rules on posted positions."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi import Path as PathParam

from cosec.kit import InvalidInput
from cosec.mechanisms.coasts import OBLIGATIONS, service
from cosec.mechanisms.coasts import assess as assessing
from cosec.plugin.api import ClockDep, Costly, DeploymentDep, PrincipalDep, SessionDep, Year
from cosec.plugin.store import load_profile

router = APIRouter(prefix="/v1", tags=["coasts"])

Code = Annotated[str, PathParam(pattern=r"^[A-Z]{3}$")]
MaybeCode = Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")]
MAX_POSITIONS = 100_000
MAX_VESSELS = 10_000


@router.get("/coasts/episodes")
def episodes(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    member: MaybeCode = None,
    coast: MaybeCode = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
) -> list[dict[str, Any]]:
    """Presence episodes the caller may read (each is a finding), oldest first."""
    items = service.list_episodes(
        session, deployment=deployment, principal=principal, member=member, coast=coast, year=year
    )
    return [
        e.as_row()
        | {
            "finding": e.finding_id,
            "state": e.state,
            "unit_kind": e.unit_kind,
            "unit_name": e.unit_name,
            "lat": e.lat,
            "lon": e.lon,
            "observations": list(e.observations),
        }
        for e in items
    ]


@router.get("/coasts/episodes.geojson")
def episodes_geojson(
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
) -> dict[str, Any]:
    """Episodes as GeoJSON points where each unit came closest (the map's layer)."""
    items = service.list_episodes(session, deployment=deployment, principal=principal, year=year)
    return service.episodes_geojson(items, deployment.current.member_name)


@router.get("/coasts/presence")
def presence(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep, year: Year
) -> list[dict[str, Any]]:
    """Each member's count and hours along each other member's coasts: a year and the one
    before."""
    return [
        p.as_row()
        for p in service.pairs(session, deployment=deployment, principal=principal, year=year)
    ]


@router.get("/coasts/presence/{member}/{coast}")
def presence_by_month(
    member: Code,
    coast: Code,
    session: SessionDep,
    deployment: DeploymentDep,
    principal: PrincipalDep,
    year: Year,
) -> dict[str, Any]:
    """A member's presence along one coast by month, a year beside the one before."""
    rows, items = service.months(
        session,
        deployment=deployment,
        principal=principal,
        member=member,
        coast=coast,
        year=year,
    )
    return {
        "member": member,
        "coastal_state": coast,
        "year": year,
        "months": [m.__dict__ for m in rows],
        "episodes": [e.finding_id for e in items],
    }


@router.get("/coasts/activity-areas.geojson")
def activity_areas(
    session: SessionDep, deployment: DeploymentDep, principal: PrincipalDep
) -> dict[str, Any]:
    """Notified activities whose area comes within the distance of another member's coast."""
    items = service.activity_areas(session, deployment=deployment, principal=principal)
    return service.areas_geojson(items)


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        w, s, e, n = (float(x) for x in text.split(","))
    except ValueError:
        raise InvalidInput.field("bbox", "must read west,south,east,north in degrees") from None
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise InvalidInput.field("bbox", "must be west < east in [-180, 180], south < north")
    return w, s, e, n


@router.get("/coasts/lines.geojson", dependencies=[Costly])
def lines(
    deployment: DeploymentDep,
    bbox: Annotated[str, Query(max_length=100, description="west,south,east,north")],
    nm: Annotated[
        list[float] | None, Query(description="Distances (nm); default 12 and 24.")
    ] = None,
    state: Annotated[
        list[str] | None, Query(description="Members (default: every member).")
    ] = None,
) -> dict[str, Any]:
    """The lines at 12 and 24 nm (or ``nm``) of members' coasts inside ``bbox``, for display:
    within about 1 % of the distance; the rules measure exact distances."""
    from cosec.mechanisms.coasts.lines import coast_lines

    members = deployment.current.regime_members("coasts") or deployment.current.member_codes
    states = [s.upper() for s in state] if state else list(members)
    unknown = [s for s in states if s not in members]
    if unknown:
        raise InvalidInput.field("state", f"{unknown[0]} is not a member of the coasts regime")
    distances = nm or [12.0, 24.0]
    if len(distances) > 4 or not all(0 < d <= 200 for d in distances):
        raise InvalidInput.field("nm", "at most four distances, each in (0, 200] nm")
    return coast_lines(states, distances, _bbox(bbox))


@router.post("/coasts/assess", dependencies=[Costly])
def assess(
    positions: Annotated[
        list[dict[str, Any]], Body(description="AIS rows: mmsi, timestamp, lat, lon.")
    ],
    vessels: Annotated[list[dict[str, Any]], Body(description="State units: mmsi, member, kind.")],
    clock: ClockDep,
    charter: Annotated[str, Query(description="Id of a shipped charter profile.")] = "eas-2026",
    as_of: Annotated[date | None, Query(description="Judge as of this day; default today.")] = None,
) -> dict[str, Any]:
    """Presence episodes of at most 100,000 posted positions and their findings, stored
    nowhere (``cosec coasts assess`` takes files of any size)."""
    from cosec.mechanisms.coasts.measure import load_positions, presence_episodes

    if len(positions) > MAX_POSITIONS or len(vessels) > MAX_VESSELS:
        raise InvalidInput.field(
            "body", f"at most {MAX_POSITIONS:,} positions and {MAX_VESSELS:,} vessels"
        )
    c = load_profile(charter)
    regime = assessing.regime_of(c)
    when = datetime.combine(as_of, time.max, tzinfo=UTC) if as_of else clock.now()
    units = assessing.parse_vessels(_csv(vessels, assessing.VESSEL_COLUMNS), c)
    with tempfile.TemporaryDirectory(prefix="cosec-coasts-") as tmp:
        path = Path(tmp) / "positions.csv"
        path.write_text(_csv(positions, ("mmsi", "timestamp", "lat", "lon", "sog", "cog")))
        tracks = load_positions([path])
    coasts = list(c.regime_members("coasts") or c.member_codes)
    found = presence_episodes(tracks, units, coasts, regime, threads=1)
    drafts = assessing.judge(found, charter=c, obligations=OBLIGATIONS, as_of=when)
    return {
        "episodes": assessing.episode_rows(found),
        "findings": [
            {
                "flag": d.flag,
                "severity": d.severity.value,
                "members": list(d.members),
                "summary": d.summary,
            }
            for d in drafts
            if d.flag != "presence"
        ],
    }


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="raise")
    writer.writeheader()
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise InvalidInput.field(f"row {n}", "must be an object")
        unknown = sorted(set(row) - set(columns))
        if unknown:
            raise InvalidInput.field(f"row {n}.{unknown[0]}", f"unknown; columns are {columns}")
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buf.getvalue()
