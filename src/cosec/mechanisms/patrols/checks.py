"""The rules a patrol record must meet beyond its schema, checked before it is signed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from cosec.kit import FieldError, SubmissionCheck, payload_of
from cosec.mechanisms.patrols import records as r
from cosec.mechanisms.patrols.regime import PatrolsRegime

MECHANISM = "patrols"
POSITION_SLACK = timedelta(days=1)
"""A report's positions may fall this long before the first or after the last planned day."""


def check_plan(check: SubmissionCheck[r.PatrolPlan]) -> Iterator[FieldError]:
    """The lead takes part; every participant and every vessel's member is of the regime."""
    p = check.payload
    yield from check.not_members(MECHANISM, "payload.participants", p.participants)
    if check.submitter not in p.participants:
        yield FieldError(
            "payload.participants", f"must include {check.submitter}, the member leading it"
        )
    for i, v in enumerate(p.vessels):
        if v.member is not None and v.member not in p.participants:
            yield FieldError(f"payload.vessels[{i}].member", f"{v.member} does not take part")


def check_report(check: SubmissionCheck[r.PatrolReport]) -> Iterator[FieldError]:
    """A participant reports a patrol that has started: who took part were planned to,
    positions within its days, stations the charter lists."""
    ref = check.referenced
    plan = payload_of(r.PatrolPlan, ref) if ref is not None else None
    if plan is None:
        return
    p = check.payload
    if check.submitter not in plan.participants:
        yield FieldError(
            "payload.plan_id", f"only its participants ({', '.join(plan.participants)}) report it"
        )
    for i, m in enumerate(p.participants):
        if m not in plan.participants:
            yield FieldError(f"payload.participants[{i}]", f"{m} was not planned to take part")
    start = datetime.combine(plan.start, time.min, tzinfo=UTC)
    if check.now < start:
        yield FieldError("payload.plan_id", f"starts on {plan.start:%d %B %Y}: report it after")
    end = datetime.combine(plan.end, time.min, tzinfo=UTC) + timedelta(days=1)
    for i, pos in enumerate(p.positions):
        if not start - POSITION_SLACK <= pos.at < end + POSITION_SLACK:
            yield FieldError(
                f"payload.positions[{i}].at",
                f"must fall within the patrol's days ({plan.start} to {plan.end}, a day either "
                "side)",
            )
        elif pos.at > check.now:
            yield FieldError(f"payload.positions[{i}].at", "must not be in the future")
    regime = check.regime(PatrolsRegime, MECHANISM)
    if regime.stations:
        for i, name in enumerate(p.stations):
            if regime.station(name) is None:
                known = ", ".join(s.name for s in regime.stations)
                yield FieldError(f"payload.stations[{i}]", f"{name!r} is not a station ({known})")


def check_case(check: SubmissionCheck[r.LawEnforcementCase]) -> Iterator[FieldError]:
    """A case already past; the patrol it names is one the submitter took part in."""
    p = check.payload
    if p.occurred_at > check.now:
        yield FieldError("payload.occurred_at", "must not be in the future")
    if p.plan_id is not None:
        row = check.record(p.plan_id)
        plan = payload_of(r.PatrolPlan, row) if row is not None else None
        if row is None or row.kind != "patrols.plan" or plan is None:
            yield FieldError("payload.plan_id", "must be the id of a patrol plan you can read")
        elif check.submitter not in plan.participants:
            yield FieldError("payload.plan_id", f"{check.submitter} did not take part in it")
