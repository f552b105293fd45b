"""The facts the incident obligations judge, whatever they were read from.

Incidents (a report with its reply and any joint assessment), encounters between two
members' state units found in tracks, and per unit and year the incidents it was named in.
The same :class:`IncidentContext` is built from stored records (the projection) or from a
file (``cosec incidents assess``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cosec.mechanisms.incidents.regime import IncidentRegime
from cosec.mechanisms.incidents.severity import Facts, Rated, rate


def incident_subject(record_id: int) -> str:
    """``I12``: the incident reported by record 12."""
    return f"I{record_id}"


def encounter_subject(observation_id: int) -> str:
    """``E40``: the encounter of observation 40."""
    return f"E{observation_id}"


def unit_subject(unit_key: str, year: int) -> str:
    """``unit:412000001:2026``: a unit's incidents in a year."""
    return f"unit:{unit_key}:{year}"


@dataclass(frozen=True, slots=True)
class UnitName:
    """A unit named in a report, resolved against the registry where it can be."""

    key: str
    """Its MMSI or ICAO address when known, else ``hull:CHN:DDG-117`` or ``name:CHN:...``."""
    member: str
    label: str
    identifier: str | None = None


@dataclass(frozen=True, slots=True)
class Tracked:
    """An encounter found in tracks between two members' registered state units, closer
    than the unsafe distance."""

    observation_id: int
    analysis_id: int
    domain: str
    vessels: tuple[str, str]
    """MMSI (ships) or ICAO addresses (aircraft)."""
    members: tuple[str, str]
    names: tuple[str, str]
    unit_records: tuple[int, ...]
    """The ``fleet.unit`` records that make them state units."""
    cpa_m: float
    cpa_time: datetime
    start: datetime
    end: datetime
    lat: float
    lon: float
    charter_version: str | None = None

    @property
    def key(self) -> str:
        """Its subject."""
        return encounter_subject(self.observation_id)

    def vessel_of(self, member: str) -> str | None:
        """The vessel of ``member`` in the encounter."""
        for v, m in zip(self.vessels, self.members, strict=True):
            if m == member:
                return v
        return None


@dataclass(frozen=True, slots=True)
class Incident:
    """A reported incident as the obligations see it."""

    key: str
    title: str
    reporter: str
    other_member: str
    domain: str
    occurred_at: datetime
    lat: float
    lon: float
    declared: Facts
    own_units: tuple[UnitName, ...] = ()
    other_units: tuple[UnitName, ...] = ()
    record_id: int | None = None
    reported_at: datetime | None = None
    """When the report was logged (``None``: a file's row)."""
    agreed: Facts | None = None
    """The facts of a joint assessment both parties signed, if any."""
    reply_id: int | None = None
    replied_at: datetime | None = None
    reply_facts: Facts | None = None
    evidence: tuple[int, ...] = ()
    charter_version: str | None = None
    tracked: tuple[Tracked, ...] = ()
    """Encounters in tracks that are this incident (see :func:`matches`)."""

    @property
    def facts(self) -> Facts:
        """The agreed facts when there are some, else the report's."""
        return self.agreed if self.agreed is not None else self.declared

    @property
    def own_ids(self) -> frozenset[str]:
        """The identifiers of the reporter's units the registry or the report gives."""
        return frozenset(u.identifier for u in self.own_units if u.identifier)

    @property
    def other_ids(self) -> frozenset[str]:
        """The identifiers of the other member's units."""
        return frozenset(u.identifier for u in self.other_units if u.identifier)

    @property
    def tracked_cpa(self) -> Tracked | None:
        """The closest of the tracked encounters, if any."""
        return min(self.tracked, key=lambda t: (t.cpa_m, t.observation_id), default=None)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a sphere of the Earth's mean radius.

    >>> round(great_circle_km(0, 0, 0, 1))
    111
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def pair(a: str, b: str) -> tuple[str, str]:
    """Two members in a stable order."""
    return (a, b) if a <= b else (b, a)


def matches(incident: Incident, encounter: Tracked, regime: IncidentRegime) -> bool:
    """Whether a tracked encounter is the reported incident.

    Same domain, the same two members, times within ``match_window_hours``; where the
    report names a side's units by identifier (or by a hull number the registry knows), the
    encounter's vessel of that side is one of them; where it names no unit the tracks know,
    the positions are within ``match_distance_km``.
    """
    if incident.domain != encounter.domain:
        return False
    if pair(incident.reporter, incident.other_member) != pair(*encounter.members):
        return False
    window = timedelta(hours=regime.match_window_hours)
    if abs(encounter.cpa_time - incident.occurred_at) > window:
        return False
    mine = encounter.vessel_of(incident.reporter)
    theirs = encounter.vessel_of(incident.other_member)
    if incident.own_ids and mine not in incident.own_ids:
        return False
    if incident.other_ids and theirs not in incident.other_ids:
        return False
    if incident.own_ids or incident.other_ids:
        return True
    far = great_circle_km(incident.lat, incident.lon, encounter.lat, encounter.lon)
    return far <= regime.match_distance_km


@dataclass(frozen=True, slots=True)
class Reported:
    """A tracked encounter and the reports that are it (by either member)."""

    encounter: Tracked
    reports: tuple[tuple[int, datetime], ...] = ()
    """``(report id, logged at)``."""


@dataclass(frozen=True, slots=True)
class UnitYear:
    """A unit's incidents in one year, where it was the other member's unit."""

    unit: UnitName
    year: int
    incidents: tuple[tuple[int, str], ...]
    """``(report id, severity level)``."""

    @property
    def subject(self) -> str:
        """Its subject."""
        return unit_subject(self.unit.key, self.year)


@dataclass(frozen=True)
class IncidentContext:
    """Everything the incident obligations read, and the clock they read it by."""

    regime: IncidentRegime
    as_of: datetime
    incidents: Sequence[Incident] = ()
    encounters: Sequence[Reported] = ()
    unit_years: Sequence[UnitYear] = ()
    regimes_by_version: dict[str, IncidentRegime] = field(default_factory=dict)
    member_name: Callable[[str], str] = str

    def regime_for(self, charter_version: str | None) -> IncidentRegime:
        """The regime a record sent under ``charter_version`` is judged by."""
        if charter_version is None:
            return self.regime
        return self.regimes_by_version.get(charter_version, self.regime)

    def rated(self, incident: Incident) -> Rated:
        """The incident's severity under its own charter version."""
        return rate(incident.facts, self.regime_for(incident.charter_version))

    def possessive(self, code: str) -> str:
        """``China's``, ``the Philippines'``."""
        name = self.member_name(code)
        return name + ("'" if name.endswith("s") else "'s")

    def names(self, codes: Sequence[str]) -> str:
        """``China and the United States``."""
        named = [self.member_name(c) for c in codes]
        if len(named) <= 1:
            return "".join(named)
        return ", ".join(named[:-1]) + " and " + named[-1]
