"""The status-quo rules (domain reference §9), as pure functions of a :class:`StatusQuoContext`.

- ``reclamation``: an area, declared or measured after the status-quo date, larger than the
  baseline by more than the tolerance (``>``, 0.5 ha by default);
- ``new_facility``: more facilities of a kind than the baseline has (a lighthouse, weather
  station or search-and-rescue station that is a public good another member joined is
  none);
- ``offensive_deployment``: more deployments of a kind the charter counts as offensive
  than the baseline has;
- ``unreported_change``: an observation showing more than what was known (the baseline,
  earlier observations, changes reported by the deadline), once the deadline has passed;
- ``feature_approach``: another member's state vessel or aircraft within the approach
  distance (12 nm) of a feature a member holds.
"""

from __future__ import annotations

from collections.abc import Iterator

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.statusquo.facts import (
    Fact,
    FeatureFacts,
    StatusQuoContext,
    known_before,
    report_deadline,
)
from cosec.mechanisms.statusquo.vocabulary import FACILITY_OF_GOOD, counted, words

METRES_PER_NM = 1852.0


def _day(d: object) -> str:
    return f"{d:%d %B %Y}".lstrip("0")


def _what(fact: Fact) -> str:
    if fact.source == "observation":
        return f"seen on imagery of {_day(fact.on)}"
    return f"declared for {_day(fact.on)}"


def _peak(
    feature: FeatureFacts, facts: list[Fact], value: str, kind: str = ""
) -> tuple[Fact, float] | None:
    """The fact with the largest area (or count of ``kind``) among ``facts``."""
    best: tuple[Fact, float] | None = None
    for f in facts:
        if value == "area":
            v = f.area_ha
        else:
            counts = f.facilities if value == "facilities" else f.deployments
            v = counts.get(kind) if kind in counts else None
        if v is not None and (best is None or v > best[1]):
            best = (f, float(v))
    return best


def check_reclamation(ctx: StatusQuoContext) -> Iterator[FindingDraft]:
    """``statusquo.reclamation``: no further reclamation on a feature."""
    regime = ctx.regime
    for feature in ctx.judged_features():
        base = feature.baseline(regime.status_quo_date)
        peak = _peak(feature, feature.after(regime.status_quo_date), "area")
        if peak is None:
            continue
        fact, area = peak
        grown = area - base.area_ha
        member = feature.responsible(fact)
        if grown <= regime.reclamation_tolerance_ha or not ctx.is_member(member):
            continue
        assert member is not None
        yield FindingDraft(
            obligation="statusquo.reclamation",
            flag="reclamation",
            severity=Severity.HIGH,
            members=(member,),
            subjects=(f"feature:{feature.info.id}",),
            evidence=feature.info.evidence + fact.evidence,
            summary=(
                f"{feature.info.name} grew to {area:,.1f} ha ({_what(fact)}), "
                f"{grown:,.1f} ha more than its {base.area_ha:,.1f} ha on "
                f"{_day(regime.status_quo_date)}: reclamation by {ctx.member_name(member)}."
            ),
            details={
                "feature": feature.info.id,
                "baseline_ha": base.area_ha,
                "area_ha": area,
                "grown_ha": round(grown, 3),
                "tolerance_ha": regime.reclamation_tolerance_ha,
                "fact": fact.key,
                "on": fact.on.isoformat(),
            },
        )


def _excused(feature: FeatureFacts, kind: str, member: str, ctx: StatusQuoContext) -> bool:
    """A public-good facility another member joined is no new facility."""
    if kind not in ctx.regime.public_good_facilities:
        return False
    return any(
        FACILITY_OF_GOOD.get(g.kind) == kind
        and g.offered_by == member
        and any(j != member for j in g.joined_by)
        for g in feature.goods
    )


def _added(
    ctx: StatusQuoContext, value: str, kinds: tuple[str, ...] | None
) -> Iterator[tuple[FeatureFacts, str, Fact, int, int, str]]:
    """``(feature, kind, fact, count, baseline count, member)`` for counts above baseline."""
    regime = ctx.regime
    for feature in ctx.judged_features():
        base = feature.baseline(regime.status_quo_date)
        base_counts = base.facilities if value == "facilities" else base.deployments
        later = feature.after(regime.status_quo_date)
        seen = sorted(
            {k for f in later for k in (f.facilities if value == "facilities" else f.deployments)}
        )
        for kind in seen:
            if kinds is not None and kind not in kinds:
                continue
            peak = _peak(feature, later, value, kind)
            if peak is None:
                continue
            fact, count = peak
            member = feature.responsible(fact)
            if count <= base_counts.get(kind, 0) or not ctx.is_member(member):
                continue
            assert member is not None
            yield feature, kind, fact, int(count), base_counts.get(kind, 0), member


def check_new_facility(ctx: StatusQuoContext) -> Iterator[FindingDraft]:
    """``statusquo.construction``: no new facility on a feature."""
    for feature, kind, fact, count, before, member in _added(ctx, "facilities", None):
        if _excused(feature, kind, member, ctx):
            continue
        yield FindingDraft(
            obligation="statusquo.construction",
            flag="new_facility",
            severity=Severity.MEDIUM,
            members=(member,),
            subjects=(f"feature:{feature.info.id}",),
            aspect=f"facility:{kind}",
            evidence=feature.info.evidence + fact.evidence,
            summary=(
                f"{ctx.member_name(member)} has {counted(kind, count)} on {feature.info.name} "
                f"({_what(fact)}) against {before} on {_day(ctx.regime.status_quo_date)}."
            ),
            details={
                "feature": feature.info.id,
                "kind": kind,
                "count": count,
                "baseline": before,
                "fact": fact.key,
                "on": fact.on.isoformat(),
            },
        )


