"""Use cases of the code of safe conduct: the views the interfaces show.

Submissions go through the one shared pipeline; the rules a record meets are in
:mod:`.checks`, the state the obligations read in :mod:`.projection`. The views here read
only what the reader may see: a report, its replies and assessments through the audience
filter, and the tracked encounters of analyses the reader may read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from cosec.kit import NotFound, Observation, Principal, Setup
from cosec.mechanisms.incidents import records as r
from cosec.mechanisms.incidents.context import Incident, Tracked, incident_subject, matches
from cosec.mechanisms.incidents.obligations import reply_due, report_due
from cosec.mechanisms.incidents.projection import candidate, normal_hull, tracked, unit_name
from cosec.mechanisms.incidents.regime import IncidentRegime
from cosec.mechanisms.incidents.severity import Facts, Rated, rate
from cosec.plugin.store import (
    Deployment,
    RecordRow,
    Session,
    StoreEvidence,
    get_visible,
    list_visible,
    select,
    stored_payload,
)

MECHANISM = "incident"
KINDS = ["incident.report", "incident.reply", "incident.assessment", "incident.endorsement"]


def regime_of(deployment: Deployment, version: str | None = None) -> IncidentRegime:
    """The incident regime of a charter version (the current one by default)."""
    charter = deployment.version(version) if version else deployment.current
    regime = charter.regime(MECHANISM)
    if not isinstance(regime, IncidentRegime):
        raise NotFound(f"{charter.id} has no incident regime")
    return regime


@dataclass(frozen=True)
class Proposal:
    """A proposed joint assessment, and its endorsement if the other party gave it."""

    row: RecordRow
    assessment: r.IncidentAssessment
    rated: Rated
    endorsement: RecordRow | None = None


@dataclass(frozen=True)
class TrackedView:
    """A tracked encounter that is the incident, with the observation behind it."""

    tracked: Tracked
    observation: Observation


@dataclass(frozen=True)
class IncidentView:
    """A report as a reader sees it: both accounts, severity, tracks, deadlines."""

    record: RecordRow
    report: r.IncidentReport
    incident: Incident
    rated: Rated
    """By the agreed facts when both parties signed an assessment, else by the report's."""
    declared: Rated
    replies: tuple[tuple[RecordRow, r.IncidentReply, Rated], ...]
    proposals: tuple[Proposal, ...]
    tracks: tuple[TrackedView, ...] = ()
    report_due: datetime | None = None
    reply_due: datetime | None = None

    @property
    def joint(self) -> Proposal | None:
        """The endorsed assessment (the latest one), if any."""
        endorsed = [p for p in self.proposals if p.endorsement is not None]
        return endorsed[-1] if endorsed else None

    @property
    def closest(self) -> TrackedView | None:
        """The closest tracked encounter."""
        return min(self.tracks, key=lambda t: t.tracked.cpa_m, default=None)

    @property
    def reported_late(self) -> bool:
        """Whether the report was logged after its window."""
        return self.report_due is not None and self.record.submitted_at > self.report_due

    def timeline(self) -> list[tuple[datetime, str, str]]:
        """``(when, what, link)`` in time order."""
        out = [
            (self.incident.occurred_at, "Incident", ""),
            (self.record.submitted_at, f"Reported by {self.record.submitter}", ""),
        ]
        for row, _, _ in self.replies:
            out.append((row.submitted_at, f"Reply by {row.submitter}", f"/records/{row.id}"))
        for p in self.proposals:
            out.append(
                (
                    p.row.submitted_at,
                    f"Assessment proposed by {p.row.submitter}",
                    f"/records/{p.row.id}",
                )
            )
            if p.endorsement is not None:
                e = p.endorsement
                out.append((e.submitted_at, f"Endorsed by {e.submitter}", f"/records/{e.id}"))
        for t in self.tracks:
            out.append(
                (t.tracked.cpa_time, f"Closest approach in tracks: {t.tracked.cpa_m:,.0f} m", "")
            )
        return sorted(out, key=lambda x: x[0])


@dataclass(frozen=True)
class IncidentSummary:
    """One line of the list of incidents."""

    record: RecordRow
    report: r.IncidentReport
    rated: Rated
    joint: bool
    replied: bool


