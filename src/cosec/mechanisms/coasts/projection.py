"""The presence mechanism's state, folded from records (see :mod:`cosec.kit.projection`).

Episodes come from ``near-coast`` analyses that measured one member's coast at the
charter's distance and reporting gap (``cosec coasts analyse`` runs them): each of their
observations whose vessel the state-unit registry names as another member's is a presence
episode. Two analyses of the same data give the same observation twice; an episode is
counted once (by its earliest observation). Notified activities (``notification.prior``
records, read as records only) are placed against the coasts with a function the
projection is given: it measures nothing itself, so it stays pure.

Subjects are ``episode:<observation id>``, ``presence:<member>:<coast>:<year>`` and
``notification:<record id>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cosec.kit import Observation, Setup, StoredRecord
from cosec.mechanisms.coasts.episodes import (
    CoastsContext,
    Episode,
    NearActivity,
    PairYear,
    YearPresence,
    pair_subject,
)
from cosec.mechanisms.coasts.regime import CoastsRegime

ANALYSIS = "evidence.analysis"
UNIT = "fleet.unit"
NOTIFICATION = "notification.prior"

Near = Callable[[float, float, float, Sequence[str]], dict[str, float]]
"""``(lat, lon, reach_m, states)`` → metres from the point to the coast of each of
``states`` that lies within ``reach_m``."""

Identity = tuple[str, str, datetime, datetime]
"""``(coastal state, vessel, start, end)``: the same stay, however many analyses saw it."""


def coastal_state_of(payload: dict[str, Any], regime: CoastsRegime) -> str | None:
    """The member coast an analysis measured at the charter's distance and gap, if it did."""
    if payload.get("event_kind") != "near-coast":
        return None
    p = payload.get("params") or {}
    states: list[Any] = list(p.get("states") or ())
    within, gap = p.get("within_m"), p.get("max_gap_s")
    if len(states) != 1 or p.get("features") or p.get("dependencies"):
        return None
    if not isinstance(within, int | float) or not isinstance(gap, int | float):
        return None
    if abs(within - regime.distance_m) > 1.0 or abs(gap - regime.split_gap_s) > 1.0:
        return None
    return str(states[0]).upper()


def activity_areas(
    record: StoredRecord, regime: CoastsRegime, members: Sequence[str] | None, near: Near
) -> list[NearActivity]:
    """The member coasts a notified activity's area comes within the distance of."""
    p = record.payload
    area = p.get("area") or {}
    lat, lon = area.get("lat"), area.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return []
    states = tuple(s for s in p.get("states") or () if members is None or s in members)
    if not states:
        return []
    radius_m = float(area.get("radius_km") or 0.0) * 1000.0
    others = [m for m in members or () if m not in states]
    try:
        start, end = date.fromisoformat(p["start"]), date.fromisoformat(p["end"])
    except (KeyError, TypeError, ValueError):
        return []
    found = near(float(lat), float(lon), regime.distance_m + radius_m, others)
    return [
        NearActivity(
            key=f"notification:{record.id}",
            designation=str(p.get("designation", "")),
            states=states,
            coastal_state=coast,
            distance_m=max(d - radius_m, 0.0),
            start=start,
            end=end,
            evidence=(record.id,),
        )
        for coast, d in sorted(found.items())
    ]


