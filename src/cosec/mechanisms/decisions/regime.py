"""What a charter sets for its bodies' decisions: each body's rule in the words of the
domain reference (§11), which bodies' decisions bind, the rotating chair's order, and the
grace given to implementation tasks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from cosec.kit import MemberCode, RegimeBase

Rule = Literal["consensus", "consensus_minus_parties", "qualified_majority", "simple_majority"]
RULES: tuple[Rule, ...] = (
    "consensus",
    "consensus_minus_parties",
    "qualified_majority",
    "simple_majority",
)
RULE_NAMES: dict[str, str] = {
    "consensus": "consensus",
    "consensus_minus_parties": "consensus minus the parties",
    "qualified_majority": "two-thirds majority",
    "simple_majority": "simple majority",
}
CHARTER_RULES: dict[str, Rule] = {
    "consensus": "consensus",
    "two_thirds": "qualified_majority",
    "simple_majority": "simple_majority",
}
"""A body's ``decision_rule`` in the charter's own words, as a §11 rule (``unanimity`` and
``none`` have none: such a body decides only under a rule its regime's ``rules`` names)."""


class DecisionsRegime(RegimeBase):
    """The parameters of decision-making under one charter."""

    rules: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")], Rule] = Field(
        default_factory=dict
    )
    """Body id → its rule, for a body whose ``decision_rule`` has no §11 equivalent
    (``unanimity``, ``none``); a body's own §11 ``decision_rule`` always comes first."""
    binding_bodies: tuple[str, ...] = ("summit", "council")
    """Bodies whose adopted decisions bind the members and go on the register."""
    chair_order: tuple[MemberCode, ...] = ()
    """The order the rotating chair passes in, one year each, from ``chair_anchor_year``."""
    chair_anchor_year: Annotated[int, Field(ge=1990, le=2200, strict=True)] = 2026
    """The year the first member of ``chair_order`` chairs."""
    task_grace_days: Annotated[int, Field(ge=0, le=366, strict=True)] = 0
    """Days after a task's deadline before it is overdue."""
