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

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from sortedcontainers import SortedList

from cosec.mechanisms.notifications.context import Activity
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


_Entry = tuple[int, str, int, float, float]
"""An activity placed: first day (ordinal), key, last day (ordinal), latitude, longitude."""


class _Places:
    """The placed activities with room for partners, by state and band of latitude (as wide
    as the distance), each band in order of start: a new activity's candidates are those of
    its states in its band and the two beside it, under way within the window."""

    def __init__(self, band_deg: float) -> None:
        self.band_deg = max(band_deg, 1e-6)
        self._bands: dict[tuple[str, int], SortedList] = defaultdict(SortedList)
        self._longest: dict[tuple[str, int], int] = defaultdict(int)
        self._entries: dict[str, tuple[list[tuple[str, int]], _Entry]] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def add(self, a: Activity) -> None:
        assert a.lat is not None
        assert a.lon is not None
        self.discard(a.key)
        entry = (a.start.toordinal(), a.key, a.end.toordinal(), a.lat, a.lon)
        band = math.floor(a.lat / self.band_deg)
        buckets = [(s, band) for s in a.states]
        for b in buckets:
            self._bands[b].add(entry)
            self._longest[b] = max(self._longest[b], entry[2] - entry[0])
        self._entries[a.key] = (buckets, entry)

    def discard(self, key: str) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            buckets, entry = found
            for b in buckets:
                self._bands[b].discard(entry)

    def near(self, a: Activity, window_days: int) -> Iterator[_Entry]:
        """Candidates for ``a``'s partners: of its states, in its latitude band or one beside
        it, under way at some day within ``window_days`` of it (a superset of its partners)."""
        assert a.lat is not None
        first, last = a.start.toordinal() - window_days, a.end.toordinal() + window_days
        band = math.floor(a.lat / self.band_deg)
        for s in a.states:
            for b in ((s, band - 1), (s, band), (s, band + 1)):
                entries = self._bands.get(b)
                if not entries:
                    continue
                lo = entries.bisect_left((first - self._longest[b],))
                hi = entries.bisect_right((last, "\uffff"))
                for entry in list(entries.islice(lo, hi)):  # the caller may drop some
                    if entry[2] >= first:
                        yield entry


class Together:
    """Each activity's partners (the activities assessed together with it), kept as
    activities are taken in and dropped."""

    def __init__(self, window_days: int, distance_km: float, crowd: int = CROWD) -> None:
        self.window_days = window_days
        self.distance_km = distance_km
        self.crowd = crowd
        self._partners: dict[str, set[str]] = {}
        self._reach_deg = math.degrees(distance_km / EARTH_RADIUS_KM)
        """Latitude degrees beyond which two centres are farther apart than the distance."""
        self._places: _Places | None = None
        self._by_stem: dict[tuple[int, str], set[str]] = defaultdict(set)
        self._activity: dict[str, Activity] = {}
        self._groups: dict[str, frozenset[str]] = {}
        """Each group asked for, until its partners change."""

    @property
    def _room(self) -> _Places:
        """The placed activities with room for more partners (made when first needed: a
        judgement of everything, whose partners are found at once, never needs them)."""
        if self._places is None:
            self._places = _Places(self._reach_deg)
            for key, a in self._activity.items():
                placed = a.lat is not None and a.lon is not None
                if placed and len(self._partners[key]) < self.crowd:
                    self._places.add(a)
        return self._places

    @classmethod
    def of(
        cls,
        activities: Iterable[Activity],
        window_days: int,
        distance_km: float,
        crowd: int = CROWD,
    ) -> Together:
        """The partners of every activity of ``activities``: found at once, as arrays (a
        store's first evaluation), when no activity has a crowd of partners; else taken in
        one by one, as :meth:`add` bounds crowds (the partners are the same either way)."""
        together = cls(window_days, distance_km, crowd)
        acts = list(dict((a.key, a) for a in activities).values())
        partners: list[set[str]] = [set() for _ in acts]
        by_stem: dict[tuple[int, str], list[int]] = defaultdict(list)
        for i, a in enumerate(acts):
            by_stem[(a.year, designation_stem(a.designation))].append(i)
        pairs = [
            (i, j) for same in by_stem.values() for n, i in enumerate(same) for j in same[n + 1 :]
        ]
        for chunk in itertools.chain([pairs], _close_pairs(acts, window_days, distance_km)):
            for i, j in chunk:
                partners[i].add(acts[j].key)
                partners[j].add(acts[i].key)
            if any(len(partners[i]) >= crowd for pair in chunk for i in pair):
                for a in acts:  # a crowd: bounded as it comes
                    together.add(a)
                return together
        for i, a in enumerate(acts):
            together._partners[a.key] = partners[i]
            together._activity[a.key] = a
            together._by_stem[(a.year, designation_stem(a.designation))].add(a.key)
        return together

    def add(self, a: Activity) -> None:
        """Take in ``a`` (replacing the activity with its key): link it with its partners."""
        self.discard(a.key)
        self._groups.pop(a.key, None)
        stem = (a.year, designation_stem(a.designation))
        mine: set[str] = set()
        self._partners[a.key] = mine
        self._activity[a.key] = a
        for k in sorted(self._by_stem[stem]):
            self._link(a.key, k)
        if a.lat is not None and a.lon is not None:
            reach, lat, lon = self._reach_deg, a.lat, a.lon
            for _, key, _, b_lat, b_lon in self._room.near(a, self.window_days):
                if len(mine) >= self.crowd:
                    break
                if (
                    -reach <= b_lat - lat <= reach
                    and great_circle_km(lat, lon, b_lat, b_lon) <= self.distance_km
                ):
                    self._link(a.key, key)
        self._by_stem[stem].add(a.key)
        if len(mine) < self.crowd and a.lat is not None and a.lon is not None:
            self._room.add(a)

    def _link(self, a: str, b: str) -> None:
        """Make ``a`` and ``b`` partners, if both have room."""
        if a == b or b in self._partners[a]:
            return
        if len(self._partners[a]) >= self.crowd or len(self._partners[b]) >= self.crowd:
            return
        self._partners[a].add(b)
        self._partners[b].add(a)
        self._groups.pop(a, None)
        self._groups.pop(b, None)
        if len(self._partners[b]) >= self.crowd:
            self._room.discard(b)

    def discard(self, key: str) -> None:
        """Forget the activity with this key, if known."""
        partners = self._partners.pop(key, None)
        if partners is None:
            return
        a = self._activity.pop(key)
        self._room.discard(key)
        self._groups.pop(key, None)
        for k in partners:
            self._partners[k].discard(key)
            self._groups.pop(k, None)
            b = self._activity[k]
            if k not in self._room and b.lat is not None and b.lon is not None:  # room again
                self._room.add(b)
        stem = (a.year, designation_stem(a.designation))
        self._by_stem[stem].discard(key)
        if not self._by_stem[stem]:
            del self._by_stem[stem]

    def partners(self, key: str) -> set[str]:
        """The activities assessed together with ``key`` (itself not among them)."""
        return self._partners.get(key, set())

    def group(self, key: str) -> frozenset[str]:
        """``key`` and its partners."""
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = frozenset(self.partners(key)) | {key}
        return group

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