def _follow_ups(
    session: Session, deployment: Deployment, principal: Principal, report_ids: list[int] | None
) -> dict[int, list[RecordRow]]:
    """Replies, assessments and endorsements the reader may see, by the report they follow."""
    rows = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["incident.reply", "incident.assessment", "incident.endorsement"],
    )
    by_report: dict[int, list[RecordRow]] = defaultdict(list)
    report_of: dict[int, int] = {}
    for row in rows:  # in log order: an endorsement comes after its assessment
        if row.kind == "incident.endorsement":
            rid = report_of.get(row.refers_to or 0)
        else:
            rid = row.refers_to
            if row.kind == "incident.assessment" and rid is not None:
                report_of[row.id] = rid
        if rid is not None and (report_ids is None or rid in report_ids):
            by_report[rid].append(row)
    return by_report


def _proposals(
    domain: str, follow: list[RecordRow], regime: IncidentRegime, reporter: str, other: str
) -> list[Proposal]:
    proposals: dict[int, Proposal] = {}
    for row in follow:
        if row.kind == "incident.assessment":
            a = stored_payload(r.IncidentAssessment, row)
            if a is not None:
                proposals[row.id] = Proposal(row, a, rate(Facts.of(domain, a), regime))
        elif row.kind == "incident.endorsement" and (row.refers_to or 0) in proposals:
            p = proposals[row.refers_to or 0]
            if row.submitter in (reporter, other) and row.submitter != p.row.submitter:
                proposals[p.row.id] = replace(p, endorsement=row)
    return list(proposals.values())


def list_incidents(
    session: Session, *, deployment: Deployment, principal: Principal
) -> list[IncidentSummary]:
    """Reports the reader may see, newest incident first."""
    reports = list_visible(session, principal, deployment.current, kinds=["incident.report"])
    follow = _follow_ups(session, deployment, principal, None)
    out = []
    for row in reports:
        report = stored_payload(r.IncidentReport, row)
        if report is None:
            continue
        regime = regime_of(deployment, row.charter_version)
        proposals = _proposals(
            report.domain, follow.get(row.id, []), regime, row.submitter, report.other_member
        )
        joint = [p for p in proposals if p.endorsement is not None]
        rated = joint[-1].rated if joint else rate(Facts.of(report.domain, report), regime)
        replied = any(x.kind == "incident.reply" for x in follow.get(row.id, []))
        out.append(IncidentSummary(row, report, rated, bool(joint), replied))
    return sorted(out, key=lambda s: (s.report.occurred_at, s.record.id), reverse=True)


def get_incident(
    session: Session, *, deployment: Deployment, principal: Principal, report_id: int
) -> IncidentView:
    """One report with both accounts, its severity and its tracks, if the reader may see it."""
    row = get_visible(session, principal, deployment.current, report_id)
    if row is None or row.kind != "incident.report":
        raise NotFound(f"no incident report {report_id}")
    report = stored_payload(r.IncidentReport, row)
    if report is None:
        raise NotFound(
            f"report {report_id} was accepted by an earlier version of cosec and no longer "
            f"validates: read it as record {report_id}"
        )
    regime = regime_of(deployment, row.charter_version)
    follow = _follow_ups(session, deployment, principal, [row.id]).get(row.id, [])
    replies = []
    for x in follow:
        reply = stored_payload(r.IncidentReply, x) if x.kind == "incident.reply" else None
        if reply is not None:
            replies.append((x, reply, rate(Facts.of(report.domain, reply), regime)))
    proposals = _proposals(report.domain, follow, regime, row.submitter, report.other_member)
    declared = rate(Facts.of(report.domain, report), regime)
    joint = [p for p in proposals if p.endorsement is not None]
    hulls = _hulls(session, (row.submitter, report.other_member)) if _needs_hulls(report) else {}
    incident = Incident(
        key=incident_subject(row.id),
        title=report.title,
        reporter=row.submitter,
        other_member=report.other_member,
        domain=report.domain,
        occurred_at=report.occurred_at,
        lat=report.lat,
        lon=report.lon,
        declared=Facts.of(report.domain, report),
        own_units=tuple(unit_name(u, row.submitter, hulls) for u in report.own_units),
        other_units=tuple(unit_name(u, report.other_member, hulls) for u in report.other_units),
        record_id=row.id,
        reported_at=row.submitted_at,
        agreed=Facts.of(report.domain, joint[-1].assessment) if joint else None,
        replied_at=replies[0][0].submitted_at if replies else None,
        charter_version=row.charter_version,
    )
    tracks = _tracks(session, deployment, principal, incident, regime)
    incident = replace(incident, tracked=tuple(t.tracked for t in tracks))
    return IncidentView(
        record=row,
        report=report,
        incident=incident,
        rated=joint[-1].rated if joint else declared,
        declared=declared,
        replies=tuple(replies),
        proposals=tuple(proposals),
        tracks=tuple(tracks),
        report_due=report_due(incident, regime),
        reply_due=reply_due(row.submitted_at, regime),
    )


