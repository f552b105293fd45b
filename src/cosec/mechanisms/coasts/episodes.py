"""The facts the presence obligations judge, whatever they were read from.

The same :class:`CoastsContext` is built from stored evidence (the projection: ``near-coast``
observations of state units) or from a positions file (``cosec coasts assess``), so one set
of pure obligation functions serves both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

METRES_PER_NM = 1852.0
PairYear = tuple[str, str, int]
"""``(member, coastal state, year)``."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A state vessel or aircraft as a vessels file (or the registry) names it."""

    member: str
    kind: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Episode:
    """One unbroken stay of a state vessel or aircraft near another member's coast."""

    key: str
    """``episode:<observation id>`` (or ``episode:<n>`` for a file's n-th episode)."""
    member: str
    coastal_state: str
    vessel: str
    """MMSI, or ICAO 24-bit address."""
    unit_kind: str
    unit_name: str
    start: datetime
    end: datetime
    min_distance_m: float
    lat: float
    """Where the track came closest to the coast."""
    lon: float
    observations: tuple[int, ...] = ()
    evidence: tuple[int, ...] = ()
    domain: str = "sea"

    @property
    def duration_h(self) -> float:
        """Hours within the distance."""
        return (self.end - self.start).total_seconds() / 3600.0

    @property
    def year(self) -> int:
        """The calendar year it began in (an episode counts in one year)."""
        return self.start.year

    @property
    def pair_year(self) -> PairYear:
        """``(member, coastal state, year)``."""
        return (self.member, self.coastal_state, self.year)

    def as_row(self) -> dict[str, object]:
        """The episode as ``cosec coasts assess`` prints it."""
        return {
            "member": self.member,
            "coastal_state": self.coastal_state,
            "mmsi": self.vessel,
            "start": self.start.isoformat().replace("+00:00", "Z"),
            "end": self.end.isoformat().replace("+00:00", "Z"),
            "duration_h": round(self.duration_h, 3),
            "min_distance_nm": round(self.min_distance_m / METRES_PER_NM, 3),
        }


@dataclass(frozen=True, slots=True)
class YearPresence:
    """A member's presence along one coastal state's coast in one year."""

    count: int = 0
    hours: float = 0.0
    observations: tuple[int, ...] = ()


def totals(episodes: Sequence[Episode]) -> dict[PairYear, YearPresence]:
    """Count and hours per ``(member, coastal state, year)``."""
    out: dict[PairYear, YearPresence] = {}
    for e in sorted(episodes, key=lambda x: (x.start, x.key)):
        y = out.get(e.pair_year, YearPresence())
        out[e.pair_year] = YearPresence(
            y.count + 1, y.hours + e.duration_h, y.observations + e.observations
        )
    return out


@dataclass(frozen=True, slots=True)
class NearActivity:
    """A notified activity whose area lies within the distance of another member's coast."""

    key: str
    """``notification:<record id>`` (or ``activity:<n>`` in a file)."""
    designation: str
    states: tuple[str, ...]
    coastal_state: str
    distance_m: float
    """From the area's edge to the coast (0: the area reaches it)."""
    start: date
    end: date
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True)
class CoastsContext:
    """Everything the presence obligations read.

    ``focus`` names the subjects to judge (``episode:412``, ``presence:CHN:JPN:2026``,
    ``notification:31``); ``None`` judges everything. ``years`` holds at least every
    pair-year judged and the year before each.
    """

    regime_distance_nm: float
    as_of: datetime
    episodes: Sequence[Episode] = ()
    years: Mapping[PairYear, YearPresence] = field(default_factory=dict)
    activities: Sequence[NearActivity] = ()
    member_name: Callable[[str], str] = str
    since: date | None = None
    """Day the charter took effect: a year before it is no yardstick."""
    focus: frozenset[str] | None = None

    def judges(self, subject: str) -> bool:
        """Whether a subject is in focus."""
        return self.focus is None or subject in self.focus

    def possessive(self, code: str) -> str:
        """``China's``, ``the Philippines'``."""
        name = self.member_name(code)
        return name + ("'" if name.endswith("s") else "'s")


def pair_subject(member: str, coastal: str, year: int) -> str:
    """The subject of a member's presence along a coast in a year."""
    return f"presence:{member}:{coastal}:{year}"
