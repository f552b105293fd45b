"""The oversight map's layers as GeoJSON: the watch zone, the events from tracks, and the
vessels' reports around each event (read from the datasets the evidence cites, while the
server keeps them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cosec.kit import Principal
from cosec.mechanisms.oversight.regime import OversightRegime
from cosec.mechanisms.oversight.service import EventView
from cosec.plugin.store import Deployment, Session, get_visible

TRACK_MARGIN = timedelta(hours=6)
MAX_TRACKED_EVENTS = 20


def _datasets(
    session: Session, deployment: Deployment, principal: Principal, ids: tuple[int, ...]
) -> list[str]:
    out = []
    for rid in ids:
        row = get_visible(session, principal, deployment.current, rid)
        if row is not None and row.kind == "evidence.analysis":
            out.append(str(row.payload.get("dataset", "")))
    return sorted(set(out))


def map_geojson(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    regime: OversightRegime,
    items: list[EventView],
    *,
    tracks: bool = False,
) -> dict[str, Any]:
    """The watch zone, the events (points) and, with ``tracks``, the vessels' reports around
    the first events (lines, from the datasets the evidence cites)."""
    ring = [[lon, lat] for lat, lon in regime.watch_zone]
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            "properties": {"layer": "zone", "name": regime.watch_zone_name},
        }
    ]
    for e in items:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
                "properties": {
                    "layer": "event",
                    "flag": e.flag,
                    "severity": e.severity,
                    "finding": e.finding_id,
                    "href": f"/findings/{e.finding_id}",
                    "vessels": list(e.vessels),
                    "start": e.start.isoformat(),
                    "hours": round(e.hours, 1),
                    "summary": e.summary,
                },
            }
        )
    if tracks:
        from cosec.mechanisms.oversight.measure import vessel_tracks

        for e in items[:MAX_TRACKED_EVENTS]:
            for name in _datasets(session, deployment, principal, e.evidence):
                lines = vessel_tracks(name, e.vessels, e.start - TRACK_MARGIN, e.end + TRACK_MARGIN)
                for mmsi, coords in sorted(lines.items()):
                    if len(coords) < 2:
                        continue
                    features.append(
                        {
                            "type": "Feature",
                            "geometry": {"type": "LineString", "coordinates": coords},
                            "properties": {"layer": "track", "mmsi": mmsi, "finding": e.finding_id},
                        }
                    )
    return {"type": "FeatureCollection", "features": features}