def check_offensive_deployment(ctx: StatusQuoContext) -> Iterator[FindingDraft]:
    """``statusquo.deployment``: no offensive deployment on a feature."""
    offensive = ctx.regime.offensive_deployments
    for feature, kind, fact, count, before, member in _added(ctx, "deployments", offensive):
        yield FindingDraft(
            obligation="statusquo.deployment",
            flag="offensive_deployment",
            severity=Severity.HIGH,
            members=(member,),
            subjects=(f"feature:{feature.info.id}",),
            aspect=f"deployment:{kind}",
            evidence=feature.info.evidence + fact.evidence,
            summary=(
                f"{ctx.member_name(member)} has {counted(kind, count)} deployed on "
                f"{feature.info.name} ({_what(fact)}) against {before} on "
                f"{_day(ctx.regime.status_quo_date)}: an offensive deployment."
            ),
            details={
                "feature": feature.info.id,
                "kind": kind,
                "count": count,
                "baseline": before,
                "fact": fact.key,
                "on": fact.on.isoformat(),
            },
        )


def unreported(feature: FeatureFacts, fact: Fact, ctx: StatusQuoContext) -> list[str]:
    """What an observation shows beyond what was known (area, or kinds with more)."""
    regime = ctx.regime
    known = known_before(feature, fact, regime)
    out = []
    if fact.area_ha is not None and fact.area_ha - known.area_ha > regime.reclamation_tolerance_ha:
        out.append(f"area {known.area_ha:,.1f} → {fact.area_ha:,.1f} ha")
    for kind, n in sorted(fact.facilities.items()):
        if n > known.facilities.get(kind, 0):
            out.append(f"{words(kind)} {known.facilities.get(kind, 0)} → {n}")
    for kind, n in sorted(fact.deployments.items()):
        if n > known.deployments.get(kind, 0):
            out.append(f"{words(kind)} {known.deployments.get(kind, 0)} → {n}")
    return out


def check_reported(ctx: StatusQuoContext) -> Iterator[FindingDraft]:
    """``statusquo.reporting``: a member reports the changes it makes, within the days set."""
    regime = ctx.regime
    for feature, fact in ctx.judged_observations():
        if fact.on <= regime.status_quo_date:
            continue
        deadline = report_deadline(fact, regime)
        member = feature.responsible(fact)
        if ctx.as_of <= deadline or not ctx.is_member(member):
            continue
        changes = unreported(feature, fact, ctx)
        if not changes:
            continue
        assert member is not None
        yield FindingDraft(
            obligation="statusquo.reporting",
            flag="unreported_change",
            severity=Severity.MEDIUM,
            members=(member,),
            subjects=(f"observation:{fact.key}",),
            evidence=feature.info.evidence + fact.evidence,
            summary=(
                f"Imagery of {_day(fact.on)} shows changes on {feature.info.name} that "
                f"{ctx.member_name(member)} did not report within {regime.report_within_days} "
                f"days: {'; '.join(changes)}."
            ),
            details={
                "feature": feature.info.id,
                "imagery_date": fact.on.isoformat(),
                "report_by": deadline.date().isoformat(),
                "changes": changes,
                "source": fact.label,
            },
        )


def check_approach(ctx: StatusQuoContext) -> Iterator[FindingDraft]:
    """``statusquo.approach``: no state vessel or aircraft within the approach distance of a
    feature another member holds."""
    limit = ctx.regime.approach_m
    for a in ctx.judged_approaches():
        feature = ctx.features.get(a.feature)
        if feature is None:
            continue
        holder = feature.info.occupant
        if not ctx.is_member(holder) or not ctx.is_member(a.member) or a.member == holder:
            continue
        if a.min_distance_m > limit + 1.0:
            continue
        assert holder is not None
        hours = (a.end - a.start).total_seconds() / 3600
        unit = f"{words(a.unit_kind)} {'aircraft' if a.domain == 'air' else 'vessel'}"
        named = f" {a.unit_name}" if a.unit_name else ""
        yield FindingDraft(
            obligation="statusquo.approach",
            flag="feature_approach",
            severity=Severity.MEDIUM if a.unit_kind == "navy" else Severity.LOW,
            members=(a.member,),
            subjects=(a.key,),
            evidence=feature.info.evidence + a.evidence,
            observations=a.observations,
            summary=(
                f"{ctx.possessive(a.member)} {unit}{named} ({a.vessel}) came within "
                f"{a.min_distance_m / METRES_PER_NM:.1f} nm of {feature.info.name}, held by "
                f"{ctx.member_name(holder)}, on {_day(a.start)} ({hours:.1f} h within "
                f"{ctx.regime.approach_nm:g} nm)."
            ),
            details={
                "feature": feature.info.id,
                "holder": holder,
                "vessel": a.vessel,
                "unit_kind": a.unit_kind,
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
                "min_distance_nm": round(a.min_distance_m / METRES_PER_NM, 2),
                "lat": a.lat,
                "lon": a.lon,
            },
        )
