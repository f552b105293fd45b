"""The decisions' state for their obligation (see :mod:`cosec.kit.projection`): the
:class:`~.fold.Fold` of the records, with the tasks' deadlines indexed. Subject: ``P12``
(a proposal, its decision and its tasks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sortedcontainers import SortedList

from cosec.kit import Setup, StoredRecord
from cosec.mechanisms.decisions.fold import Fold
from cosec.mechanisms.decisions.obligations import DecisionsContext, proposal_subject
from cosec.mechanisms.decisions.regime import DecisionsRegime


@dataclass
class DecisionsProjection:
    """The fold of the decisions' records, deadlines indexed."""

    setup: Setup[DecisionsRegime]
    fold: Fold = field(init=False)
    deadlines: SortedList = field(default_factory=SortedList)
    indexed: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.fold = Fold(self.setup.regime_for)

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the proposal it changes."""
        pid = self.fold.apply(record)
        if pid is None:
            return set()
        p = self.fold.proposals[pid]
        if p.is_decision and pid not in self.indexed:
            self.indexed.add(pid)
            for n in range(1, len(p.proposal.tasks) + 1):
                self.deadlines.add((p.deadline(n), pid))
        return {proposal_subject(pid)}

    def expand(self, subjects: set[str]) -> set[str]:
        """Nothing to close over: a decision's tasks are judged on their own."""
        return subjects

    def due(self, since: datetime, until: datetime) -> set[str]:
        """Decisions with a task falling overdue in ``(since, until]`` (overdue from its
        deadline on)."""
        if until <= since:
            return set()
        after = 2**31  # above every record id: (since, after) excludes since itself
        hits = self.deadlines.irange((since, after), (until, after), (True, True))
        return {proposal_subject(pid) for _, pid in hits}

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> DecisionsContext:
        """The decisions to judge (``focus``: those named)."""
        proposals = self.fold.proposals
        if focus is None:
            chosen = [proposals[i] for i in sorted(proposals)]
        else:
            ids = sorted(int(s[1:]) for s in focus if s[:1] == "P" and s[1:].isdigit())
            chosen = [proposals[i] for i in ids if i in proposals]
        return DecisionsContext(as_of, chosen, self.setup.member_name)


def new_projection(setup: Setup[DecisionsRegime]) -> DecisionsProjection:
    """The projection of an empty log (the registration's factory)."""
    return DecisionsProjection(setup)
