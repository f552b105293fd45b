"""The hotline's part in the annual report: how fast each member acknowledged."""

from __future__ import annotations

from datetime import datetime

from cosec.kit import Principal
from cosec.kit.report import MemberFigure
from cosec.mechanisms.hotline.service import ack_times
from cosec.plugin.store import Deployment, Session


def report_figures(
    session: Session, deployment: Deployment, principal: Principal, year: int, now: datetime
) -> list[MemberFigure]:
    """Per addressee: the median time it took to acknowledge the messages of ``year``."""
    times = [
        t
        for t in ack_times(session, deployment=deployment, principal=principal, now=now, year=year)
        if t.median_seconds is not None
    ]
    return [
        MemberFigure(
            title="Hotline messages: median time to acknowledge",
            unit="minutes",
            values={t.member: round((t.median_seconds or 0.0) / 60, 1) for t in times},
            counts={t.member: t.acknowledged for t in times},
            better="lower",
            note="Median minutes from a message's logging to its addressee's acknowledgement.",
        )
    ]
