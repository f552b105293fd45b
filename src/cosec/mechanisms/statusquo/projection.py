"""The status-quo mechanism's state, folded from its records (see :mod:`cosec.kit.projection`).

Per feature: its registry entry (shipped, or the latest ``statusquo.feature`` record), the
changes declared and the observations made on it, and the public goods offered on it.
From track evidence: approaches of state vessels to features, read from ``near-coast``
analyses that measured one feature at the charter's approach distance.

Subjects are ``feature:<id>`` (reclamation, new facilities, offensive deployments),
``observation:<record id>`` (unreported changes, due when their deadline passes) and
``approach:<observation id>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sortedcontainers import SortedList

from cosec.kit import Observation, Setup, StoredRecord, payload_of
from cosec.mechanisms.statusquo import records as r
from cosec.mechanisms.statusquo.facts import (
    Approach,
    Fact,
    FeatureFacts,
    FeatureInfo,
    Good,
    StatusQuoContext,
    plain,
    report_deadline,
)
from cosec.mechanisms.statusquo.regime import StatusQuoRegime
from cosec.mechanisms.statusquo.registry import registry, state_of

ANALYSIS = "evidence.analysis"
UNIT = "fleet.unit"


def entry_info(record: StoredRecord, entry: r.FeatureEntry) -> FeatureInfo:
    """A ``statusquo.feature`` record as the registry entry the rules read."""
    return FeatureInfo(
        id=entry.feature,
        name=entry.name,
        group=entry.group,
        claimants=entry.claimants,
        occupant=entry.occupant,
        baseline=state_of(entry.baseline),
        baseline_as_of=entry.baseline.as_of,
        baseline_source=entry.baseline.source,
        evidence=(record.id,),
        lat=entry.lat,
        lon=entry.lon,
        note=entry.note,
    )


def change_fact(record: StoredRecord) -> Fact | None:
    """A declared change as a fact (``None``: it no longer validates)."""
    c = payload_of(r.FeatureChange, record)
    if c is None:
        return None
    return Fact(
        key=str(record.id),
        source="change",
        feature=c.feature,
        on=c.on,
        logged=record.submitted_at,
        area_ha=c.area_ha,
        facilities=plain(c.facilities),
        deployments=plain(c.deployments),
        member=record.submitter,
        evidence=(record.id,),
        label=c.description,
    )


def observation_fact(record: StoredRecord) -> Fact | None:
    """An observation as a fact (``None``: it no longer validates)."""
    o = payload_of(r.FeatureObservation, record)
    if o is None:
        return None
    return Fact(
        key=str(record.id),
        source="observation",
        feature=o.feature,
        on=o.imagery_date,
        logged=record.submitted_at,
        area_ha=o.area_ha,
        facilities=plain(o.facilities),
        deployments=plain(o.deployments),
        member=o.member,
        evidence=(record.id,),
        label=o.source,
    )


def approach_feature(payload: dict[str, Any], regime: StatusQuoRegime) -> bool:
    """Whether an analysis measured one feature alone at the charter's approach distance."""
    if payload.get("event_kind") != "near-coast":
        return False
    params = payload.get("params") or {}
    features = params.get("features") or ()
    within = params.get("within_m")
    return (
        len(features) == 1
        and not params.get("states")
        and isinstance(within, int | float)
        and abs(float(within) - regime.approach_m) <= 1.0
    )


