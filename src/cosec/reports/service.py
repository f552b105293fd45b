"""The annual report as a reader may have it.

The secretariat and the members get it computed now, from what they may read. The public
gets only a report the secretariat published (:mod:`cosec.publication`): its figures as
they were released, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cosec.deployment import Deployment
from cosec.errors import InvalidInput
from cosec.principals import Principal, Role
from cosec.reports.figures import annual_figures
from cosec.reports.gather import report_facts
from cosec.store.publications import latest

FIRST_YEAR, LAST_YEAR = 1990, 2200


@dataclass(frozen=True)
class AnnualReport:
    """A year's report: its figures (``None``: nothing the reader may see), and the
    release it comes from when it is the published one."""

    year: int
    figures: dict[str, Any] | None
    published: dict[str, Any] | None = None
    """``{"record_id", "published_at"}`` of the release, for the public."""


def check_year(year: int) -> int:
    """``year``, if it is one a report can be about."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput.field("year", f"must be a year from {FIRST_YEAR} to {LAST_YEAR}")
    return year


def figures_now(
    session: Session, *, deployment: Deployment, principal: Principal, year: int, now: datetime
) -> dict[str, Any]:
    """The report of ``year`` computed now, from what ``principal`` may read."""
    facts = report_facts(
        session, deployment=deployment, principal=principal, year=check_year(year), now=now
    )
    return annual_figures(facts)


def annual(
    session: Session, *, deployment: Deployment, principal: Principal, year: int, now: datetime
) -> AnnualReport:
    """The report of ``year`` for ``principal`` (the published one for the public)."""
    check_year(year)
    if principal.role is Role.PUBLIC:
        row = latest(session, "report", year)
        if row is None:
            return AnnualReport(year, None)
        return AnnualReport(
            year,
            row.payload.get("content"),
            {"record_id": row.id, "published_at": row.submitted_at.isoformat()},
        )
    return AnnualReport(
        year,
        figures_now(session, deployment=deployment, principal=principal, year=year, now=now),
    )
