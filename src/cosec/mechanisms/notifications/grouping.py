"""Which activities are one activity for threshold purposes, found without comparing pairs.

Two activities are *assessed together* (domain reference §2, design defaults) when they
share a designation (phases and parts aside) in the same year, or when they share a state,
lie at most ``window_days`` apart and their centres at most ``distance_km`` apart. The
groups are the connected components of that relation.

Comparing every pair cost 2 million comparisons for 2,000 notifications of one state
(42 s of a 47 s evaluation). Here each rule is answered from an index instead:

- designations: a dictionary keyed by ``(year, designation stem)``;
- time and place: for each state, a sweep over the activities in order of start, keeping
  the ones still within the window in a grid of cells over the unit sphere. A cell's edge
  is the chord of ``distance_km`` divided by √3, so any two activities in one cell are
  within the distance (and, being in the window together, are joined already): a new
  activity joins its own cell's group in one step and searches the 124 cells around it
  only until it finds one partner per cell.

Cost grows with the number of activities and with how crowded a place and time are, not
with the square of the store. No library offers this sweep over a union-find, which is why
it is written here; the great-circle distance is the haversine of
:func:`great_circle_km`.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from cosec.mechanisms.notifications.context import Activity
from cosec.mechanisms.notifications.obligations import normalised

EARTH_RADIUS_KM = 6371.0088
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


class _Components:
    """Union-find with path halving."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[ri] = rj


Cell = tuple[int, int, int]


def _cell(lat: float, lon: float, edge_km: float) -> Cell:
    """The grid cell of a point on the sphere (cells are cubes in Earth-centred space)."""
    p, q = math.radians(lat), math.radians(lon)
    x = EARTH_RADIUS_KM * math.cos(p) * math.cos(q)
    y = EARTH_RADIUS_KM * math.cos(p) * math.sin(q)
    z = EARTH_RADIUS_KM * math.sin(p)
    return math.floor(x / edge_km), math.floor(y / edge_km), math.floor(z / edge_km)


_NEIGHBOURS = [
    (dx, dy, dz)
    for dx in range(-2, 3)
    for dy in range(-2, 3)
    for dz in range(-2, 3)
    if (dx, dy, dz) != (0, 0, 0)
]


@dataclass(slots=True)
class _CellContents:
    """The activities of one cell still within the window, and when each leaves it."""

    leaving: list[tuple[int, int]]
    """Heap of ``(last start day it can still be joined on, index)``."""
    active: dict[int, tuple[float, float]]
    """Index → centre, for the activities not yet left."""

    def prune(self, today: int) -> None:
        while self.leaving and self.leaving[0][0] < today:
            _, i = heapq.heappop(self.leaving)
            self.active.pop(i, None)


def _sweep_state(
    activities: Sequence[Activity],
    indices: list[int],
    components: _Components,
    window_days: int,
    distance_km: float,
) -> None:
    """Join the activities of one state that are close in time and place."""
    chord = 2 * EARTH_RADIUS_KM * math.sin(min(distance_km / (2 * EARTH_RADIUS_KM), math.pi / 2))
    edge = chord / math.sqrt(3)
    cells: dict[Cell, _CellContents] = {}
    for i in sorted(indices, key=lambda i: (activities[i].start, i)):
        a = activities[i]
        if a.lat is None or a.lon is None:
            continue
        today = a.start.toordinal()
        key = _cell(a.lat, a.lon, edge)
        own = cells.setdefault(key, _CellContents([], {}))
        own.prune(today)
        if own.active:
            components.join(i, next(iter(own.active)))
        for dx, dy, dz in _NEIGHBOURS:
            near = cells.get((key[0] + dx, key[1] + dy, key[2] + dz))
            if near is None:
                continue
            near.prune(today)
            for j, (lat, lon) in near.active.items():
                if great_circle_km(a.lat, a.lon, lat, lon) <= distance_km:
                    components.join(i, j)
                    break
        heapq.heappush(own.leaving, (a.end.toordinal() + window_days, i))
        own.active[i] = (a.lat, a.lon)


def groups(
    activities: Sequence[Activity], window_days: int, distance_km: float
) -> list[tuple[Activity, ...]]:
    """Connected groups (two or more) of activities assessed together, in input order."""
    components = _Components(len(activities))
    by_name: dict[tuple[int, str], int] = {}
    by_state: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(activities):
        first = by_name.setdefault((a.year, designation_stem(a.designation)), i)
        if first != i:
            components.join(i, first)
        for s in a.states:
            by_state[s].append(i)
    for indices in by_state.values():
        _sweep_state(activities, indices, components, window_days, distance_km)
    clusters: dict[int, list[Activity]] = defaultdict(list)
    for i, a in enumerate(activities):
        clusters[components.find(i)].append(a)
    return [tuple(c) for c in clusters.values() if len(c) > 1]
