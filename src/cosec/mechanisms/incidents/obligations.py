"""The code of safe conduct's rules, as pure functions of an :class:`IncidentContext`.

Deadlines are strict: a report logged exactly ``report_within_hours`` after the incident
is on time, one a second later is late; likewise for replies.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.incidents.context import Incident, IncidentContext, Tracked
from cosec.mechanisms.incidents.regime import IncidentRegime
from cosec.mechanisms.incidents.severity import Facts


def _when(t: datetime) -> str:
    return f"{t:%d %B %Y}, {t:%H:%M} UTC"


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:,.0f} hours" if hours >= 2 else f"{delta.total_seconds() / 60:,.0f} minutes"


def report_due(incident: Incident, regime: IncidentRegime) -> datetime:
    """The last instant a report of the incident is on time."""
    return incident.occurred_at + timedelta(hours=regime.report_within_hours)


def reply_due(reported_at: datetime, regime: IncidentRegime) -> datetime:
    """The last instant the other member's reply is on time."""
    return reported_at + timedelta(days=regime.reply_within_days)


def encounter_due(encounter: Tracked, regime: IncidentRegime) -> datetime:
    """The last instant a report of a tracked encounter is on time."""
    return encounter.cpa_time + timedelta(hours=regime.report_within_hours)


def must_report(incident: Incident, level: str, regime: IncidentRegime) -> bool:
    """Whether the code asks for a report: L1-L3 by the facts, or the tracks show the units
    closer than the unsafe distance."""
    closest = incident.tracked_cpa
    unsafe = regime.unsafe_distance_m.of(incident.domain)
    return level != "L4" or (closest is not None and closest.cpa_m < unsafe)


def check_report_on_time(ctx: IncidentContext) -> Iterator[FindingDraft]:
    """``incident.report_on_time``: an unsafe encounter is reported within the window."""
    for inc in ctx.incidents:
        if inc.reported_at is None:
            continue
        regime = ctx.regime_for(inc.charter_version)
        rated = ctx.rated(inc)
        due = report_due(inc, regime)
        if inc.reported_at <= due or not must_report(inc, rated.level, regime):
            continue
        late = inc.reported_at - inc.occurred_at
        yield FindingDraft(
            obligation="incident.report_on_time",
            flag="report_late",
            severity=Severity.MEDIUM,
            members=(inc.reporter,),
            subjects=(inc.key,),
            evidence=inc.evidence[:1],
            summary=(
                f"{ctx.member_name(inc.reporter)} reported “{inc.title}” ({rated.level}) "
                f"{_hours(late)} after it happened; the code asks for a report within "
                f"{regime.report_within_hours} hours."
            ),
            details={
                "occurred_at": inc.occurred_at.isoformat(),
                "reported_at": inc.reported_at.isoformat(),
                "due": due.isoformat(),
                "level": rated.level,
            },
        )


def check_unreported(ctx: IncidentContext) -> Iterator[FindingDraft]:
    """``incident.unreported``: tracks show two members' state units closer than the unsafe
    distance, and neither member reported it within the window."""
    for r in ctx.encounters:
        e = r.encounter
        regime = ctx.regime_for(e.charter_version)
        due = encounter_due(e, regime)
        if r.reports or ctx.as_of <= due:
            continue
        dangerous = e.cpa_m < regime.dangerous_distance_m.of(e.domain)
        where = "in the air" if e.domain == "air" else "at sea"
        (a, b), (na, nb) = e.members, e.names
        yield FindingDraft(
            obligation="incident.unreported",
            flag="unreported_encounter",
            severity=Severity.HIGH if dangerous else Severity.MEDIUM,
            members=tuple(sorted(set(e.members))),
            subjects=(e.key,),
            evidence=(e.analysis_id, *e.unit_records),
            observations=(e.observation_id,),
            summary=(
                f"Tracks show {ctx.possessive(a)} {na} and {ctx.possessive(b)} {nb} within "
                f"{e.cpa_m:,.0f} m of each other {where} on {_when(e.cpa_time)}; neither "
                f"reported it, and the code asks for a report within "
                f"{regime.report_within_hours} hours."
            ),
            details={
                "cpa_distance_m": round(e.cpa_m, 1),
                "cpa_time": e.cpa_time.isoformat(),
                "vessels": list(e.vessels),
                "due": due.isoformat(),
                "unsafe_distance_m": regime.unsafe_distance_m.of(e.domain),
            },
        )


