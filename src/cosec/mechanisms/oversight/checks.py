"""The rules an oversight record must meet beyond its schema, checked before it is signed."""

from __future__ import annotations

from collections.abc import Iterator

from cosec.kit import FieldError, SubmissionCheck, payload_of
from cosec.mechanisms.oversight import records as r


def check_designation(check: SubmissionCheck[r.Designation]) -> Iterator[FieldError]:
    """A designation is not dated after the day it is recorded."""
    if check.payload.listed_on > check.now.date():
        yield FieldError("payload.listed_on", "must not be after today")


def check_delisting(check: SubmissionCheck[r.Delisting]) -> Iterator[FieldError]:
    """A delisting follows its designation and is not dated before it, nor in the future."""
    ref = check.referenced
    listed = payload_of(r.Designation, ref) if ref is not None else None
    p = check.payload
    if listed is not None and p.delisted_on < listed.listed_on:
        yield FieldError(
            "payload.delisted_on", f"must not be before the listing, {listed.listed_on}"
        )
    if p.delisted_on > check.now.date():
        yield FieldError("payload.delisted_on", "must not be after today")


def check_event(check: SubmissionCheck[r.ProgrammeEvent]) -> Iterator[FieldError]:
    """An event has happened."""
    if check.payload.occurred_at > check.now:
        yield FieldError("payload.occurred_at", "must not be in the future")


def check_petroleum(check: SubmissionCheck[r.PetroleumTransfer]) -> Iterator[FieldError]:
    """A month that has begun; a correction replaces the member's own report of that month."""
    p = check.payload
    if p.first_day > check.now.date():
        yield FieldError("payload.month", "must not be a month that has not begun")
    if p.corrects is not None:
        earlier = check.record(p.corrects)
        before = payload_of(r.PetroleumTransfer, earlier) if earlier is not None else None
        if earlier is None or earlier.kind != "oversight.petroleum_transfer" or before is None:
            yield FieldError("payload.corrects", "must be a petroleum report you can read")
        elif earlier.submitter != check.submitter:
            yield FieldError("payload.corrects", "must be your own member's report")
        elif before.month != p.month:
            yield FieldError("payload.corrects", f"reports {before.month}, not {p.month}")