def _close_pairs(
    acts: Sequence[Activity], window_days: int, distance_km: float, chunk: int = 1 << 20
) -> Iterator[list[tuple[int, int]]]:
    """Index pairs of activities that share a state, lie within ``window_days`` of each other
    and whose centres are within ``distance_km``, in chunks of about ``chunk`` candidates: per
    state, each activity against those starting after it and before its end plus the window
    (a sorted array's ranges), the distances computed as arrays; a distance within a metre of
    the limit is computed again by :func:`great_circle_km`, so the pairs are exactly those
    :meth:`Together.add` finds. A pair of two states' activities may come twice."""
    by_state: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(acts):
        if a.lat is not None and a.lon is not None:
            for s in a.states:
                by_state[s].append(i)
    reach = math.degrees(distance_km / EARTH_RADIUS_KM)
    for members in by_state.values():
        idx = np.array(members, dtype=np.int64)
        start = np.array([acts[i].start.toordinal() for i in members], dtype=np.int64)
        end = np.array([acts[i].end.toordinal() for i in members], dtype=np.int64)
        order = np.lexsort((idx, start))
        idx, start, end = idx[order], start[order], end[order]
        lat = np.array([acts[i].lat for i in idx], dtype=np.float64)
        lon = np.array([acts[i].lon for i in idx], dtype=np.float64)
        # each one against the later-starting ones that start by its end plus the window
        counts = np.maximum(
            np.searchsorted(start, end + window_days, side="right") - np.arange(len(idx)) - 1, 0
        )
        first = 0
        while first < len(idx):
            last = first + 1 + int(np.searchsorted(np.cumsum(counts[first:]), chunk))
            yield _pairs_of(
                acts, idx, lat, lon, counts, first, min(last, len(idx)), reach, distance_km
            )
            first = last


def _pairs_of(
    acts: Sequence[Activity],
    idx: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    counts: np.ndarray,
    first: int,
    last: int,
    reach: float,
    distance_km: float,
) -> list[tuple[int, int]]:
    """The close pairs whose earlier activity is one of ``first:last`` (sorted positions)."""
    mine = counts[first:last]
    left = np.repeat(np.arange(first, last), mine)
    right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(mine) - mine, mine)
    near = np.abs(lat[right] - lat[left]) <= reach
    left, right = left[near], right[near]
    p1, p2 = np.radians(lat[left]), np.radians(lat[right])
    dl = np.radians(lon[right] - lon[left])
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    out = []
    for a, b, d in zip(idx[left].tolist(), idx[right].tolist(), km.tolist(), strict=True):
        if d > distance_km + 1e-3:
            continue
        if d >= distance_km - 1e-3 and not _within(acts[a], acts[b], distance_km):
            continue
        out.append((a, b))
    return out


def _within(a: Activity, b: Activity, distance_km: float) -> bool:
    assert a.lat is not None
    assert a.lon is not None
    assert b.lat is not None
    assert b.lon is not None
    return great_circle_km(a.lat, a.lon, b.lat, b.lon) <= distance_km
