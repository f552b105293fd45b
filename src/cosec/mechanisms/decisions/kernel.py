"""The outcome of a vote, by the rules of the domain reference §11: a pure function.

*Present* is a member of the body that voted yes, no or abstain. The quorum is more than
half of the body's members present; without it the outcome is ``no_quorum`` whatever the
votes. Then:

- ``consensus``: adopted when at least one member votes yes and no member present votes no
  (abstentions do not block);
- ``consensus_minus_parties``: as consensus, but the no-votes of the states the proposal
  names as its parties do not count (they still count for the quorum);
- ``qualified_majority``: adopted when yes is at least two-thirds of yes + no (abstentions
  not counted) and at least one;
- ``simple_majority``: adopted when yes > no.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

Outcome = Literal["adopted", "rejected", "no_quorum"]
VOTES = ("yes", "no", "abstain")


@dataclass(frozen=True, slots=True)
class Tally:
    """A vote counted: its outcome and figures."""

    outcome: Outcome
    yes: int
    no: int
    abstain: int
    present: int
    members: int
    rule: str
    blocking: tuple[str, ...] = ()
    """The members whose no-votes counted against adoption under a consensus rule."""

    @property
    def quorum(self) -> int:
        """The fewest members present that make a quorum (more than half)."""
        return self.members // 2 + 1

    def as_json(self, proposal_id: str | int) -> dict[str, object]:
        """The object ``cosec decisions assess`` prints."""
        return {
            "id": proposal_id,
            "outcome": self.outcome,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "present": self.present,
            "rule": self.rule,
        }


def decide(
    rule: str,
    members: Collection[str],
    votes: Mapping[str, str],
    parties: Collection[str] = (),
) -> Tally:
    """The outcome of ``votes`` (member → yes/no/abstain) in a body of ``members``.

    Every voter must be a member and every vote one of yes, no, abstain (the callers refuse
    anything else with the field named); a ``ValueError`` here is a programming error.
    """
    strangers = sorted(set(votes) - set(members))
    if strangers:
        raise ValueError(f"votes from states not members of the body: {strangers}")
    odd = sorted(v for v in set(votes.values()) if v not in VOTES)
    if odd:
        raise ValueError(f"votes other than yes, no, abstain: {odd}")
    yes = sum(1 for v in votes.values() if v == "yes")
    no_voters = sorted(m for m, v in votes.items() if v == "no")
    abstain = sum(1 for v in votes.values() if v == "abstain")
    present = len(votes)

    def tally(outcome: Outcome, blocking: tuple[str, ...] = ()) -> Tally:
        return Tally(outcome, yes, len(no_voters), abstain, present, len(members), rule, blocking)

    if 2 * present <= len(members):
        return tally("no_quorum")
    if rule == "consensus":
        return tally("adopted" if yes >= 1 and not no_voters else "rejected", tuple(no_voters))
    if rule == "consensus_minus_parties":
        blocking = tuple(m for m in no_voters if m not in set(parties))
        return tally("adopted" if yes >= 1 and not blocking else "rejected", blocking)
    if rule == "qualified_majority":
        adopted = yes >= 1 and 3 * yes >= 2 * (yes + len(no_voters))
        return tally("adopted" if adopted else "rejected")
    if rule == "simple_majority":
        return tally("adopted" if yes > len(no_voters) else "rejected")
    raise ValueError(f"unknown decision rule {rule!r}")
