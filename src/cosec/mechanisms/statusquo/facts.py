"""The facts the status-quo obligations judge, whatever they were read from.

The same :class:`StatusQuoContext` is built from stored records (the projection) or from a
file (``cosec statusquo assess``), so one set of pure obligation functions serves both.
A feature's *state* is its area and its counts of facilities and deployments per kind; a
*fact* is a dated statement about it (a change its holder declared, or what the
secretariat measured on imagery) that patches the kinds it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any

from cosec.mechanisms.statusquo.regime import StatusQuoRegime

EMPTY: Mapping[str, int] = MappingProxyType({})


def _empty() -> Mapping[str, int]:
    return EMPTY


def plain(counts: Mapping[Any, int]) -> dict[str, int]:
    """Counts keyed by plain strings (a record's kinds are literals)."""
    return {str(k): int(v) for k, v in counts.items()}


def _patched(old: Mapping[str, int], new: Mapping[str, int]) -> Mapping[str, int]:
    if not new:
        return old
    merged = dict(old)
    merged.update(new)
    return MappingProxyType({k: v for k, v in merged.items() if v})


@dataclass(frozen=True, slots=True)
class State:
    """A feature's area (hectares) and its counts of facilities and deployments per kind."""

    area_ha: float
    facilities: Mapping[str, int] = field(default_factory=_empty)
    deployments: Mapping[str, int] = field(default_factory=_empty)

    def patched(self, fact: Fact) -> State:
        """This state with what ``fact`` says (kinds it does not name are kept)."""
        return State(
            area_ha=self.area_ha if fact.area_ha is None else fact.area_ha,
            facilities=_patched(self.facilities, fact.facilities),
            deployments=_patched(self.deployments, fact.deployments),
        )


@dataclass(frozen=True, slots=True)
class Fact:
    """A dated statement about a feature: a change declared, or an observation."""

    key: str
    """The record id (``"12"``) or a file's row (``"row 4"``)."""
    source: str
    """``change`` (declared by a member) or ``observation`` (the secretariat's)."""
    feature: str
    on: date
    """The day of the change, or of the imagery."""
    logged: datetime
    """When it was reported (logged)."""
    area_ha: float | None = None
    facilities: Mapping[str, int] = field(default_factory=_empty)
    deployments: Mapping[str, int] = field(default_factory=_empty)
    member: str | None = None
    """Who made the change: the declaring member, or the member an observation names."""
    evidence: tuple[int, ...] = ()
    label: str = ""
    """The description of a change, the source of an observation."""

    @property
    def order(self) -> tuple[date, datetime, str]:
        """Facts apply in the order of their day, then of their logging."""
        return (self.on, self.logged, self.key)


@dataclass(frozen=True, slots=True)
class Good:
    """A public good offered on a feature, and who joined it."""

    key: str
    kind: str
    name: str
    feature: str | None
    offered_by: str
    joined_by: frozenset[str] = frozenset()
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class FeatureInfo:
    """A feature's registry entry: who claims it, who holds it, its baseline."""

    id: str
    name: str
    claimants: tuple[str, ...]
    occupant: str | None
    baseline: State
    baseline_as_of: date
    baseline_source: str = ""
    group: str = ""
    evidence: tuple[int, ...] = ()
    """The ``statusquo.feature`` record of the entry (none: the shipped registry)."""
    registry: str = ""
    lat: float | None = None
    lon: float | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Approach:
    """A state vessel or aircraft that came within the approach distance of a feature."""

    key: str
    """``approach:<observation id>`` (or ``approach:row 4`` in a file)."""
    feature: str
    member: str
    vessel: str
    unit_kind: str
    unit_name: str
    start: datetime
    end: datetime
    min_distance_m: float
    observations: tuple[int, ...] = ()
    evidence: tuple[int, ...] = ()
    domain: str = "sea"
    """``sea`` (a ship, by MMSI) or ``air`` (an aircraft, by ICAO address)."""
    lat: float | None = None
    """Where the track came closest to the feature."""
    lon: float | None = None


@dataclass(frozen=True)
class FeatureFacts:
    """Everything known about one feature."""

    info: FeatureInfo
    facts: tuple[Fact, ...] = ()
    goods: tuple[Good, ...] = ()

    def baseline(self, status_quo_date: date) -> State:
        """The feature's state on the status-quo date: its registry baseline, brought up to
        date by the facts dated after the baseline and on or before that date."""
        state = self.info.baseline
        for f in sorted(self.facts, key=lambda x: x.order):
            if self.info.baseline_as_of < f.on <= status_quo_date:
                state = state.patched(f)
        return state

    def after(self, status_quo_date: date) -> list[Fact]:
        """Facts dated after the status-quo date, in order."""
        return sorted((f for f in self.facts if f.on > status_quo_date), key=lambda x: x.order)

    def responsible(self, fact: Fact) -> str | None:
        """Who a fact's change is attributed to: the member it names, else the holder."""
        return fact.member or self.info.occupant


def report_deadline(fact: Fact, regime: StatusQuoRegime) -> datetime:
    """The end of the day by which the change an observation shows must have been reported."""
    day = fact.on + timedelta(days=regime.report_within_days)
    return datetime.combine(day, time.max, tzinfo=UTC)


def known_before(feature: FeatureFacts, observation: Fact, regime: StatusQuoRegime) -> State:
    """What the mechanism knew of a feature to compare an observation with: the baseline,
    the earlier observations, and the changes reported by the deadline."""
    deadline = report_deadline(observation, regime)
    state = feature.baseline(regime.status_quo_date)
    for f in feature.after(regime.status_quo_date):
        if f.key == observation.key:
            continue
        earlier = f.source == "observation" and f.on < observation.on
        reported = f.source == "change" and f.logged <= deadline and f.on <= deadline.date()
        if earlier or reported:
            state = state.patched(f)
    return state


@dataclass(frozen=True)
class StatusQuoContext:
    """Everything the status-quo obligations read, and the clock they read it by.

    ``focus`` names the subjects to judge (``feature:mischief-reef``, ``observation:12``,
    ``approach:340``); ``None`` judges everything.
    """

    regime: StatusQuoRegime
    as_of: datetime
    features: Mapping[str, FeatureFacts] = field(default_factory=dict)
    approaches: Sequence[Approach] = ()
    members: tuple[str, ...] | None = None
    """Members of the regime; ``None``: any state."""
    member_name: Callable[[str], str] = str
    focus: frozenset[str] | None = None

    def judges(self, subject: str) -> bool:
        """Whether a subject is in focus."""
        return self.focus is None or subject in self.focus

    def is_member(self, code: str | None) -> bool:
        """Whether ``code`` names a member of the regime (findings name members only)."""
        return code is not None and (self.members is None or code in self.members)

    def judged_features(self) -> Iterable[FeatureFacts]:
        """Features whose own findings are to be judged."""
        for fid in sorted(self.features):
            if self.judges(f"feature:{fid}"):
                yield self.features[fid]

    def judged_observations(self) -> Iterable[tuple[FeatureFacts, Fact]]:
        """Observations whose ``unreported_change`` is to be judged, with their feature."""
        for fid in sorted(self.features):
            feature = self.features[fid]
            for f in feature.facts:
                if f.source == "observation" and self.judges(f"observation:{f.key}"):
                    yield feature, f

    def judged_approaches(self) -> Iterable[Approach]:
        """Approaches to judge."""
        return [a for a in self.approaches if self.judges(a.key)]

    def possessive(self, code: str) -> str:
        """``China's``, ``the Philippines'``."""
        name = self.member_name(code)
        return name + ("'" if name.endswith("s") else "'s")
