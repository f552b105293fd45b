"""Which activities are assessed together for threshold purposes, found without comparing
all pairs.

An activity is *assessed together* (domain reference §2, design defaults) with every
activity that shares its designation (phases and parts aside) in the same year, or that
shares a state, lies at most ``window_days`` from it and whose centre is at most
``distance_km`` from its own. Its *group* is itself and those partners: the relation is
read as written, around each activity, and not closed transitively. (Closing it joined a
busy member's weekly exercises in one home region into one "activity" of thousands over six
years: a finding no analyst could use, whose every change re-judged the whole chain.)

:class:`Together` keeps each activity's partners as activities come and go. A new one finds
its partners from the index of activities by state and start (only those under way within
the window) and by designation, and a latitude bound discards far ones before any
great-circle distance is computed: the cost of an activity follows how crowded its place
and time are, never the size of the store. No library keeps such a neighbour relation over
dates and places under insertions and removals, which is why it is written here; the
distance is the haversine of :func:`great_circle_km`.

A crowd is bounded: an activity keeps at most :data:`CROWD` partners (the first found,
while both have room). Hundreds of activities of one state in one place and week are
reported as a group of that size rather than measured further; without the bound, a member
notifying thousands of activities at one place would make every one of them a partner of
every other, and the pairs would cost what comparing all pairs costs.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from cosec.mechanisms.notifications.context import Activity, ActivityIndex
from cosec.mechanisms.notifications.obligations import normalised

EARTH_RADIUS_KM = 6371.0088
CROWD = 250
"""The most partners an activity keeps (see the module's docstring)."""
_PHASE_SUFFIX = re.compile(r"\s*[-(,]?\s*(phase|part|stage|step)\s+[\w]+\)?$")


def designation_stem(designation: str) -> str:
    """The designation without a trailing phase or part marker.

    >>> designation_stem("Northern Shield 2026 - Phase II")
    'northern shield 2026'
    """
    return _PHASE_SUFFIX.sub("", normalised(designation)).strip()


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a sphere of the Earth's mean radius (enough at 300 km).

    >>> round(great_circle_km(0, 0, 0, 1))
    111
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def assessed_together(a: Activity, b: Activity, window_days: int, distance_km: float) -> bool:
    """Whether two activities are one activity for threshold purposes (the rule itself)."""
    if a.year == b.year and designation_stem(a.designation) == designation_stem(b.designation):
        return True
    if not set(a.states) & set(b.states):
        return False
    gap = max((b.start - a.end).days, (a.start - b.end).days, 0)
    if gap > window_days:
        return False
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return great_circle_km(a.lat, a.lon, b.lat, b.lon) <= distance_km


class Together:
    """Each activity's partners (the activities assessed together with it), kept as
    activities are taken in and dropped."""

    def __init__(self, window_days: int, distance_km: float, crowd: int = CROWD) -> None:
        self.window_days = window_days
        self.distance_km = distance_km
        self.crowd = crowd
        self._partners: dict[str, set[str]] = {}
        self._room = ActivityIndex()
        """The activities with room for more partners, by state and start."""
        self._by_stem: dict[tuple[int, str], set[str]] = defaultdict(set)
        self._activity: dict[str, Activity] = {}
        self._reach_deg = math.degrees(distance_km / EARTH_RADIUS_KM)
        """Latitude degrees beyond which two centres are farther apart than the distance."""

    @classmethod
    def of(
        cls,
        activities: Iterable[Activity],
        window_days: int,
        distance_km: float,
        crowd: int = CROWD,
    ) -> Together:
        """The partners of every activity of ``activities``."""
        together = cls(window_days, distance_km, crowd)
        for a in activities:
            together.add(a)
        return together

    def add(self, a: Activity) -> None:
        """Take in ``a`` (replacing the activity with its key): link it with its partners."""
        self.discard(a.key)
        stem = (a.year, designation_stem(a.designation))
        mine: set[str] = set()
        self._partners[a.key] = mine
        self._activity[a.key] = a
        for k in sorted(self._by_stem[stem]):
            self._link(a.key, k)
        if a.lat is not None and a.lon is not None:
            window = timedelta(days=self.window_days)
            reach, lat, lon = self._reach_deg, a.lat, a.lon
            for s in a.states:
                for b in self._room.overlapping(s, a.start - window, a.end + window):
                    if len(mine) >= self.crowd:
                        break
                    if (
                        b.lat is not None
                        and b.lon is not None
                        and -reach <= b.lat - lat <= reach
                        and great_circle_km(lat, lon, b.lat, b.lon) <= self.distance_km
                    ):
                        self._link(a.key, b.key)
        self._by_stem[stem].add(a.key)
        if len(mine) < self.crowd:
            self._room.add(a)

    def _link(self, a: str, b: str) -> None:
        """Make ``a`` and ``b`` partners, if both have room."""
        if a == b or b in self._partners[a]:
            return
        if len(self._partners[a]) >= self.crowd or len(self._partners[b]) >= self.crowd:
            return
        self._partners[a].add(b)
        self._partners[b].add(a)
        if len(self._partners[b]) >= self.crowd:
            self._room.discard(b)

    def discard(self, key: str) -> None:
        """Forget the activity with this key, if known."""
        partners = self._partners.pop(key, None)
        if partners is None:
            return
        a = self._activity.pop(key)
        self._room.discard(key)
        for k in partners:
            self._partners[k].discard(key)
            if k not in self._room.by_key:  # room again
                self._room.add(self._activity[k])
        stem = (a.year, designation_stem(a.designation))
        self._by_stem[stem].discard(key)
        if not self._by_stem[stem]:
            del self._by_stem[stem]

    def partners(self, key: str) -> set[str]:
        """The activities assessed together with ``key`` (itself not among them)."""
        return self._partners.get(key, set())

    def group(self, key: str) -> frozenset[str]:
        """``key`` and its partners."""
        return frozenset(self.partners(key)) | {key}

    def around(self, keys: set[str], steps: int) -> set[str]:
        """``keys`` and the activities at most ``steps`` partnerships away."""
        out, edge = set(keys), set(keys)
        for _ in range(steps):
            edge = {p for k in edge for p in self.partners(k)} - out
            out |= edge
        return out

    def leads(self, key: str) -> bool:
        """Whether ``key``'s group is the one to report: no partner's group holds it and
        more, and no partner with the same group comes first (so that each group, seen
        around several of its activities, is reported once, around the same one)."""
        group = self.group(key)
        for k in group:
            if k == key:
                continue
            theirs = self.group(k)
            if theirs > group or (theirs == group and k < key):
                return False
        return True