def check_reply(ctx: IncidentContext) -> Iterator[FindingDraft]:
    """``incident.reply``: the other member gives its account within the window."""
    for inc in ctx.incidents:
        if inc.reported_at is None:
            continue
        regime = ctx.regime_for(inc.charter_version)
        due = reply_due(inc.reported_at, regime)
        days = regime.reply_within_days
        if inc.replied_at is None:
            if ctx.as_of <= due:
                continue
            flag, severity = "reply_overdue", Severity.MEDIUM
            what = f"has not replied to the report of “{inc.title}”, due {_when(due)}"
            evidence = inc.evidence[:1]
        elif inc.replied_at > due:
            flag, severity = "reply_late", Severity.LOW
            what = f"replied to the report of “{inc.title}” {_hours(inc.replied_at - due)} late"
            evidence = (*inc.evidence[:1], *((inc.reply_id,) if inc.reply_id else ()))
        else:
            continue
        yield FindingDraft(
            obligation="incident.reply",
            flag=flag,
            severity=severity,
            members=(inc.other_member,),
            subjects=(inc.key,),
            evidence=evidence,
            summary=(
                f"{ctx.member_name(inc.other_member)} {what}; the code asks for a reply "
                f"within {days} days."
            ),
            details={
                "due": due.isoformat(),
                "replied_at": inc.replied_at.isoformat() if inc.replied_at else None,
            },
        )


def contradicts(declared_m: float, tracked_m: float, regime: IncidentRegime) -> bool:
    """Whether a declared distance differs from the tracks' CPA by more than
    ``max(contradiction_min_m, contradiction_fraction × CPA)``.

    >>> r = IncidentRegime()
    >>> contradicts(400, 90, r), contradicts(190, 90, r), contradicts(191, 90, r)
    (True, False, True)
    """
    tolerance = max(regime.contradiction_min_m, regime.contradiction_fraction * tracked_m)
    return abs(declared_m - tracked_m) > tolerance


def check_contradicted(ctx: IncidentContext) -> Iterator[FindingDraft]:
    """``incident.contradicted``: a declared closest distance the tracks contradict."""
    for inc in ctx.incidents:
        t = inc.tracked_cpa
        if t is None:
            continue
        regime = ctx.regime_for(inc.charter_version)
        accounts: list[tuple[str, str, Facts, int | None]] = [
            ("report", inc.reporter, inc.declared, inc.record_id)
        ]
        if inc.reply_facts is not None:
            accounts.append(("reply", inc.other_member, inc.reply_facts, inc.reply_id))
        for aspect, member, facts, rid in accounts:
            d = facts.min_distance_m
            if d is None or not contradicts(d, t.cpa_m, regime):
                continue
            yield FindingDraft(
                obligation="incident.contradicted",
                flag="report_contradicted",
                severity=Severity.MEDIUM,
                members=(member,),
                subjects=(inc.key,),
                aspect=aspect,
                evidence=(*((rid,) if rid else ()), t.analysis_id),
                observations=tuple(sorted(x.observation_id for x in inc.tracked)),
                summary=(
                    f"{ctx.possessive(member)} {aspect} of “{inc.title}” puts the closest "
                    f"distance at {d:,.0f} m; the tracks show {t.cpa_m:,.0f} m at "
                    f"{t.cpa_time:%H:%M} UTC."
                ),
                details={
                    "declared_m": d,
                    "tracked_m": round(t.cpa_m, 1),
                    "tolerance_m": max(
                        regime.contradiction_min_m, regime.contradiction_fraction * t.cpa_m
                    ),
                },
            )


def check_repeat_offender(ctx: IncidentContext) -> Iterator[FindingDraft]:
    """``incident.repeat_offender``: one unit named in several serious incidents a year."""
    for uy in ctx.unit_years:
        regime = ctx.regime
        hits = [(rid, lvl) for rid, lvl in uy.incidents if lvl in regime.repeat_offender_levels]
        if len(hits) < regime.repeat_offender_incidents:
            continue
        levels = " or ".join(regime.repeat_offender_levels)
        ids = ", ".join(str(rid) for rid, _ in hits)
        yield FindingDraft(
            obligation="incident.repeat_offender",
            flag="repeat_offender",
            severity=Severity.HIGH,
            members=(uy.unit.member,),
            subjects=(uy.subject,),
            evidence=tuple(rid for rid, _ in hits),
            summary=(
                f"{ctx.possessive(uy.unit.member)} {uy.unit.label} was named in {len(hits)} "
                f"{levels} incidents in {uy.year} (reports {ids}): a matter for the council."
            ),
            details={"year": uy.year, "unit": uy.unit.key, "incidents": [list(h) for h in hits]},
        )
