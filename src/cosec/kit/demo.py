"""A mechanism's part of the demo year: its submissions, and the ship tracks it needs.

``cosec demo`` builds one East Asia year through the same submission path as everyone
else. Each mechanism contributes a :class:`DemoPart` (named by its registration's
``interfaces.demo``): steps in time order, each signed by its member's key (or the
secretariat's), and track datasets the secretariat imports and analyses at a given time.
The core merges every mechanism's steps by time, so a mechanism's story can rest on
another's records only through what is logged (kinds and ids), never on its code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def at(text: str) -> datetime:
    """``"2026-02-10 09:00"`` as a UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


DEMO_YEAR_END = at("2026-11-28 12:00")
"""When the demo year ends and is judged: the demo's "now"."""


@dataclass(frozen=True)
class DemoStep:
    """One submission of the demo: when, by whom, what."""

    when: datetime
    actor: str
    """Member code, or ``SEC`` for the secretariat."""
    kind: str
    payload: dict[str, Any]
    audience: str | None = None
    parties: tuple[str, ...] = ()
    label: str = ""
    """A name later steps of the same mechanism use for this record's id."""
    refs: dict[str, str] = field(default_factory=dict)
    """Payload field → label of an earlier step whose record id it takes."""


@dataclass(frozen=True)
class DemoTracks:
    """A track dataset of the demo, imported and analysed by the secretariat at ``at``.

    ``positions`` are AIS rows (``mmsi``, ``timestamp`` as ISO 8601 UTC, ``lat``, ``lon``,
    ``sog``, ``cog``): the tracks a mechanism's story needs (two navy ships closing, a
    tanker meeting another at night). ``background`` adds that many vessels of cosec's
    synthetic traffic over ``hours`` from ``start``, so the events stand among others.
    """

    name: str
    at: datetime
    analyses: tuple[tuple[str, Mapping[str, Any]], ...]
    """``(kind, params)``; kinds: encounters, rendezvous, gaps, loitering, near-coast."""
    positions: Sequence[Mapping[str, Any]] = ()
    background: int = 0
    start: datetime | None = None
    hours: int = 24
    note: str = ""
    audience: str = "regime"


@dataclass(frozen=True)
class DemoPart:
    """What a mechanism adds to the demo year."""

    steps: Sequence[DemoStep] = ()
    tracks: Sequence[DemoTracks] = ()
    look_at: Sequence[tuple[str, str]] = ()
    """``(path, what it shows)`` for the lines ``cosec demo`` prints."""
