"""The oversight rules (domain reference §6), as pure functions of an
:class:`~cosec.mechanisms.oversight.events.OversightContext`.

From tracks, each finding names its vessels (MMSI), start and end, and cites the
observations it rests on:

- ``sts_designated``: a ship-to-ship meeting (rendezvous) in which a vessel on the list in
  force that day took part, anywhere;
- ``sts_watch_zone``: a meeting inside the watch zone of vessels none of which was listed
  that day;
- ``dark_in_watch_zone``: a suspected switch-off of AIS that starts inside the watch zone;
- ``dprk_coast_approach``: a vessel within the charter's distance of the watched coast.

A vessel listed only after an event is judged by the list in force at the event's time;
the finding says when it was listed. From members' reports:

- ``petroleum_threshold`` / ``petroleum_cap_reached``: the refined petroleum reported
  transferred to the DPRK in a year crossing each share of the cap the charter sets.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.oversight.events import NM, OversightContext, SeenEvent
from cosec.mechanisms.oversight.lists import Listing, day_text

STS_DESIGNATED = "oversight.sts_designated"
STS_WATCH_ZONE = "oversight.sts_watch_zone"
DARK = "oversight.dark_in_watch_zone"
APPROACH = "oversight.coast_approach"
PETROLEUM = "oversight.petroleum_cap"


def _when(e: SeenEvent) -> str:
    return f"{day_text(e.start)} {e.start:%H:%M} UTC"


def _vessel(ctx: OversightContext, mmsi: str, e: SeenEvent) -> str:
    flag = ctx.flag_of(mmsi, e.start)
    return f"{mmsi} ({ctx.member_name(flag)})" if flag else mmsi


def _members(ctx: OversightContext, e: SeenEvent) -> tuple[str, ...]:
    flags = {ctx.flag_of(v, e.start) for v in e.vessels}
    return tuple(sorted(f for f in flags if f is not None and ctx.is_member(f)))


def _listings(ctx: OversightContext, e: SeenEvent) -> tuple[dict[str, Listing], dict[str, Listing]]:
    """The vessels' listings in force on the event's day, and those made only later."""
    now: dict[str, Listing] = {}
    later: dict[str, Listing] = {}
    for v in e.vessels:
        at = ctx.listed.at(v, e.day)
        if at is not None:
            now[v] = at
        elif (after := ctx.listed.later(v, e.day)) is not None:
            later[v] = after
    return now, later


def _later_note(later: dict[str, Listing]) -> str:
    if not later:
        return ""
    parts = [f"{v} was {x.describe()}" for v, x in sorted(later.items())]
    return " Judged by the list in force at the time: " + "; ".join(parts) + ", after this event."


def _details(
    e: SeenEvent, now: dict[str, Listing], later: dict[str, Listing], **extra: Any
) -> dict[str, Any]:
    return {
        "vessels": list(e.vessels),
        "start": e.start.isoformat(),
        "end": e.end.isoformat(),
        "hours": round(e.hours, 3),
        "lat": round(e.lat, 5),
        "lon": round(e.lon, 5),
        "in_watch_zone": e.in_zone,
        "designated": [_listing_row(v, x) for v, x in sorted(now.items())],
        "listed_later": [_listing_row(v, x) for v, x in sorted(later.items())],
        **{k: round(float(v), 3) for k, v in e.figures.items()},
        **extra,
    }


def _listing_row(mmsi: str, x: Listing) -> dict[str, Any]:
    return {
        "mmsi": mmsi,
        "name": x.name,
        "imo": x.imo,
        "listed_on": x.listed_on.isoformat(),
        "source": x.source,
        "designation": None if x.from_file else x.key,
    }


def _evidence(e: SeenEvent, *listings: dict[str, Listing]) -> tuple[int, ...]:
    ids = {*e.analyses}
    for group in listings:
        for x in group.values():
            ids.update(x.evidence)
    return tuple(sorted(ids))


def _judged(ctx: OversightContext, kind: str) -> Iterator[SeenEvent]:
    return (e for e in ctx.events if e.kind == kind)


def check_sts_designated(ctx: OversightContext) -> Iterator[FindingDraft]:
    """``sts_designated``: a meeting in which a vessel listed that day took part."""
    for e in _judged(ctx, "sts"):
        now, later = _listings(ctx, e)
        if not now:
            continue
        named = "; ".join(f"{v} ({x.name}) {x.describe()}" for v, x in sorted(now.items()))
        yield FindingDraft(
            obligation=STS_DESIGNATED,
            flag="sts_designated",
            severity=Severity.HIGH,
            members=_members(ctx, e),
            subjects=(e.key,),
            evidence=_evidence(e, now, later),
            observations=e.observations,
            summary=(
                f"Vessels {' and '.join(_vessel(ctx, v, e) for v in e.vessels)} met at sea for "
                f"{e.hours:.1f} h from {_when(e)} at {e.lat:.2f} N {e.lon:.2f} E"
                f"{' inside ' + ctx.regime.watch_zone_name if e.in_zone else ''}: a possible "
                f"ship-to-ship transfer with a designated vessel, {named}." + _later_note(later)
            ),
            details=_details(e, now, later),
        )


def check_sts_watch_zone(ctx: OversightContext) -> Iterator[FindingDraft]:
    """``sts_watch_zone``: a meeting inside the zone of vessels none of which was listed."""
    for e in _judged(ctx, "sts"):
        if not e.in_zone:
            continue
        now, later = _listings(ctx, e)
        if now:
            continue
        yield FindingDraft(
            obligation=STS_WATCH_ZONE,
            flag="sts_watch_zone",
            severity=Severity.MEDIUM,
            members=_members(ctx, e),
            subjects=(e.key,),
            evidence=_evidence(e, later),
            observations=e.observations,
            summary=(
                f"Vessels {' and '.join(_vessel(ctx, v, e) for v in e.vessels)} met at sea for "
                f"{e.hours:.1f} h from {_when(e)} at {e.lat:.2f} N {e.lon:.2f} E, inside "
                f"{ctx.regime.watch_zone_name}: a possible ship-to-ship transfer."
                + _later_note(later)
            ),
            details=_details(e, now, later),
        )


def check_dark(ctx: OversightContext) -> Iterator[FindingDraft]:
    """``dark_in_watch_zone``: a suspected switch-off starting inside the zone."""
    for e in _judged(ctx, "dark"):
        if not e.in_zone:
            continue
        now, later = _listings(ctx, e)
        v = e.vessels[0]
        listed = f", a designated vessel ({now[v].name}, {now[v].describe()})" if now else ""
        yield FindingDraft(
            obligation=DARK,
            flag="dark_in_watch_zone",
            severity=Severity.HIGH if now else Severity.MEDIUM,
            members=_members(ctx, e),
            subjects=(e.key,),
            evidence=_evidence(e, now, later),
            observations=e.observations,
            summary=(
                f"Vessel {_vessel(ctx, v, e)}{listed} sent no position for {e.hours:.1f} h "
                f"from {_when(e)}, starting at {e.lat:.2f} N {e.lon:.2f} E inside "
                f"{ctx.regime.watch_zone_name}: a suspected switch-off of AIS." + _later_note(later)
            ),
            details=_details(e, now, later),
        )


def check_approach(ctx: OversightContext) -> Iterator[FindingDraft]:
    """``dprk_coast_approach``: a vessel within the distance of the watched coast."""
    coast = ctx.regime.coast_state
    for e in _judged(ctx, "approach"):
        now, later = _listings(ctx, e)
        v = e.vessels[0]
        closest = e.figures.get("min_distance_m")
        came = f", coming within {closest / NM:.1f} nm" if closest is not None else ""
        listed = f", a designated vessel ({now[v].name}, {now[v].describe()})" if now else ""
        yield FindingDraft(
            obligation=APPROACH,
            flag="dprk_coast_approach",
            severity=Severity.HIGH if now else Severity.LOW,
            members=_members(ctx, e),
            subjects=(e.key,),
            evidence=_evidence(e, now, later),
            observations=e.observations,
            summary=(
                f"Vessel {_vessel(ctx, v, e)}{listed} was within "
                f"{ctx.regime.coast_approach_nm:g} nm of {ctx.member_name(coast)}'s coast for "
                f"{e.hours:.1f} h from {_when(e)}{came}." + _later_note(later)
            ),
            details=_details(e, now, later, coast=coast),
        )


def _severity(share: float) -> Severity:
    return Severity.HIGH if share >= 1.0 else Severity.MEDIUM if share >= 0.9 else Severity.LOW


def check_petroleum(ctx: OversightContext) -> Iterator[FindingDraft]:
    """``petroleum_threshold`` / ``petroleum_cap_reached``: each share of the year's cap
    that the reported transfers reached, from the month they reached it."""
    cap = ctx.regime.petroleum_cap_barrels
    for year, reports in sorted(ctx.petroleum.items()):
        ordered: Sequence[Any] = sorted(reports, key=lambda m: (m.month, m.record_id))
        total = sum(m.barrels for m in ordered)
        running = 0
        reached: dict[float, str] = {}
        for m in ordered:
            running += m.barrels
            for share in ctx.regime.petroleum_thresholds:
                if share not in reached and running >= share * cap:
                    reached[share] = m.month
        suppliers = tuple(sorted({m.member for m in ordered if m.barrels > 0}))
        for share, month in reached.items():
            pct = f"{share * 100:g} %"
            over = share >= 1.0
            yield FindingDraft(
                obligation=PETROLEUM,
                flag="petroleum_cap_reached" if over else "petroleum_threshold",
                severity=_severity(share),
                members=tuple(s for s in suppliers if ctx.is_member(s)),
                subjects=(f"petroleum:{year}",),
                aspect=f"share:{share:g}",
                evidence=tuple(sorted(m.record_id for m in ordered)),
                summary=(
                    f"Members reported {total:,} barrels of refined petroleum transferred to "
                    f"the DPRK in {year}, {total / cap * 100:.1f} % of the {cap:,}-barrel cap: "
                    + (
                        f"the cap was {'exceeded' if total > cap else 'reached'} in {month}."
                        if over
                        else f"{pct} of the cap was reached in {month}."
                    )
                ),
                details={
                    "year": year,
                    "total_barrels": total,
                    "cap_barrels": cap,
                    "share": round(total / cap, 4),
                    "threshold": share,
                    "reached_in": month,
                    "suppliers": list(suppliers),
                },
            )
