"""The incident mechanism's state, folded from its records (see :mod:`cosec.kit.projection`).

It takes in the incident kinds, the secretariat's analyses of tracks (``evidence.analysis``:
their encounter events) and the state-unit registry (``fleet.unit``). Reports and tracked
encounters are indexed by the pair of members and by time, units by identifier and hull
number, so a new record names the few subjects it may change without comparing all pairs:
``I12`` (the incident reported by record 12), ``E40`` (the encounter of observation 40),
``unit:412000001:2026`` (a unit's incidents in a year).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sortedcontainers import SortedKeyList

from cosec.kit import Observation, Setup, StateUnit, StoredRecord, payload_of
from cosec.mechanisms.incidents import records as r
from cosec.mechanisms.incidents.context import (
    Incident,
    IncidentContext,
    Reported,
    Tracked,
    UnitName,
    UnitYear,
    incident_subject,
    matches,
    pair,
    unit_subject,
)
from cosec.mechanisms.incidents.obligations import encounter_due, reply_due
from cosec.mechanisms.incidents.regime import IncidentRegime
from cosec.mechanisms.incidents.severity import Facts, rate

KIND_ANALYSIS = "evidence.analysis"
KIND_UNIT = "fleet.unit"


def normal_hull(hull: str) -> str:
    """A hull number compared without case, spaces or dashes: ``DDG 73`` is ``ddg73``."""
    return "".join(ch for ch in hull.lower() if ch.isalnum())


def identifier_of(vessel: str) -> str:
    """An observation's vessel as the registry names it: a ship's MMSI (9 digits) as is, an
    aircraft's address (stored by the track reader as its integer) as six hex digits."""
    text = vessel.strip().lower()
    if text.isdigit() and len(text) != 9 and int(text) < 2**24:
        return f"{int(text):06x}"
    return text


def domain_of(vessel: str) -> str:
    """``sea`` for an MMSI, ``air`` for an aircraft's address."""
    return "sea" if vessel.isdigit() and len(vessel) == 9 else "air"