@dataclass
class CoastsProjection:
    """Presence episodes and notified activity areas, indexed; kept in step with the log."""

    setup: Setup[CoastsRegime]
    near: Near | None = None
    """How far a point is from members' coasts (none: notified areas are not judged)."""
    analyses: dict[int, str] = field(default_factory=dict)
    """Analysis id → the member coast it measured."""
    episodes: dict[int, Episode] = field(default_factory=dict)
    """Observation id → episode (state units of other members only)."""
    by_vessel: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    same: dict[Identity, set[int]] = field(default_factory=lambda: defaultdict(set))
    years: dict[PairYear, set[int]] = field(default_factory=lambda: defaultdict(set))
    """``(member, coast, year)`` → observation ids of its counted episodes."""
    activities: dict[int, list[NearActivity]] = field(default_factory=dict)

    @property
    def regime(self) -> CoastsRegime:
        """The regime in force."""
        return self.setup.regime

    def _members(self) -> tuple[str, ...] | None:
        return self.setup.members

    def _is_member(self, code: str) -> bool:
        members = self._members()
        return members is None or code in members

    # --- taking records in ---------------------------------------------------------------

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the subjects whose findings it may change."""
        if record.kind == ANALYSIS:
            coast = coastal_state_of(record.payload, self.regime)
            if coast is None or not self._is_member(coast):
                return set()
            self.analyses[record.id] = coast
            found = self.setup.evidence.observations(
                kinds=("near-coast",), analysis_ids=(record.id,)
            )
            return self._take(found)
        if record.kind == UNIT:
            vessel = str(record.payload.get("identifier", "")).strip().lower()
            if not vessel or not self.analyses:
                return set()
            old = self._drop_vessel(vessel)
            found = self.setup.evidence.observations(
                kinds=("near-coast",), vessels=(vessel,), analysis_ids=tuple(self.analyses)
            )
            return old | self._take(found)
        if record.kind == NOTIFICATION and self.near is not None:
            flagged = activity_areas(record, self.regime, self._members(), self.near)
            self.activities[record.id] = flagged
            return {f"notification:{record.id}"}
        return set()

    def _episode(self, o: Observation) -> Episode | None:
        coast = self.analyses.get(o.analysis_id)
        if coast is None or not o.vessels:
            return None
        vessel = o.vessels[0]
        unit = self.setup.evidence.unit(vessel, at=o.start)
        if unit is None or unit.member == coast or not self._is_member(unit.member):
            return None
        if unit.kind not in self.regime.unit_kinds:
            return None
        d = o.details
        return Episode(
            key=f"episode:{o.id}",
            member=unit.member,
            coastal_state=coast,
            vessel=vessel,
            unit_kind=unit.kind,
            unit_name=unit.name,
            start=o.start,
            end=o.end,
            min_distance_m=float(d.get("min_distance_m") or 0.0),
            lat=o.lat,
            lon=o.lon,
            observations=(o.id,),
            evidence=(o.analysis_id,) + ((unit.record_id,) if unit.record_id else ()),
            domain=unit.domain,
        )

    def _identity(self, e: Episode) -> Identity:
        return (e.coastal_state, e.vessel, e.start, e.end)

    def _counted(self, e: Episode) -> bool:
        """Whether ``e`` is the one counted among the analyses that saw the same stay."""
        return min(self.same[self._identity(e)]) == e.observations[0]

    def _subjects(self, e: Episode) -> set[str]:
        m, c, y = e.pair_year
        return {f"episode:{i}" for i in self.same[self._identity(e)]} | {
            pair_subject(m, c, y),
            pair_subject(m, c, y + 1),
        }

    def _put(self, e: Episode) -> None:
        oid = e.observations[0]
        self.episodes[oid] = e
        self.by_vessel[e.vessel].add(oid)
        ident = self._identity(e)
        before = min(self.same[ident]) if self.same[ident] else None
        self.same[ident].add(oid)
        now = min(self.same[ident])
        if before is not None and before != now:
            self.years[e.pair_year].discard(before)
        self.years[e.pair_year].add(now)

    def _drop(self, oid: int) -> set[str]:
        e = self.episodes.pop(oid, None)
        if e is None:
            return set()
        subjects = self._subjects(e)
        self.by_vessel[e.vessel].discard(oid)
        ident = self._identity(e)
        self.years[e.pair_year].discard(min(self.same[ident]))
        self.same[ident].discard(oid)
        if self.same[ident]:
            self.years[e.pair_year].add(min(self.same[ident]))
        else:
            del self.same[ident]
        return subjects

    def _drop_vessel(self, vessel: str) -> set[str]:
        subjects: set[str] = set()
        for oid in sorted(self.by_vessel.get(vessel, ())):
            subjects |= self._drop(oid)
        return subjects

    def _take(self, found: Iterable[Observation]) -> set[str]:
        subjects: set[str] = set()
        for o in found:
            subjects |= self._drop(o.id)
            e = self._episode(o)
            if e is not None:
                self._put(e)
                subjects |= self._subjects(e)
        return subjects

    # --- what a change reaches -------------------------------------------------------------

    def expand(self, subjects: set[str]) -> set[str]:
        """Each finding has one subject: nothing to close over."""
        return set(subjects)

    def due(self, since: datetime, until: datetime) -> set[str]:
        """No presence rule waits on the clock."""
        return set()

    # --- what the obligations read ------------------------------------------------------------

    def presence(self, key: PairYear) -> YearPresence:
        """A member's counted presence along a coast in a year."""
        eps = sorted(
            (self.episodes[i] for i in self.years.get(key, ())), key=lambda e: (e.start, e.key)
        )
        return YearPresence(
            len(eps), sum(e.duration_h for e in eps), tuple(e.observations[0] for e in eps)
        )

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> CoastsContext:
        """The obligations' context, judging ``focus``."""
        if focus is None:
            counted = {i for ids in self.years.values() for i in ids}
            episodes = [self.episodes[i] for i in sorted(counted)]
            keys = {k for k, ids in self.years.items() if ids}
            activities = [a for i in sorted(self.activities) for a in self.activities[i]]
        else:
            episodes = []
            keys = set()
            activities = []
            for s in sorted(focus):
                kind, _, rest = s.partition(":")
                if kind == "episode":
                    e = self.episodes.get(int(rest))
                    if e is not None and self._counted(e):
                        episodes.append(e)
                elif kind == "presence":
                    m, c, y = rest.split(":")
                    keys.add((m, c, int(y)))
                elif kind == "notification":
                    activities += self.activities.get(int(rest), [])
        wanted = keys | {(m, c, y - 1) for m, c, y in keys}
        return CoastsContext(
            regime_distance_nm=self.regime.distance_nm,
            as_of=as_of,
            episodes=episodes,
            years={k: self.presence(k) for k in sorted(wanted)},
            activities=activities,
            member_name=self.setup.member_name,
            since=self.setup.since,
            focus=focus,
        )


def new_projection(setup: Setup[CoastsRegime]) -> CoastsProjection:
    """A projection that cannot measure (tests); the registration uses
    :func:`cosec.mechanisms.coasts.measure.new_projection`."""
    return CoastsProjection(setup)
