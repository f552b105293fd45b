"""What a mechanism adds to the annual implementation report: figures per member.

A mechanism's ``Interfaces.report`` names a function
``(session, deployment, principal, year, now) -> Iterable[MemberFigure]``; the core draws each
figure as a bar per member (notifications given on time, hotline acknowledgement times...)
beside the figures it computes for every mechanism from findings and records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class MemberFigure:
    """One figure of the report: a value per member (members without data left out)."""

    title: str
    """What it measures, in a sentence a minister reads (``Notifications given on time``)."""
    unit: str
    """``%``, ``minutes``, ``records``..."""
    values: Mapping[str, float]
    """By member code."""
    note: str = ""
    """How it is computed, in one sentence."""
    better: str = "higher"
    """``higher`` or ``lower``: which way is better (colours the bars)."""
    counts: Mapping[str, int] = field(default_factory=dict)
    """How many cases each value rests on, by member (shown beside the bar)."""


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """An activity on the calendar feeds: what, when (whole days, ``end`` inclusive), who."""

    uid: str
    """Stable across amendments (``notification-12``)."""
    title: str
    start: date
    end: date
    members: tuple[str, ...]
    audience: str
    """The audience of the record it comes from (the feeds filter by reader already)."""
    url: str = ""
    """Its page, relative to the site (``/notifications/12``)."""
    description: str = ""
    cancelled: bool = False
    """Withdrawn: kept on the feed as cancelled, so calendars drop it."""
    sequence: int = 0
    """How many times it changed (amendments): calendars take the highest."""
