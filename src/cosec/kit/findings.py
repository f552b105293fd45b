"""What an obligation emits: a finding draft, and the words findings use (severity, state)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is, from least to most."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """0 for low, 2 for high: for sorting and thresholds."""
        return list(Severity).index(self)


class FindingState(StrEnum):
    """Where a finding stands."""

    OPEN = "open"
    ANSWERED = "answered"
    """The member concerned has answered it with a signed record."""
    RESOLVED = "resolved"
    """The facts that raised it no longer hold (a late calendar arrived, a reply came)."""


@dataclass(frozen=True, slots=True)
class FindingDraft:
    """One finding as an obligation computes it, before it is stored.

    ``subjects`` name the things judged (activity keys, request ids); with the obligation
    and the flag they make the stable ``key`` that lets re-evaluation update a finding in
    place. A request first ``reply_overdue`` then answered late is two findings: the first
    resolved, the second open.

    ``subjects`` are the things judged, and an evaluation finds a finding again by them, so
    they name entities (``N12``, ``calendar:CHN:2027``), never a category shared by many
    findings. ``aspect`` tells apart findings of one obligation on the same subjects (the
    notification and the observation threshold; each constraint rule); it is part of the
    key, not a subject.

    ``evidence`` cites record ids; ``observations`` cites the ids of the events detected in
    tracks (encounters, rendezvous, gaps...) that the finding rests on.
    """

    obligation: str
    flag: str
    severity: Severity
    members: tuple[str, ...]
    subjects: tuple[str, ...]
    summary: str
    evidence: tuple[int, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    observations: tuple[int, ...] = ()
    aspect: str = ""

    def __post_init__(self) -> None:
        # Sentences start with a capital even when they open with "the Philippines".
        if self.summary[:1].islower():
            object.__setattr__(self, "summary", self.summary[0].upper() + self.summary[1:])

    @property
    def key(self) -> str:
        """Stable identity of the finding across evaluations."""
        tags = (*self.subjects, self.aspect) if self.aspect else self.subjects
        raw = "|".join((self.obligation, self.flag, *sorted(tags)))
        return hashlib.sha256(raw.encode()).hexdigest()[:32]
