"""The facts the notification obligations judge, whatever they were read from.

The same :class:`NotificationContext` is built from stored records (the service) or from
a file of activities (``cosec notifications assess``), so one set of pure obligation
functions serves both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from cosec.mechanisms.notifications.records import CalendarEntry, Figures
from cosec.mechanisms.notifications.regime import NotificationRegime


@dataclass(frozen=True, slots=True)
class FigureChange:
    """Figures declared on a day (the notification, then each amendment)."""

    on: date
    figures: Figures
    record_id: int | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """One military activity as the obligations see it."""

    key: str
    """Stable label: ``N12`` for notification 12, ``row 3`` for a file's third row."""
    designation: str
    states: tuple[str, ...]
    start: date
    end: date
    figures: Figures
    """The latest declared figures."""
    notified_on: date | None
    """Day the notification was logged; ``None``: never notified."""
    alert: bool = False
    history: tuple[FigureChange, ...] = ()
    """Every declaration in order: the notification first, then amendments."""
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    in_calendar: bool | None = None
    """Set by a file assessment; ``None``: judge against the stored calendars."""
    observers_invited: bool | None = None
    """``None``: not known (a file that does not say)."""
    record_id: int | None = None
    evidence: tuple[int, ...] = ()
    charter_version: str | None = None

    @property
    def year(self) -> int:
        """Calendar year in which the activity starts."""
        return self.start.year

    def overlaps(self, other: Activity) -> bool:
        """Whether the two activities share at least one day."""
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True, slots=True)
class CalendarInfo:
    """A state's annual calendar for one year (the latest one it sent)."""

    state: str
    year: int
    first_submitted_at: datetime
    entries: tuple[CalendarEntry, ...]
    nil_return: bool
    record_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ExplanationInfo:
    """A request for explanation of unusual military activity, and its reply if any."""

    request_id: int
    requester: str
    respondent: str
    concern: str
    requested_at: datetime
    replied_at: datetime | None = None
    reply_id: int | None = None


@dataclass(frozen=True)
class NotificationContext:
    """Everything the notification obligations read, and the clock they read it by."""

    regime: NotificationRegime
    as_of: datetime
    activities: Sequence[Activity] = ()
    calendars: dict[tuple[str, int], CalendarInfo] = field(default_factory=dict)
    explanations: Sequence[ExplanationInfo] = ()
    members: tuple[str, ...] | None = None
    """Regime members, for member-level duties (calendars); ``None``: any state."""
    regimes_by_version: dict[str, NotificationRegime] = field(default_factory=dict)
    member_name: Callable[[str], str] = str
    since: date | None = None
    """Day the charter took effect: duties falling due before it are not judged."""
    judge_calendars: bool = True
    """False for file assessments, which hold no calendars unless rows say ``in_calendar``."""

    def regime_for(self, activity: Activity) -> NotificationRegime:
        """The regime in force when the activity was notified (or the current one)."""
        if activity.charter_version is not None:
            return self.regimes_by_version.get(activity.charter_version, self.regime)
        return self.regime

    def possessive(self, code: str) -> str:
        """``China's``, ``the Philippines'``."""
        name = self.member_name(code)
        return name + ("'" if name.endswith("s") else "'s")

    def names(self, codes: Sequence[str]) -> str:
        """``China and the United States``: member names for a sentence."""
        named = [self.member_name(c) for c in codes]
        if len(named) <= 1:
            return "".join(named)
        return ", ".join(named[:-1]) + " and " + named[-1]
