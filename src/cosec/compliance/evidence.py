"""The store's :class:`cosec.kit.EvidenceReader`: observations by index, the state-unit
registry from its records.

A projection keeps its reader for its whole life, across transactions, so the reader
reads through whatever session the engine binds it to for the call at hand.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from cosec.kinds.fleet import KIND_UNIT, FleetUnit
from cosec.kit.evidence import Observation, StateUnit
from cosec.kit.submission import payload_of
from cosec.store.observations import ObservationRow
from cosec.store.tables import RecordRow


def observation(row: ObservationRow) -> Observation:
    """A stored observation as the kit's :class:`~cosec.kit.Observation`."""
    vessels = (row.subject_a,) + ((row.subject_b,) if row.subject_b else ())
    return Observation(
        id=row.id,
        analysis_id=row.record_id,
        kind=row.kind,
        vessels=vessels,
        start=row.start,
        end=row.end,
        lat=row.lat,
        lon=row.lon,
        confidence=row.confidence,
        details=row.data,
    )


@dataclass
class StoreEvidence:
    """Observations and state units read from the store (through the bound session)."""

    session: Session | None = None
    _units: dict[str, list[tuple[datetime, int, FleetUnit]]] = field(default_factory=dict)
    _units_upto: int = -1

    @contextmanager
    def bound(self, session: Session) -> Iterator[StoreEvidence]:
        """Read through ``session`` inside the block."""
        before, self.session = self.session, session
        try:
            yield self
        finally:
            self.session = before

    def _session(self) -> Session:
        if self.session is None:
            raise RuntimeError("the evidence reader is not bound to a session")
        return self.session

    def observations(
        self,
        *,
        kinds: Collection[str] = (),
        start: datetime | None = None,
        end: datetime | None = None,
        vessels: Collection[str] = (),
        analysis_ids: Collection[int] = (),
    ) -> list[Observation]:
        """Observations of these kinds overlapping ``[start, end]``, with these vessels."""
        q = select(ObservationRow)
        if kinds:
            q = q.where(ObservationRow.kind.in_(sorted(kinds)))
        if end is not None:
            q = q.where(ObservationRow.start <= end)
        if start is not None:
            q = q.where(ObservationRow.end >= start)
        if vessels:
            v = sorted(vessels)
            q = q.where(or_(ObservationRow.subject_a.in_(v), ObservationRow.subject_b.in_(v)))
        if analysis_ids:
            q = q.where(ObservationRow.record_id.in_(sorted(analysis_ids)))
        rows = self._session().scalars(q.order_by(ObservationRow.start, ObservationRow.id))
        return [observation(r) for r in rows]

    def unit(self, identifier: str, at: datetime | None = None) -> StateUnit | None:
        """The registry's latest entry for the unit as of ``at`` (withdrawn: none)."""
        self._refresh_units()
        chosen: tuple[int, FleetUnit] | None = None
        for effective, rid, unit in self._units.get(identifier.strip().lower(), ()):
            if at is None or effective <= at:
                chosen = (rid, unit)
        if chosen is None or chosen[1].withdrawn:
            return None
        rid, unit = chosen
        return StateUnit(
            identifier=unit.identifier,
            member=unit.member,
            kind=unit.kind,
            name=unit.name,
            hull_number=unit.hull_number,
            domain=unit.domain,
            record_id=rid,
        )

    def _refresh_units(self) -> None:
        s = self._session()
        last = s.scalar(select(func.max(RecordRow.id)).where(RecordRow.kind == KIND_UNIT)) or 0
        if last == self._units_upto:
            return
        self._units = {}
        rows = s.scalars(
            select(RecordRow).where(RecordRow.kind == KIND_UNIT).order_by(RecordRow.id)
        )
        for row in rows:
            unit = payload_of(FleetUnit, row)
            if unit is None:
                continue
            effective = row.submitted_at
            if unit.valid_from is not None:
                effective = datetime.combine(unit.valid_from, time.min, tzinfo=UTC)
            self._units.setdefault(unit.identifier, []).append((effective, row.id, unit))
        for entries in self._units.values():
            entries.sort(key=lambda e: (e[0], e[1]))
        self._units_upto = last