def _needs_hulls(report: r.IncidentReport) -> bool:
    return any(u.hull_number and not u.identifier for u in (*report.own_units, *report.other_units))


def _hulls(session: Session, members: tuple[str, ...]) -> dict[tuple[str, str], str]:
    """``(member, hull number)`` → identifier, from the registry's (public) entries."""
    out: dict[tuple[str, str], str] = {}
    rows = session.scalars(
        select(RecordRow).where(RecordRow.kind == "fleet.unit").order_by(RecordRow.id)
    )
    for row in rows:
        p = row.payload
        if p.get("member") in members and p.get("hull_number") and p.get("identifier"):
            out[(str(p["member"]), normal_hull(str(p["hull_number"])))] = str(p["identifier"])
    return out


def stored_vessel(identifier: str) -> str:
    """An identifier as observations store it: an MMSI as is, an ICAO address as its integer."""
    if identifier.isdigit() and len(identifier) == 9:
        return identifier
    try:
        return str(int(identifier, 16))
    except ValueError:
        return identifier


def _tracks(
    session: Session,
    deployment: Deployment,
    principal: Principal,
    incident: Incident,
    regime: IncidentRegime,
) -> list[TrackedView]:
    """The tracked encounters that are the incident, from analyses the reader may read."""
    evidence = StoreEvidence(session)
    charter = deployment.current
    setup = Setup(
        regime=regime,
        regimes={
            c.version: reg
            for c in deployment.versions
            if isinstance(reg := c.regime(MECHANISM), IncidentRegime)
        },
        members=charter.regime_members(MECHANISM),
        member_name=charter.member_name,
        since=deployment.versions[0].effective_from,
        evidence=evidence,
        mechanism=MECHANISM,
    )
    window = timedelta(hours=regime.match_window_hours)
    ids = sorted(stored_vessel(i) for i in incident.own_ids | incident.other_ids)
    found = evidence.observations(
        kinds=("encounters",),
        start=incident.occurred_at - window,
        end=incident.occurred_at + window,
        vessels=ids,
    )
    readable: dict[int, bool] = {}
    out = []
    for obs in found:
        if obs.analysis_id not in readable:
            seen = get_visible(session, principal, charter, obs.analysis_id)
            readable[obs.analysis_id] = seen is not None
        if not readable[obs.analysis_id]:
            continue
        c = candidate(obs, "", (regime,))
        t = tracked(c, setup) if c is not None else None
        if t is not None and matches(incident, t, regime):
            out.append(TrackedView(t, obs))
    return out


def _point(lon: float, lat: float, **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def geojson(v: IncidentView) -> dict[str, Any]:
    """The incident's positions and tracked closest approaches as GeoJSON points."""
    r = v.report
    features = [
        _point(r.lon, r.lat, kind="report", label=f"Reported by {v.record.submitter}: {r.title}")
    ]
    for row, reply, _ in v.replies:
        if reply.lat is not None and reply.lon is not None:
            features.append(
                _point(reply.lon, reply.lat, kind="reply", label=f"Reply by {row.submitter}")
            )
    for t in v.tracks:
        o, e = t.observation, t.tracked
        start = (o.start - timedelta(hours=1)).isoformat()
        end = (o.end + timedelta(hours=1)).isoformat()
        query = urlencode({"ids": ",".join(o.vessels), "start": start, "end": end})
        features.append(
            _point(
                e.lon,
                e.lat,
                kind="cpa",
                label=f"Closest approach in tracks: {e.cpa_m:,.0f} m at {e.cpa_time:%H:%M} UTC",
                observation=e.observation_id,
                cpa_distance_m=round(e.cpa_m, 1),
                tracks=f"/v1/analyses/{e.analysis_id}/tracks.geojson?{query}",
            )
        )
    return {"type": "FeatureCollection", "features": features}