def _instant(value: Any, default: datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class _Candidate:
    """An encounter event closer than the unsafe distance, whoever the vessels are."""

    observation: Observation
    domain: str
    vessels: tuple[str, str]
    cpa_m: float
    cpa_time: datetime
    charter_version: str


def candidate(
    obs: Observation, charter_version: str, regimes: Sequence[IncidentRegime]
) -> _Candidate | None:
    """An encounter event closer than the widest unsafe distance of ``regimes``, if it is one."""
    if len(obs.vessels) != 2:
        return None
    a, b = (identifier_of(v) for v in obs.vessels)
    domain = domain_of(a)
    cpa = obs.details.get("cpa_distance_m")
    if not isinstance(cpa, int | float) or isinstance(cpa, bool):
        return None
    if cpa >= max(reg.unsafe_distance_m.of(domain) for reg in regimes):
        return None
    cpa_time = _instant(obs.details.get("cpa_time"), obs.start)
    return _Candidate(obs, domain, (a, b), float(cpa), cpa_time, charter_version)


def tracked(c: _Candidate, setup: Setup[IncidentRegime]) -> Tracked | None:
    """A candidate as an encounter of two members' state units, if the registry says so."""
    ua, ub = (setup.evidence.unit(v, at=c.observation.start) for v in c.vessels)
    if ua is None or ub is None or ua.member == ub.member:
        return None
    if setup.members is not None and not {ua.member, ub.member} <= set(setup.members):
        return None
    regime = setup.regime_for(c.charter_version)
    if c.cpa_m >= regime.unsafe_distance_m.of(c.domain):
        return None
    o = c.observation
    return Tracked(
        observation_id=o.id,
        analysis_id=o.analysis_id,
        domain=c.domain,
        vessels=c.vessels,
        members=(ua.member, ub.member),
        names=(_label(ua), _label(ub)),
        unit_records=tuple(sorted({u.record_id for u in (ua, ub) if u.record_id})),
        cpa_m=c.cpa_m,
        cpa_time=c.cpa_time,
        start=o.start,
        end=o.end,
        lat=o.lat,
        lon=o.lon,
        charter_version=c.charter_version,
    )


def _label(u: StateUnit) -> str:
    return f"{u.name} ({u.identifier})" if u.name else u.identifier


def unit_name(unit: r.UnitRef, member: str, hulls: Mapping[tuple[str, str], str]) -> UnitName:
    """A report's unit, resolved to an identifier by the registry's hull numbers if need be."""
    ident = unit.identifier
    if ident is None and unit.hull_number:
        ident = hulls.get((member, normal_hull(unit.hull_number)))
    if ident is not None:
        key = ident
    elif unit.hull_number:
        key = f"hull:{member}:{normal_hull(unit.hull_number)}"
    else:
        key = f"name:{member}:{' '.join(unit.name.lower().split())}"
    label = unit.label if unit.identifier or ident is None else f"{unit.label} ({ident})"
    return UnitName(key=key, member=member, label=label, identifier=ident)


@dataclass
class _Report:
    row: StoredRecord
    report: r.IncidentReport
    replies: list[tuple[StoredRecord, r.IncidentReply]] = field(default_factory=list)
    assessments: dict[int, tuple[StoredRecord, r.IncidentAssessment]] = field(default_factory=dict)
    endorsed: list[tuple[int, int]] = field(default_factory=list)
    """``(assessment id, endorsement id)`` in log order: the last one is the agreed facts."""


def _by_time() -> SortedKeyList:
    return SortedKeyList(key=lambda x: x)


@dataclass
class IncidentProjection:
    """Reports, tracked encounters and units, indexed; kept in step with the log."""

    setup: Setup[IncidentRegime]
    reports: dict[int, _Report] = field(default_factory=dict)
    assessment_of: dict[int, int] = field(default_factory=dict)
    """Assessment id → report id."""
    reports_by_pair: dict[tuple[str, str], SortedKeyList] = field(
        default_factory=lambda: defaultdict(_by_time)
    )
    candidates: dict[int, _Candidate] = field(default_factory=dict)
    candidates_by_vessel: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    encounters: dict[int, Tracked] = field(default_factory=dict)
    encounters_by_pair: dict[tuple[str, str], SortedKeyList] = field(
        default_factory=lambda: defaultdict(_by_time)
    )
    hulls: dict[tuple[str, str], str] = field(default_factory=dict)
    """``(member, hull number)`` → identifier, from the registry's entries."""
    reports_by_hull: dict[tuple[str, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    unit_years: dict[tuple[str, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    units_of_report: dict[int, set[tuple[str, int]]] = field(default_factory=dict)
    deadlines: SortedKeyList = field(default_factory=_by_time)
    """``(deadline, subject)``: replies falling due, encounters' reports falling due."""

    # --- taking records in ---------------------------------------------------------------

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the subjects whose findings it may change."""
        kind = record.kind
        if kind == "incident.report":
            return self._report(record)
        if kind in ("incident.reply", "incident.assessment"):
            rep = self.reports.get(record.refers_to or 0)
            if rep is None:
                return set()
            if kind == "incident.reply":
                reply = payload_of(r.IncidentReply, record)
                if reply is not None:
                    rep.replies.append((record, reply))
            else:
                assessment = payload_of(r.IncidentAssessment, record)
                if assessment is not None:
                    rep.assessments[record.id] = (record, assessment)
                    self.assessment_of[record.id] = rep.row.id
            return self._rejudge(rep.row.id)
        if kind == "incident.endorsement":
            rid = self.assessment_of.get(record.refers_to or 0)
            if rid is None:
                return set()
            self.reports[rid].endorsed.append((record.refers_to or 0, record.id))
            return self._rejudge(rid)
        if kind == KIND_ANALYSIS:
            return self._analysis(record)
        if kind == KIND_UNIT:
            return self._unit(record)
        return set()

    def _report(self, record: StoredRecord) -> set[str]:
        report = payload_of(r.IncidentReport, record)
        if report is None:
            return set()
        rid = record.id
        self.reports[rid] = _Report(record, report)
        self.reports_by_pair[pair(record.submitter, report.other_member)].add(
            (report.occurred_at, rid)
        )
        for member, units in (
            (record.submitter, report.own_units),
            (report.other_member, report.other_units),
        ):
            for u in units:
                if u.hull_number and not u.identifier:
                    self.reports_by_hull[(member, normal_hull(u.hull_number))].add(rid)
        regime = self.setup.regime_for(record.charter_version)
        due = reply_due(record.submitted_at, regime)
        self.deadlines.add((due, incident_subject(rid)))
        return self._rejudge(rid)

    def _rejudge(self, rid: int) -> set[str]:
        """A report's subjects: itself, its units' years (before and after), its encounters."""
        subjects = {incident_subject(rid)}
        subjects |= {unit_subject(k, y) for k, y in self.units_of_report.get(rid, ())}
        self._index_units(rid)
        subjects |= {unit_subject(k, y) for k, y in self.units_of_report.get(rid, ())}
        subjects |= {t.key for t in self._incident(rid).tracked}
        return subjects

    def _index_units(self, rid: int) -> None:
        for key in self.units_of_report.pop(rid, ()):
            self.unit_years[key].discard(rid)
            if not self.unit_years[key]:
                del self.unit_years[key]
        inc = self._incident(rid, tracked=False)
        keys = {(u.key, inc.occurred_at.year) for u in inc.other_units}
        for key in keys:
            self.unit_years[key].add(rid)
        self.units_of_report[rid] = keys

    def _analysis(self, record: StoredRecord) -> set[str]:
        payload = record.payload
        if payload.get("event_kind") != "encounters":
            return set()
        regimes = (self.setup.regime, *self.setup.regimes.values())
        subjects: set[str] = set()
        found = self.setup.evidence.observations(kinds=("encounters",), analysis_ids=(record.id,))
        for obs in found:
            c = candidate(obs, record.charter_version, regimes)
            if c is None:
                continue
            self.candidates[obs.id] = c
            for v in c.vessels:
                self.candidates_by_vessel[v].add(obs.id)
            subjects |= self._retrack(obs.id)
        return subjects

    def _retrack(self, obs_id: int) -> set[str]:
        """Judge a candidate again against the registry; the subjects it reaches."""
        old = self.encounters.pop(obs_id, None)
        subjects: set[str] = set()
        if old is not None:
            self.encounters_by_pair[pair(*old.members)].discard((old.cpa_time, obs_id))
            subjects |= {old.key} | self._reports_matching(old)
        new = tracked(self.candidates[obs_id], self.setup)
        if new is not None:
            self.encounters[obs_id] = new
            self.encounters_by_pair[pair(*new.members)].add((new.cpa_time, obs_id))
            regime = self.setup.regime_for(new.charter_version)
            deadline = (encounter_due(new, regime), new.key)
            if deadline not in self.deadlines:
                self.deadlines.add(deadline)
            subjects |= {new.key} | self._reports_matching(new)
        return subjects

    def _unit(self, record: StoredRecord) -> set[str]:
        p = record.payload
        ident = str(p.get("identifier", "")).strip().lower()
        member, hull = str(p.get("member", "")), str(p.get("hull_number", ""))
        subjects: set[str] = set()
        for obs_id in sorted(self.candidates_by_vessel.get(ident, ())):
            subjects |= self._retrack(obs_id)
        if hull and ident:
            key = (member, normal_hull(hull))
            if self.hulls.get(key) != ident:
                self.hulls[key] = ident
                for rid in sorted(self.reports_by_hull.get(key, ())):
                    subjects |= {t.key for t in self._incident(rid).tracked}
                    subjects |= self._rejudge(rid)
        return subjects

    # --- reading it ----------------------------------------------------------------------

    def _window(self) -> timedelta:
        regimes = (self.setup.regime, *self.setup.regimes.values())
        return timedelta(hours=max(reg.match_window_hours for reg in regimes))

    def _reports_matching(self, enc: Tracked) -> set[str]:
        return {incident_subject(rid) for rid, _ in self._reports_of(enc)}

    def _reports_of(self, enc: Tracked) -> list[tuple[int, datetime]]:
        w = self._window()
        near = self.reports_by_pair.get(pair(*enc.members))
        if not near:
            return []
        out = []
        for _, rid in near.irange((enc.cpa_time - w, 0), (enc.cpa_time + w, 2**63)):
            inc = self._incident(rid, tracked=False)
            if matches(inc, enc, self.setup.regime_for(inc.charter_version)):
                out.append((rid, inc.reported_at or inc.occurred_at))
        return out

    def _incident(self, rid: int, *, tracked: bool = True) -> Incident:
        rep = self.reports[rid]
        p, row = rep.report, rep.row
        agreed = None
        evidence = [rid]
        if rep.endorsed:
            aid, eid = rep.endorsed[-1]
            agreed = Facts.of(p.domain, rep.assessments[aid][1])
            evidence += [aid, eid]
        first = rep.replies[0][0] if rep.replies else None
        latest = rep.replies[-1][1] if rep.replies else None
        inc = Incident(
            key=incident_subject(rid),
            title=p.title,
            reporter=row.submitter,
            other_member=p.other_member,
            domain=p.domain,
            occurred_at=p.occurred_at.astimezone(UTC),
            lat=p.lat,
            lon=p.lon,
            declared=Facts.of(p.domain, p),
            own_units=tuple(unit_name(u, row.submitter, self.hulls) for u in p.own_units),
            other_units=tuple(unit_name(u, p.other_member, self.hulls) for u in p.other_units),
            record_id=rid,
            reported_at=row.submitted_at,
            agreed=agreed,
            reply_id=first.id if first is not None else None,
            replied_at=first.submitted_at if first is not None else None,
            reply_facts=Facts.of(p.domain, latest) if latest is not None else None,
            evidence=tuple(evidence),
            charter_version=row.charter_version,
        )
        if not tracked:
            return inc
        regime = self.setup.regime_for(row.charter_version)
        w = timedelta(hours=regime.match_window_hours)
        near = self.encounters_by_pair.get(pair(row.submitter, p.other_member))
        found: list[Tracked] = []
        if near:
            lo, hi = (inc.occurred_at - w, 0), (inc.occurred_at + w, 2**63)
            found = [
                e
                for _, oid in near.irange(lo, hi)
                if matches(inc, e := self.encounters[oid], regime)
            ]
        return replace(inc, tracked=tuple(found))

    def _unit_year(self, key: tuple[str, int]) -> UnitYear | None:
        rids = sorted(self.unit_years.get(key, ()))
        if not rids:
            return None
        levels = []
        unit = None
        for rid in rids:
            inc = self._incident(rid, tracked=False)
            unit = next((u for u in inc.other_units if u.key == key[0]), unit)
            levels.append((rid, rate(inc.facts, self.setup.regime_for(inc.charter_version)).level))
        assert unit is not None  # every indexed report names the unit
        return UnitYear(unit=unit, year=key[1], incidents=tuple(levels))

    def expand(self, subjects: set[str]) -> set[str]:
        """Nothing to close over: :meth:`apply` names every subject a record reaches."""
        return subjects

    def due(self, since: datetime, until: datetime) -> set[str]:
        """Subjects whose deadlines fall in ``[since, until)``."""
        if until <= since:
            return set()
        return {s for _, s in self.deadlines.irange((since, ""), (until, ""), (True, False))}

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> IncidentContext:
        """The obligations' context, judging ``focus`` (``None``: everything)."""
        if focus is None:
            rids: Iterable[int] = sorted(self.reports)
            oids: Iterable[int] = sorted(self.encounters)
            keys: Iterable[tuple[str, int]] = sorted(self.unit_years)
        else:
            rids = sorted(int(s[1:]) for s in focus if s[:1] == "I" and s[1:].isdigit())
            oids = sorted(int(s[1:]) for s in focus if s[:1] == "E" and s[1:].isdigit())
            keys = sorted(_unit_key(s) for s in focus if s.startswith("unit:"))
        incidents = [self._incident(rid) for rid in rids if rid in self.reports]
        encounters = [
            Reported(e, tuple(self._reports_of(e)))
            for oid in oids
            if (e := self.encounters.get(oid)) is not None
        ]
        unit_years = [uy for k in keys if (uy := self._unit_year(k)) is not None]
        return IncidentContext(
            regime=self.setup.regime,
            as_of=as_of,
            incidents=incidents,
            encounters=encounters,
            unit_years=unit_years,
            regimes_by_version=self.setup.regimes,
            member_name=self.setup.member_name,
        )


def _unit_key(subject: str) -> tuple[str, int]:
    body = subject.removeprefix("unit:")
    key, _, year = body.rpartition(":")
    return key, int(year) if year.isdigit() else 0


def new_projection(setup: Setup[IncidentRegime]) -> IncidentProjection:
    """The projection of an empty log (the registration's factory)."""
    return IncidentProjection(setup)
