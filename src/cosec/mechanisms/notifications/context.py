"""The facts the notification obligations judge, whatever they were read from.

The same :class:`NotificationContext` is built from stored records (the service) or from
a file of activities (``cosec notifications assess``), so one set of pure obligation
functions serves both.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sortedcontainers import SortedKeyList

from cosec.mechanisms.notifications.records import CalendarEntry, Figures
from cosec.mechanisms.notifications.regime import NotificationRegime

if TYPE_CHECKING:
    from cosec.mechanisms.notifications.grouping import Together


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
    withdrawn_on: date | None = None
    """Day its notification was withdrawn, if it was."""

    @property
    def called_off(self) -> bool:
        """Withdrawn before it began: no longer an activity to judge."""
        return self.withdrawn_on is not None and self.withdrawn_on < self.start

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


SHORT = 31
"""Days an activity may last and still be found among the short ones: an activity under
way on a day started at most this long before it, unless it is one of the few longer ones,
kept apart (one activity of a year must not make every query scan a year)."""


class ActivityIndex:
    """Activities by key, by state in order of start, and by year: the lookups the rules
    that look across activities use instead of comparing pairs."""

    def __init__(
        self,
        activities: Iterable[Activity] = (),
        sized: Mapping[str, Callable[[Activity], bool]] | None = None,
    ) -> None:
        self.by_key: dict[str, Activity] = {}
        self._starts: dict[str, SortedKeyList] = defaultdict(_by_start)
        self._long: dict[str, SortedKeyList] = defaultdict(_by_start)
        """Each state's activities longer than :data:`SHORT` days (few), apart."""
        self._longest: dict[str, int] = defaultdict(int)
        """Each state's longest activity in ``_long``."""
        self.years: Counter[int] = Counter()
        self._sized = dict(sized or {})
        self._sized_starts: dict[tuple[str, str], SortedKeyList] = {}
        """Per size and state, once asked for (a judgement of everything never asks)."""
        for a in activities:
            self.add(a)

    def add(self, a: Activity) -> None:
        """Take in an activity (replacing the one with its key)."""
        self.discard(a.key)
        self.by_key[a.key] = a
        for s in a.states:
            self._starts[s].add(a)
            if (a.end - a.start).days > SHORT:
                self._long[s].add(a)
                self._longest[s] = max(self._longest[s], (a.end - a.start).days)
        for (size, s), kept in self._sized_starts.items():
            if s in a.states and self._sized[size](a):
                kept.add(a)
        self.years[a.year] += 1

    def discard(self, key: str) -> Activity | None:
        """Drop the activity with this key, if any; return it."""
        old = self.by_key.pop(key, None)
        if old is not None:
            for s in old.states:
                self._starts[s].remove(old)
                if (old.end - old.start).days > SHORT:
                    self._long[s].remove(old)
                for size in self._sized:
                    if (size, s) in self._sized_starts:
                        self._sized_starts[(size, s)].discard(old)
            self.years[old.year] -= 1
            if not self.years[old.year]:
                del self.years[old.year]
        return old

    def of_size(
        self, size: str, state: str, first: date, before: Activity, keep: int
    ) -> tuple[int, list[Activity]] | None:
        """How many of the state's activities of ``size`` (a name given at construction)
        start on or after ``first`` and come before ``before`` in order of start, and the
        first ``keep`` of them; ``None`` when this index does not keep that size."""
        starts = self._of_size(size, state)
        if starts is None:
            return None
        if not starts:
            return 0, []
        lo = starts.bisect_key_left((first, ""))
        hi = max(lo, starts.bisect_key_left((before.start, before.key)))
        return hi - lo, list(starts.islice(lo, min(hi, lo + keep)))

    def of_size_after(
        self, size: str, state: str, after: Activity, last: date
    ) -> list[Activity] | None:
        """The state's activities of ``size`` that come after ``after`` in order of start
        and start on or before ``last`` (those whose count of earlier ones includes it);
        ``None`` when this index does not keep that size."""
        starts = self._of_size(size, state)
        if starts is None:
            return None
        lo = starts.bisect_key_right((after.start, after.key))
        hi = starts.bisect_key_right((last, "\uffff"))
        return list(starts.islice(lo, hi)) if lo < hi else []

    def _of_size(self, size: str, state: str) -> SortedKeyList | None:
        """The state's activities of ``size`` in order of start, kept from the first time
        they are asked for; ``None`` when this index does not keep that size."""
        if size not in self._sized:
            return None
        starts = self._sized_starts.get((size, state))
        if starts is None:
            counts = self._sized[size]
            starts = self._sized_starts[(size, state)] = _by_start()
            starts.update(a for a in self._starts.get(state, ()) if counts(a))
        return starts

    def __iter__(self) -> Iterator[Activity]:
        return iter(self.by_key.values())

    def __len__(self) -> int:
        return len(self.by_key)

    def of_state(self, state: str, first: date, last: date) -> list[Activity]:
        """The state's activities that start on or after ``first`` and on or before ``last``."""
        starts = self._starts.get(state)
        if not starts:
            return []
        lo = starts.bisect_key_left((first, ""))
        hi = starts.bisect_key_right((last, "\uffff"))
        return list(starts[lo:hi])

    def overlapping(self, state: str, first: date, last: date) -> list[Activity]:
        """The state's activities under way at some day of ``[first, last]``."""
        short = [
            a
            for a in self.of_state(state, first - timedelta(days=SHORT), last)
            if a.end >= first and (a.end - a.start).days <= SHORT
        ]
        long = self._long.get(state)
        if not long:
            return short
        lo = long.bisect_key_left((first - timedelta(days=self._longest[state]), ""))
        hi = long.bisect_key_right((last, "\uffff"))
        return sorted(
            [*short, *(a for a in long.islice(lo, hi) if a.end >= first)],
            key=lambda a: (a.start, a.key),
        )


def _by_start() -> SortedKeyList:
    return SortedKeyList(key=lambda a: (a.start, a.key))


@dataclass(frozen=True)
class NotificationContext:
    """Everything the notification obligations read, and the clock they read it by.

    ``focus`` names the subjects to judge (activity keys, ``calendar:CHN:2027``,
    ``request:12``); ``None`` judges everything. The rules that look across activities read
    all of them through ``index``, and report only what touches the focus.
    """

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
    focus: frozenset[str] | None = None
    index: ActivityIndex | None = None
    """Every activity, indexed (built from ``activities`` when not given)."""
    together: Together | None = None
    """Who is assessed with whom, kept with ``index`` (built by the rule that reads it
    when not given)."""

    def __post_init__(self) -> None:
        if self.index is None:
            object.__setattr__(self, "index", ActivityIndex(self.activities))

    @property
    def all(self) -> ActivityIndex:
        """Every activity, indexed."""
        assert self.index is not None  # set in __post_init__
        return self.index

    def judged(self) -> list[Activity]:
        """The activities to judge: those in focus, or all."""
        if self.focus is None:
            return list(self.all)
        return [a for k in sorted(self.focus) if (a := self.all.by_key.get(k)) is not None]

    def judges(self, subject: str) -> bool:
        """Whether a subject is in focus."""
        return self.focus is None or subject in self.focus

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
