"""The presence rules (domain reference §8), as pure functions of a :class:`CoastsContext`.

- ``presence``: every episode of a member's state vessel or aircraft within the distance of
  another member's coast is a finding of low severity, which the member can answer;
- ``presence_grew``: a member's count or hours along another member's coasts in a year
  above the year before's (a year before the charter took effect is no yardstick);
- ``activity_near_coast``: a notified activity whose area (centre and radius) lies within
  the distance of the coast of a member that takes no part in it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.coasts.episodes import (
    METRES_PER_NM,
    CoastsContext,
    YearPresence,
    pair_subject,
)


def _day(d: object) -> str:
    return f"{d:%d %B %Y}".lstrip("0")


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def check_presence(ctx: CoastsContext) -> Iterator[FindingDraft]:
    """``coasts.presence``: each stay along another member's coast, for the record."""
    for e in ctx.episodes:
        if not ctx.judges(e.key):
            continue
        what = "aircraft" if e.domain == "air" else "vessel"
        named = f" {e.unit_name}" if e.unit_name else ""
        kind = e.unit_kind.replace("_", " ")
        yield FindingDraft(
            obligation="coasts.presence",
            flag="presence",
            severity=Severity.LOW,
            members=(e.member,),
            subjects=(e.key,),
            evidence=e.evidence,
            observations=e.observations,
            summary=(
                f"{ctx.possessive(e.member)} {kind} {what}{named} ({e.vessel}) stayed "
                f"{e.duration_h:.1f} h within {ctx.regime_distance_nm:g} nm of "
                f"{ctx.possessive(e.coastal_state)} coast from {e.start:%d %B %Y %H:%M} UTC, "
                f"coming within {e.min_distance_m / METRES_PER_NM:.1f} nm."
            ),
            details={
                "coastal_state": e.coastal_state,
                "vessel": e.vessel,
                "unit_kind": e.unit_kind,
                "unit_name": e.unit_name,
                "domain": e.domain,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "duration_h": round(e.duration_h, 3),
                "min_distance_nm": round(e.min_distance_m / METRES_PER_NM, 3),
                "lat": e.lat,
                "lon": e.lon,
            },
        )


def check_presence_grew(ctx: CoastsContext) -> Iterator[FindingDraft]:
    """``coasts.less_presence``: each year, less presence along each other member's coasts
    than the year before (count or hours above it is a finding)."""
    for (member, coastal, year), now in sorted(ctx.years.items()):
        subject = pair_subject(member, coastal, year)
        if not ctx.judges(subject) or now.count == 0:
            continue
        if ctx.since is not None and year - 1 < ctx.since.year:
            continue
        before = ctx.years.get((member, coastal, year - 1), YearPresence())
        more_count = now.count > before.count
        more_hours = now.hours > before.hours + 1e-9
        if not (more_count or more_hours):
            continue
        grew = " and ".join(w for w, b in (("count", more_count), ("hours", more_hours)) if b)
        yield FindingDraft(
            obligation="coasts.less_presence",
            flag="presence_grew",
            severity=Severity.MEDIUM,
            members=(member,),
            subjects=(subject,),
            observations=now.observations,
            summary=(
                f"{ctx.possessive(member)} state vessels and aircraft stayed within "
                f"{ctx.regime_distance_nm:g} nm of {ctx.possessive(coastal)} coast "
                f"{_times(now.count)} ({now.hours:.1f} h) in {year}, against "
                f"{_times(before.count) if before.count else 'never'} ({before.hours:.1f} h) "
                f"in {year - 1}."
            ),
            details={
                "coastal_state": coastal,
                "year": year,
                "count": now.count,
                "hours": round(now.hours, 3),
                "count_before": before.count,
                "hours_before": round(before.hours, 3),
                "grew": grew,
            },
        )


def check_activity(ctx: CoastsContext) -> Iterator[FindingDraft]:
    """``coasts.activity_area``: notified activities away from other members' coasts."""
    for a in ctx.activities:
        if not ctx.judges(a.key):
            continue
        where = (
            "reaches"
            if a.distance_m <= 0
            else f"comes within {a.distance_m / METRES_PER_NM:.1f} nm of"
        )
        yield FindingDraft(
            obligation="coasts.activity_area",
            flag="activity_near_coast",
            severity=Severity.LOW,
            members=a.states,
            subjects=(a.key,),
            aspect=f"coast:{a.coastal_state}",
            evidence=a.evidence,
            summary=(
                f"The area of {a.designation} ({_day(a.start)} to {_day(a.end)}) {where} "
                f"{ctx.possessive(a.coastal_state)} coast, inside {ctx.regime_distance_nm:g} nm."
            ),
            details={
                "coastal_state": a.coastal_state,
                "distance_nm": round(max(a.distance_m, 0.0) / METRES_PER_NM, 3),
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
            },
        )
