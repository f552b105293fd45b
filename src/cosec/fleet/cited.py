"""The observations a finding cites, as its reader may see them, with their vessels named
from the registry (or by the flag their MMSI implies).

An observation is as readable as the analysis that found it: a reader who may not read
that ``evidence.analysis`` record does not see the event either, only how many such
events the finding cites.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cosec.charter.models import Charter
from cosec.errors import InvalidInput, NotFound
from cosec.evidence import service as evidence
from cosec.fleet.service import Vessel, histories, vessel
from cosec.principals import Principal
from cosec.store.observations import ObservationRow
from cosec.store.tables import RecordRow
from cosec.store.visibility import records_visible

MAX_CITED = 500
"""The most cited observations a page lists (a finding rarely cites more than a few)."""


@dataclass(frozen=True)
class CitedObservation:
    """One cited event: what, who (named), when, where, found by which analysis."""

    row: ObservationRow
    vessels: tuple[Vessel, ...]
    dataset: str


@dataclass(frozen=True)
class Cited:
    """The cited observations a reader may see, and how many it may not."""

    observations: list[CitedObservation]
    hidden: int
    """Cited observations in analyses the reader may not read."""
    unlisted: int = 0
    """Cited observations beyond the :data:`MAX_CITED` a page lists."""

    @property
    def bbox(self) -> str:
        """``west,south,east,north`` around the events, half a degree wider."""
        if not self.observations:
            return "100,-10,150,45"
        lats = [o.row.lat for o in self.observations]
        lons = [o.row.lon for o in self.observations]
        return ",".join(
            f"{v:.4f}"
            for v in (
                max(min(lons) - 0.5, -180),
                max(min(lats) - 0.5, -90),
                min(max(lons) + 0.5, 180),
                min(max(lats) + 0.5, 90),
            )
        )


def _visible(
    session: Session, principal: Principal, charter: Charter, ids: Collection[int]
) -> list[tuple[ObservationRow, RecordRow]]:
    if not ids:
        return []
    q = (
        select(ObservationRow, RecordRow)
        .join(RecordRow, RecordRow.id == ObservationRow.record_id)
        .where(ObservationRow.id.in_(sorted(ids)), records_visible(principal, charter))
        .order_by(ObservationRow.start, ObservationRow.id)
    )
    return [(o, r) for o, r in session.execute(q).all()]


def cited(
    session: Session, *, principal: Principal, charter: Charter, ids: Sequence[int] | None
) -> Cited:
    """The observations ``ids`` that ``principal`` may read, vessels named as of each event."""
    wanted = sorted(set(ids or ()))
    listed, unlisted = wanted[:MAX_CITED], len(wanted[MAX_CITED:])
    found = _visible(session, principal, charter, listed)
    subjects = {s for o, _ in found for s in (o.subject_a, o.subject_b) if s}
    known = histories(session, principal=principal, charter=charter, identifiers=subjects)
    out = [
        CitedObservation(
            o,
            tuple(vessel(s, known, o.start) for s in (o.subject_a, o.subject_b) if s),
            str(r.payload.get("dataset", "")),
        )
        for o, r in found
    ]
    return Cited(out, hidden=len(listed) - len(out), unlisted=unlisted)


def events_geojson(c: Cited) -> dict[str, Any]:
    """The cited events as GeoJSON points, for the map."""
    return evidence.events_geojson([o.row for o in c.observations])


def tracks_geojson(
    c: Cited, data_dir: Path, ids: Sequence[str], start: datetime, end: datetime
) -> dict[str, Any]:
    """Tracks of ``ids`` between ``start`` and ``end``, from the datasets of the cited
    events that involve them, where the server still holds those datasets."""
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput.field(
            "start" if start.tzinfo is None else "end", "must carry a UTC offset"
        )
    wanted = {i.strip().lower() for i in ids if i.strip()}
    datasets = sorted(
        {
            o.dataset
            for o in c.observations
            if o.dataset
            and wanted & {s for s in (o.row.subject_a, o.row.subject_b) if s}
            and o.row.start <= end
            and o.row.end >= start
        }
    )
    features: list[Any] = []
    for name in datasets:
        try:
            found = evidence.tracks_geojson(data_dir, name, sorted(wanted), start, end)
        except NotFound:  # the dataset is no longer on this server
            continue
        features.extend(found["features"])
    return {"type": "FeatureCollection", "features": features}
