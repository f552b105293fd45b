"""The bodies of a charter as decision-makers: their members, their rule, their chair.

A body's rule is its own ``decision_rule`` in the charter, read as a §11 rule
(``two_thirds`` is ``qualified_majority``); only a body whose ``decision_rule`` has no §11
equivalent (``unanimity``, ``none``) takes the rule its regime's ``rules`` names, if any,
else it takes no decisions (the secretariat). A proposal's own rule comes before both.
A body's members are its own list, or every member of the charter (``all``). The rotating
chair passes along ``chair_order`` one year at a time from ``chair_anchor_year``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from cosec.kit import Charter, FieldError
from cosec.mechanisms.decisions.regime import CHARTER_RULES, RULES, DecisionsRegime

MEMBER_CODE = re.compile(r"[A-Z]{3}")
KINDS = {
    "summit": "summit",
    "council": "ministerial council",
    "secretariat": "secretariat",
    "working_group": "working group",
    "hotline": "hotline",
    "committee": "committee",
}


@dataclass(frozen=True, slots=True)
class Body:
    """A body as it decides."""

    id: str
    name: str
    kind: str
    members: tuple[str, ...]
    rule: str | None
    """Its §11 rule; ``None``: it takes no decisions."""
    chair: str | None
    """``rotating``, a member code, or ``None``."""
    mandate: str
    binding: bool
    """Whether its adopted decisions bind (and go on the register)."""

    @property
    def kind_name(self) -> str:
        """``ministerial council``: its kind in words."""
        return KINDS.get(self.kind, self.kind)

    @property
    def quorum(self) -> int:
        """The fewest members present that make a quorum: more than half."""
        return len(self.members) // 2 + 1

    def chair_in(self, regime: DecisionsRegime, year: int) -> str | None:
        """Who chairs the body in ``year``."""
        if self.chair == "rotating":
            return rotating_chair(regime, year)
        return self.chair


def regime_of(charter: Charter) -> DecisionsRegime:
    """The charter's decisions regime, or the defaults when it has none."""
    regime = charter.regime("decisions")
    return regime if isinstance(regime, DecisionsRegime) else DecisionsRegime()


def bodies(charter: Charter, regime: DecisionsRegime | None = None) -> dict[str, Body]:
    """The charter's bodies by id, in charter order."""
    regime = regime or regime_of(charter)
    out: dict[str, Body] = {}
    for b in charter.bodies:
        members = charter.member_codes if b.members == "all" else tuple(b.members)
        rule = CHARTER_RULES.get(b.decision_rule) or regime.rules.get(b.id)
        out[b.id] = Body(
            id=b.id,
            name=b.name,
            kind=b.kind,
            members=members,
            rule=rule,
            chair=b.chair,
            mandate=b.mandate,
            binding=b.id in regime.binding_bodies,
        )
    return out


def rotating_chair(regime: DecisionsRegime, year: int) -> str | None:
    """The member that holds the rotating chair in ``year``."""
    order = regime.chair_order
    if not order:
        return None
    return order[(year - regime.chair_anchor_year) % len(order)]


def schedule(regime: DecisionsRegime, first: int, last: int) -> list[tuple[int, str | None]]:
    """``(year, chair)`` for each year from ``first`` to ``last``."""
    return [(y, rotating_chair(regime, y)) for y in range(first, last + 1)]


def check_proposal(
    where: str,
    body_id: str,
    rule: str | None,
    parties: tuple[str, ...],
    votes: Mapping[str, str],
    known: Mapping[str, Body],
) -> Iterator[FieldError]:
    """The §11 refusals of a proposal: an unknown body or rule, a body that takes no
    decisions, a voter not a member of the body, a vote other than yes/no/abstain (and a
    party that is not a member code at all; a party outside the body casts no vote, so
    §11 has nothing to refuse in it). ``where`` prefixes each field (``proposal P1``)."""
    body = known.get(body_id)
    if body is None:
        yield FieldError(f"{where}.body", f"{body_id!r} is not a body of the charter")
        return
    if rule is not None and rule not in RULES:
        yield FieldError(f"{where}.rule", f"{rule!r} is not a decision rule ({', '.join(RULES)})")
    elif rule is None and body.rule is None:
        yield FieldError(f"{where}.body", f"the {body.name} takes no decisions")
    if not body.members:
        yield FieldError(f"{where}.body", f"the {body.name} has no fixed membership")
        return
    members = set(body.members)
    for i, code in enumerate(parties):
        if not MEMBER_CODE.fullmatch(code):
            yield FieldError(f"{where}.parties[{i}]", f"{code!r} is not a member code")
    for code, vote in votes.items():
        if code not in members:
            yield FieldError(f"{where}.votes.{code}", f"{code} is not a member of the {body.id}")
        elif vote not in ("yes", "no", "abstain"):
            yield FieldError(f"{where}.votes.{code}", f"{vote!r} is not yes, no or abstain")
