"""The rules a return or an expenditure report meets beyond its schema, before it is signed."""

from __future__ import annotations

from collections.abc import Iterator

from cosec.kit import FieldError, SubmissionCheck
from cosec.mechanisms.arms.records import ArmsReturn, Expenditure


def _past_year(
    year: int, check: SubmissionCheck[ArmsReturn] | SubmissionCheck[Expenditure]
) -> Iterator[FieldError]:
    if year >= check.now.year:
        yield FieldError("payload.year", f"must be a year that has ended (before {check.now.year})")


def check_return(check: SubmissionCheck[ArmsReturn]) -> Iterator[FieldError]:
    """A return covers a year that has ended; no line names the reporting state itself."""
    yield from _past_year(check.payload.year, check)
    for side in ("exports", "imports"):
        for i, line in enumerate(getattr(check.payload, side)):
            if line.counterpart == check.submitter:
                yield FieldError(
                    f"payload.{side}[{i}].counterpart", "must be another state than yours"
                )


def check_expenditure(check: SubmissionCheck[Expenditure]) -> Iterator[FieldError]:
    """An expenditure report covers a year that has ended."""
    yield from _past_year(check.payload.year, check)
