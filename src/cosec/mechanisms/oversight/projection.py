"""The oversight mechanism's state, folded from records (see :mod:`cosec.kit.projection`).

- ``evidence.analysis`` records of kind ``rendezvous``, ``gaps`` (their suspected
  switch-offs inside the watch zone) and ``near-coast`` (of the watched coast, at the
  charter's distance and gap) bring in their observations as events, each indexed by its
  vessels; the same event seen by two analyses is one, citing both;
- ``oversight.designation`` and ``oversight.delisting`` keep the versioned list; a change
  re-judges the events of the vessel it names (and only those);
- ``fleet.unit`` re-judges the vessel's events (its flag may change a finding's members);
- ``oversight.petroleum_transfer`` keeps each year's reports; a change re-judges the year.

Subjects are the events' keys (``sts:<a>-<b>:<epoch>``, ``dark:<mmsi>:<epoch>``,
``approach:<mmsi>:<epoch>``) and ``petroleum:<year>``. Nothing waits on the clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from cosec.kit import EVERYTHING, Setup, StoredRecord, flag_of_mmsi, payload_of
from cosec.mechanisms.oversight import records as r
from cosec.mechanisms.oversight.events import (
    KIND_OF,
    MonthReport,
    OversightContext,
    ProgrammeItem,
    Seen,
    SeenEvent,
    from_observations,
)
from cosec.mechanisms.oversight.lists import DesignatedList, Listing
from cosec.mechanisms.oversight.regime import OversightRegime

ANALYSIS = "evidence.analysis"
UNIT = "fleet.unit"


def judged_kind(payload: dict[str, object], regime: OversightRegime) -> Seen | None:
    """The oversight event kind an analysis brings, if any (a near-coast analysis only of
    the watched coast alone, at the charter's distance and gap)."""
    kind = KIND_OF.get(str(payload.get("event_kind", "")))
    if kind != "approach":
        return kind
    p = payload.get("params")
    if not isinstance(p, dict):
        return None
    states = [str(s).upper() for s in p.get("states") or ()]
    within, gap = p.get("within_m"), p.get("max_gap_s")
    if states != [regime.coast_state] or p.get("features") or p.get("dependencies"):
        return None
    if not isinstance(within, int | float) or not isinstance(gap, int | float):
        return None
    if abs(within - regime.approach_m) > 1.0 or abs(gap - regime.approach_gap_s) > 1.0:
        return None
    return kind


def listing_of(record_id: int, p: r.Designation) -> Listing:
    """A designation record as a listing."""
    return Listing(
        key=record_id,
        name=p.name,
        mmsi=p.mmsi,
        imo=p.imo,
        listed_on=p.listed_on,
        source=p.source,
        subject=p.subject,
        reference=p.reference,
    )


@dataclass
class OversightProjection:
    """Events from tracks, the versioned list and the petroleum reports, indexed."""

    setup: Setup[OversightRegime]
    events: dict[str, SeenEvent] = field(default_factory=dict)
    by_vessel: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    listed: DesignatedList = field(default_factory=DesignatedList)
    programme: dict[int, ProgrammeItem] = field(default_factory=dict)
    reports: dict[int, MonthReport] = field(default_factory=dict)
    """Record id → report still counted (a correction drops the one it corrects)."""
    years: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    @property
    def regime(self) -> OversightRegime:
        """The regime in force."""
        return self.setup.regime

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the subjects whose findings it may change."""
        kind = record.kind
        if kind == ANALYSIS:
            return self._analysis(record)
        if kind == UNIT:
            vessel = str(record.payload.get("identifier", "")).strip()
            return set(self.by_vessel.get(vessel, ()))
        if kind == "oversight.designation":
            d = payload_of(r.Designation, record)
            if d is None:
                return set()
            self.listed.add(listing_of(record.id, d))
            return self._of_vessel(d.mmsi)
        if kind == "oversight.delisting":
            x = payload_of(r.Delisting, record)
            if x is None:
                return set()
            done = self.listed.delist(x.designation_id, x.delisted_on, record.id)
            return self._of_vessel(done.mmsi if done else None)
        if kind == "oversight.event":
            e = payload_of(r.ProgrammeEvent, record)
            if e is not None:
                self.programme[record.id] = ProgrammeItem(
                    key=f"event:{record.id}",
                    record_id=record.id,
                    event=e.event,
                    label=e.label,
                    occurred_at=e.occurred_at,
                    place=e.place,
                    sources=tuple(e.sources),
                )
            return set()
        if kind == "oversight.petroleum_transfer":
            return self._petroleum(record)
        return set()

    def _of_vessel(self, mmsi: str | None) -> set[str]:
        return set(self.by_vessel.get(mmsi, ())) if mmsi else set()

    def _analysis(self, record: StoredRecord) -> set[str]:
        seen = judged_kind(record.payload, self.regime)
        if seen is None:
            return set()
        source = next(k for k, v in KIND_OF.items() if v == seen)
        found = self.setup.evidence.observations(kinds=(source,), analysis_ids=(record.id,))
        subjects: set[str] = set()
        for e in from_observations(seen, found, self.regime):
            old = self.events.get(e.key)
            self.events[e.key] = e if old is None else old.merged(e)
            for v in e.vessels:
                self.by_vessel[v].add(e.key)
            subjects.add(e.key)
        return subjects

    def _petroleum(self, record: StoredRecord) -> set[str]:
        p = payload_of(r.PetroleumTransfer, record)
        if p is None:
            return set()
        subjects = {f"petroleum:{p.year}"}
        if p.corrects is not None:
            old = self.reports.pop(p.corrects, None)
            if old is not None:
                year = int(old.month[:4])
                self.years[year].discard(p.corrects)
                subjects.add(f"petroleum:{year}")
        self.reports[record.id] = MonthReport(record.submitter, p.month, p.barrels, record.id)
        self.years[p.year].add(record.id)
        return subjects

    def expand(self, subjects: set[str]) -> set[str]:
        """Each finding has one subject: nothing to close over."""
        return set(subjects)

    def due(self, since: datetime, until: datetime) -> Iterable[str]:
        """No oversight rule waits on the clock."""
        return ()

    def flag_of(self, mmsi: str, at: datetime) -> str | None:
        """A vessel's flag: its registry entry's member, else its MMSI's MID."""
        unit = self.setup.evidence.unit(mmsi, at=at)
        return unit.member if unit is not None else flag_of_mmsi(mmsi)

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> OversightContext:
        """The obligations' context, judging ``focus`` (``None``: everything)."""
        if focus is None or EVERYTHING in focus:
            events = sorted(self.events.values(), key=lambda e: (e.start, e.key))
            years = set(self.years)
        else:
            events = [self.events[k] for k in sorted(focus) if k in self.events]
            years = {int(s[10:]) for s in focus if s.startswith("petroleum:")}
        petroleum = {
            y: [self.reports[i] for i in sorted(self.years.get(y, ()))]
            for y in sorted(years)
            if self.years.get(y)
        }
        return OversightContext(
            regime=self.regime,
            as_of=as_of,
            listed=self.listed,
            events=events,
            programme=sorted(self.programme.values(), key=lambda p: p.occurred_at),
            petroleum=petroleum,
            members=self.setup.members,
            member_name=self.setup.member_name,
            flag_of=self.flag_of,
        )


def new_projection(setup: Setup[OversightRegime]) -> OversightProjection:
    """The registration's factory."""
    return OversightProjection(setup)
