"""The annual exchange's part in the annual implementation report: each member's
transparency index, as it stood at the end of the report's year (or now, within it)."""

from __future__ import annotations

from datetime import UTC, datetime

from cosec.kit import Principal
from cosec.kit.report import MemberFigure
from cosec.mechanisms.arms import service
from cosec.plugin.store import Deployment, Session


def report_figures(
    session: Session, deployment: Deployment, principal: Principal, year: int, now: datetime
) -> list[MemberFigure]:
    """Per member: its transparency index (0-100) at the end of ``year``, from the returns
    ``principal`` may read."""
    as_of = min(now, datetime(year, 12, 31, 23, 59, 59, tzinfo=UTC))
    figures = service.summary(session, deployment=deployment, principal=principal, as_of=as_of)
    if not figures.returns:
        return []  # a reader who may read no return gets no index built on nothing
    measured = [(m, t, i) for m, t, i in figures.indexes if i is not None]
    return [
        MemberFigure(
            title="Arms transfers and expenditure: transparency index",
            unit="of 100",
            values={m: i for m, _, i in measured if i is not None},
            counts={m: t.due + t.checked for m, t, _ in measured},
            better="higher",
            note="Returns and expenditure reports sent on time and at all, and transfers "
            "reported alike by both sides, weighed as the charter says (docs/arms.md).",
        )
    ]