@dataclass
class StatusQuoProjection:
    """Features, their facts and goods, and approaches from tracks; kept in step with the log."""

    setup: Setup[StatusQuoRegime]
    entries: dict[str, FeatureInfo] = field(default_factory=dict)
    """Features the secretariat listed or corrected by record (the latest entry wins)."""
    facts: dict[str, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    goods: dict[int, Good] = field(default_factory=dict)
    approaches: dict[int, Approach] = field(default_factory=dict)
    """Observation id → approach (state units only)."""
    by_vessel: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_feature: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    """Feature → observation ids of its approaches."""
    analyses: dict[int, datetime] = field(default_factory=dict)
    """Analyses that measured approaches to one feature, by id."""
    deadlines: SortedList = field(default_factory=SortedList)
    """``(report deadline, observation record id)`` of every observation, for :meth:`due`."""
    fact_feature: dict[str, str] = field(default_factory=dict)
    """Observation key → its feature."""

    @property
    def regime(self) -> StatusQuoRegime:
        """The regime in force."""
        return self.setup.regime

    # --- taking records in ---------------------------------------------------------------

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the subjects whose findings it may change."""
        kind = record.kind
        if kind == r.KIND_FEATURE:
            entry = payload_of(r.FeatureEntry, record)
            if entry is None:
                return set()
            self.entries[entry.feature] = entry_info(record, entry)
            return self._of_feature(entry.feature)
        if kind in (r.KIND_CHANGE, r.KIND_OBSERVATION):
            fact = change_fact(record) if kind == r.KIND_CHANGE else observation_fact(record)
            if fact is None:
                return set()
            self.facts[fact.feature].append(fact)
            if fact.source == "observation":
                self.fact_feature[fact.key] = fact.feature
                self.deadlines.add((report_deadline(fact, self.regime), record.id))
            return self._of_feature(fact.feature)
        if kind == r.KIND_GOOD:
            good = payload_of(r.PublicGood, record)
            if good is None:
                return set()
            self.goods[record.id] = Good(
                key=str(record.id),
                kind=good.kind,
                name=good.name,
                feature=good.feature,
                offered_by=record.submitter,
                evidence=(record.id,),
            )
            return self._of_feature(good.feature) if good.feature else set()
        if kind == r.KIND_JOIN:
            offered = self.goods.get(record.refers_to or 0)
            if offered is None:
                return set()
            self.goods[offered_id := int(offered.key)] = replace(
                offered,
                joined_by=offered.joined_by | {record.submitter},
                evidence=(*offered.evidence, record.id),
            )
            feature = self.goods[offered_id].feature
            return self._of_feature(feature) if feature else set()
        if kind == ANALYSIS:
            if not approach_feature(record.payload, self.regime):
                return set()
            self.analyses[record.id] = record.submitted_at
            found = self.setup.evidence.observations(
                kinds=("near-coast",), analysis_ids=(record.id,)
            )
            return self._take(found)
        if kind == UNIT:
            identifier = str(record.payload.get("identifier", "")).strip().lower()
            return self._revisit(identifier) if identifier else set()
        return set()

    def _of_feature(self, feature: str) -> set[str]:
        subjects = {f"feature:{feature}"}
        subjects |= {
            f"observation:{f.key}" for f in self.facts.get(feature, ()) if f.source == "observation"
        }
        subjects |= {f"approach:{i}" for i in self.by_feature.get(feature, ())}
        return subjects

    def _drop(self, observation_id: int) -> None:
        old = self.approaches.pop(observation_id, None)
        if old is not None:
            self.by_vessel[old.vessel].discard(observation_id)
            self.by_feature[old.feature].discard(observation_id)

    def _put(self, a: Approach, observation_id: int) -> None:
        self._drop(observation_id)
        self.approaches[observation_id] = a
        self.by_vessel[a.vessel].add(observation_id)
        self.by_feature[a.feature].add(observation_id)

    def _take(self, found: Iterable[Observation]) -> set[str]:
        """Approaches among observations: those of state units (as the registry says)."""
        subjects: set[str] = set()
        for o in found:
            target = str(o.details.get("target", ""))
            if not target.startswith("feature:") or not o.vessels:
                continue
            vessel = o.vessels[0]
            unit = self.setup.evidence.unit(vessel, at=o.start)
            key = f"approach:{o.id}"
            subjects.add(key)
            if unit is None:
                self._drop(o.id)
                continue
            approach = Approach(
                key=key,
                feature=target.removeprefix("feature:"),
                member=unit.member,
                vessel=vessel,
                unit_kind=unit.kind,
                unit_name=unit.name,
                start=o.start,
                end=o.end,
                min_distance_m=float(o.details.get("min_distance_m", 0.0) or 0.0),
                observations=(o.id,),
                evidence=(o.analysis_id,) + ((unit.record_id,) if unit.record_id else ()),
                domain=unit.domain,
                lat=o.lat,
                lon=o.lon,
            )
            self._put(approach, o.id)
        return subjects

    def _revisit(self, vessel: str) -> set[str]:
        """A registry change for a unit: judge again its approaches, old and new."""
        if not self.analyses:
            return set()
        old = {f"approach:{i}" for i in self.by_vessel.get(vessel, ())}
        found = self.setup.evidence.observations(
            kinds=("near-coast",), vessels=(vessel,), analysis_ids=tuple(self.analyses)
        )
        return old | self._take(found)

    # --- what a change reaches -------------------------------------------------------------

    def expand(self, subjects: set[str]) -> set[str]:
        """Every subject of a feature that a subject of it names (one feature's facts are
        judged together)."""
        out = set(subjects)
        for s in subjects:
            if s.startswith("observation:") and (f := self.fact_feature.get(s[12:])):
                out |= self._of_feature(f)
            elif s.startswith("feature:"):
                out |= self._of_feature(s[8:])
        return out

    def due(self, since: datetime, until: datetime) -> set[str]:
        """Observations whose reporting deadline passed between ``since`` and ``until``."""
        if until <= since:
            return set()
        return {
            f"observation:{rid}"
            for _, rid in self.deadlines.irange((since, 0), (until, 0), inclusive=(True, False))
        }

    # --- what the obligations read ------------------------------------------------------------

    def info(self, feature: str) -> FeatureInfo | None:
        """The registry entry the rules read: a record's, else the shipped registry's."""
        if feature in self.entries:
            return self.entries[feature]
        shipped = registry(self.regime.registry).get(feature)
        return shipped.info(self.regime.status_quo_date) if shipped is not None else None

    def feature_facts(self, feature: str) -> FeatureFacts | None:
        """Everything known about one feature."""
        info = self.info(feature)
        if info is None:
            return None
        goods = tuple(g for g in self.goods.values() if g.feature == feature)
        return FeatureFacts(info=info, facts=tuple(self.facts.get(feature, ())), goods=goods)

    def feature_ids(self) -> set[str]:
        """Every feature the registry or a record names."""
        return set(registry(self.regime.registry)) | set(self.entries) | set(self.facts)

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> StatusQuoContext:
        """The obligations' context, judging ``focus``."""
        if focus is None:
            wanted = self.feature_ids()
            approaches = list(self.approaches.values())
        else:
            wanted = {s[8:] for s in focus if s.startswith("feature:")}
            for s in focus:
                if s.startswith("observation:") and (f := self.fact_feature.get(s[12:])):
                    wanted.add(f)
            approaches = [
                a
                for s in sorted(focus)
                if s.startswith("approach:") and (a := self.approaches.get(int(s[9:]))) is not None
            ]
            wanted |= {a.feature for a in approaches}
        features = {
            f: facts for f in sorted(wanted) if (facts := self.feature_facts(f)) is not None
        }
        return StatusQuoContext(
            regime=self.regime,
            as_of=as_of,
            features=features,
            approaches=approaches,
            members=self.setup.members,
            member_name=self.setup.member_name,
            focus=focus,
        )


def new_projection(setup: Setup[StatusQuoRegime]) -> StatusQuoProjection:
    """The projection of an empty log (the registration's factory)."""
    return StatusQuoProjection(setup)
