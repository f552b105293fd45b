"""The toy's rule, and the state it reads (a whole projection: the toy stays small)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from cosec.kit import FindingDraft, Severity, WholeProjection, payload_of
from tests.toy.toy.records import ToyReport


@dataclass(frozen=True)
class ToyContext:
    """Reports as ``(member, report, record id)``; the due day."""

    reports: list[tuple[str, ToyReport, int]]
    due_month: int
    due_day: int


def check_on_time(ctx: ToyContext) -> Iterator[FindingDraft]:
    """``toy.on_time``: a report filed after its due day is late."""
    for member, report, rid in ctx.reports:
        due = date(report.year, ctx.due_month, ctx.due_day)
        if report.filed_on > due:
            yield FindingDraft(
                obligation="toy.on_time",
                flag="late",
                severity=Severity.LOW,
                members=(member,),
                subjects=(f"toy:{member}:{report.year}",),
                evidence=(rid,),
                summary=f"{member} filed its {report.year} toy report after {due:%d %B}.",
            )


class ToyProjection(WholeProjection):  # type: ignore[type-arg]
    """Every toy report, judged again on any change."""

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> ToyContext:
        reports = [
            (r.submitter, p, r.id)
            for r in self.records
            if (p := payload_of(ToyReport, r)) is not None
        ]
        regime = self.setup.regime
        return ToyContext(reports, regime.due_month, regime.due_day)
