"""Builders for notification rule tests: activities and contexts from plain figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from cosec.charters import load_charter
from cosec.compliance.findings import FindingDraft
from cosec.mechanisms.notifications import OBLIGATIONS
from cosec.mechanisms.notifications.context import (
    Activity,
    FigureChange,
    NotificationContext,
)
from cosec.mechanisms.notifications.records import Figures
from cosec.mechanisms.notifications.regime import NotificationRegime

EAS = load_charter("eas-2026")
REGIME = EAS.regime("notification")
assert isinstance(REGIME, NotificationRegime)


def activity(
    key: str = "a1",
    *,
    start: date = date(2027, 5, 1),
    days: int = 5,
    notified_on: date | str | None = "default",
    states: tuple[str, ...] = ("CHN",),
    designation: str | None = None,
    alert: bool = False,
    lat: float | None = None,
    lon: float | None = None,
    history: tuple[FigureChange, ...] = (),
    **figures: Any,
) -> Activity:
    """An activity; by default notified 60 days ahead."""
    notified = start - timedelta(days=60) if notified_on == "default" else notified_on
    assert notified is None or isinstance(notified, date)
    figs = Figures(**figures)
    return Activity(
        key=key,
        designation=designation or f"Exercise {key}",
        states=states,
        start=start,
        end=start + timedelta(days=days - 1),
        figures=figs,
        notified_on=notified,
        alert=alert,
        lat=lat,
        lon=lon,
        history=history or ((FigureChange(notified or start, figs),)),
        evidence=(1,),
    )


def context(
    *activities: Activity,
    as_of: date = date(2027, 12, 31),
    regime: NotificationRegime = REGIME,
    **kwargs: Any,
) -> NotificationContext:
    """A context judged at the end of ``as_of``."""
    return NotificationContext(
        regime=regime,
        as_of=datetime.combine(as_of, time(23, 0), tzinfo=UTC),
        activities=activities,
        member_name=EAS.member_name,
        **kwargs,
    )


def run(obligation_id: str, ctx: NotificationContext) -> list[FindingDraft]:
    """The findings one obligation yields."""
    ob = next(o for o in OBLIGATIONS if o.id == obligation_id)
    return list(ob.evaluate(ctx))


def flags(ctx: NotificationContext) -> dict[str, set[str]]:
    """Activity key → flags raised by every obligation."""
    out: dict[str, set[str]] = {}
    for ob in OBLIGATIONS:
        for d in ob.evaluate(ctx):
            for s in d.subjects:
                out.setdefault(s, set()).add(d.flag)
    return out
