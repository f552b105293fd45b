"""The rules a status-quo record meets beyond its schema, checked before it is signed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from cosec.kit import FieldError, SubmissionCheck, payload_of
from cosec.mechanisms.statusquo import records as r
from cosec.mechanisms.statusquo.regime import StatusQuoRegime
from cosec.mechanisms.statusquo.registry import registry

MECHANISM = "statusquo"


def _known_feature(check: SubmissionCheck[Any], feature: str) -> Iterator[FieldError]:
    """A feature is in the charter's shipped registry, or listed by a ``statusquo.feature``
    record that ``entry_id`` names."""
    regime = check.regime(StatusQuoRegime, MECHANISM)
    if feature in registry(regime.registry):
        return
    entry_id = getattr(check.payload, "entry_id", None)
    if entry_id is None:
        known = ", ".join(sorted(registry(regime.registry)))
        yield FieldError(
            "payload.feature",
            f"{feature!r} is not in {regime.registry} ({known}); for a feature the "
            "secretariat listed, give entry_id: its statusquo.feature record",
        )
        return
    entry = check.record(entry_id)
    listed = payload_of(r.FeatureEntry, entry) if entry is not None else None
    if entry is None or entry.kind != r.KIND_FEATURE or listed is None:
        yield FieldError("payload.entry_id", "must be a statusquo.feature record you can read")
    elif listed.feature != feature:
        yield FieldError("payload.entry_id", f"lists {listed.feature!r}, not {feature!r}")


def _not_after_today(check: SubmissionCheck[Any], loc: str, day: date) -> Iterator[FieldError]:
    if day > check.now.date():
        yield FieldError(loc, f"must not be after today ({check.now.date().isoformat()})")


def check_feature(check: SubmissionCheck[r.FeatureEntry]) -> Iterator[FieldError]:
    """A feature the shipped registry does not list needs a position."""
    p = check.payload
    regime = check.regime(StatusQuoRegime, MECHANISM)
    if p.feature not in registry(regime.registry) and p.lat is None:
        yield FieldError("payload.lat", "is required for a feature the shipped registry lacks")
    if len(set(p.claimants)) != len(p.claimants):
        yield FieldError("payload.claimants", "must not repeat a state")
    yield from _not_after_today(check, "payload.baseline.as_of", p.baseline.as_of)


def check_change(check: SubmissionCheck[r.FeatureChange]) -> Iterator[FieldError]:
    """A member declares changes it made, on a known feature, dated no later than today."""
    yield from _known_feature(check, check.payload.feature)
    yield from _not_after_today(check, "payload.on", check.payload.on)


def check_observation(check: SubmissionCheck[r.FeatureObservation]) -> Iterator[FieldError]:
    """An observation is of a known feature, on imagery no later than today, and names a
    member of the regime when it names one."""
    p = check.payload
    yield from _known_feature(check, p.feature)
    yield from _not_after_today(check, "payload.imagery_date", p.imagery_date)
    if p.member is not None:
        yield from check.not_members(MECHANISM, "payload.member", (p.member,))


def check_good(check: SubmissionCheck[r.PublicGood]) -> Iterator[FieldError]:
    """A public good is offered on a known feature (if any), to members of the regime."""
    p = check.payload
    if p.feature is not None:
        yield from _known_feature(check, p.feature)
    yield from check.not_members(MECHANISM, "payload.open_to", p.open_to)
    if check.submitter in p.open_to:
        yield FieldError("payload.open_to", "must not include the offering state")


def check_join(check: SubmissionCheck[r.PublicGoodJoin]) -> Iterator[FieldError]:
    """Another member joins, one it is open to."""
    ref = check.referenced
    good = payload_of(r.PublicGood, ref) if ref is not None else None
    if ref is None or good is None:
        return
    if ref.submitter == check.submitter:
        yield FieldError("payload.good_id", "is your own public good")
    elif good.open_to and check.submitter not in good.open_to:
        yield FieldError("payload.good_id", f"is open to {', '.join(good.open_to)} only")
