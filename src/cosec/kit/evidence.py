"""Evidence an obligation can read: events detected in tracks, and the state-unit registry.

Track analyses are stored as observations (one event each: an encounter, a rendezvous, a
gap...), with ids a finding cites beside record ids. The registry of state vessels and
aircraft (navy, coast guard, other government) is kept as signed ``fleet.unit`` records by
each member for its own units and by the secretariat; where it has no entry, the first
three digits of an MMSI (its Maritime Identification Digits) give the flag.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Observation:
    """One event detected in tracks, as evidence."""

    id: int
    analysis_id: int
    """The ``evidence.analysis`` record that found it (signed and logged)."""
    kind: str
    """``encounters``, ``rendezvous``, ``gaps``, ``loitering``, ``near-coast``."""
    vessels: tuple[str, ...]
    """MMSI or ICAO 24-bit addresses, as text."""
    start: datetime
    end: datetime
    lat: float
    lon: float
    confidence: float | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    """The event's own figures (``cpa_distance_m``, ``duration_s``...)."""


@dataclass(frozen=True, slots=True)
class StateUnit:
    """A state vessel or aircraft as the registry knows it."""

    identifier: str
    """MMSI (ships) or ICAO 24-bit address in hex (aircraft)."""
    member: str
    kind: str
    """``navy``, ``coast_guard`` or ``other_government``."""
    name: str = ""
    hull_number: str = ""
    domain: str = "sea"
    """``sea`` or ``air``."""
    record_id: int | None = None
    """The ``fleet.unit`` record that says so (``None``: inferred from the MMSI)."""


class EvidenceReader(Protocol):
    """How a projection reads evidence (the store implements it; tests pass a fake)."""

    def observations(
        self,
        *,
        kinds: Collection[str] = (),
        start: datetime | None = None,
        end: datetime | None = None,
        vessels: Collection[str] = (),
        analysis_ids: Collection[int] = (),
    ) -> list[Observation]:
        """Observations of these kinds (all if none) overlapping ``[start, end]``, involving
        any of ``vessels``, from these analyses; oldest first."""
        ...

    def unit(self, identifier: str, at: datetime | None = None) -> StateUnit | None:
        """The registered state unit with this MMSI or ICAO address (as of ``at``)."""
        ...


class NoEvidence:
    """An evidence reader with nothing in it (file assessments, tests)."""

    def observations(
        self,
        *,
        kinds: Collection[str] = (),
        start: datetime | None = None,
        end: datetime | None = None,
        vessels: Collection[str] = (),
        analysis_ids: Collection[int] = (),
    ) -> list[Observation]:
        """None."""
        return []

    def unit(self, identifier: str, at: datetime | None = None) -> StateUnit | None:
        """None."""
        return None


@cache
def _mids() -> dict[int, str]:
    text = (files("cosec.kit") / "mid.toml").read_text(encoding="utf-8")
    out: dict[int, str] = {}
    for code, ranges in tomllib.loads(text)["flags"].items():
        for r in ranges:
            lo, _, hi = str(r).partition("-")
            for mid in range(int(lo), int(hi or lo) + 1):
                out[mid] = code
    return out


def flag_of_mmsi(mmsi: str | int) -> str | None:
    """The flag state of a ship's MMSI from its Maritime Identification Digits, if known.

    >>> flag_of_mmsi(412000123), flag_of_mmsi("366999001"), flag_of_mmsi(999000000)
    ('CHN', 'USA', None)
    """
    text = str(mmsi).strip()
    if len(text) != 9 or not text.isdigit():
        return None
    return _mids().get(int(text[:3]))
