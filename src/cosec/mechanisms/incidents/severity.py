"""An incident's severity, L1 (worst) to L4, by the charter's rule, with the reasons.

The rule, after ReCAAP's two factors (../shared/domain §3, [design]):

- **L1**: contact between the units, a casualty, or damage;
- **L2**: closer than the dangerous distance, or a prohibited act that caused harm;
- **L3**: closer than the unsafe distance, or a prohibited act without harm;
- **L4**: communication or professionalism only (the charter's ``conduct_acts``, such as
  uncivil language, or nothing above).

"Closer than" is strict: a closest distance equal to the threshold is not below it. Both
sides compute the same level from the same facts.

>>> from cosec.mechanisms.incidents.regime import IncidentRegime
>>> rate(Facts("sea", 150.0, ("aim_weapons",)), IncidentRegime())
Rated(level='L2', reasons=('closest distance 150 m, below the dangerous distance of 183 m at sea',))
"""

from __future__ import annotations

from dataclasses import dataclass

from cosec.mechanisms.incidents.records import Account
from cosec.mechanisms.incidents.regime import IncidentRegime, Level


@dataclass(frozen=True, slots=True)
class Facts:
    """The facts an incident's severity rests on."""

    domain: str
    min_distance_m: float | None = None
    acts: tuple[str, ...] = ()
    contact: bool = False
    casualties: int = 0
    damage: bool = False
    harm: bool = False

    @classmethod
    def of(cls, domain: str, account: Account) -> Facts:
        """The facts an account declares."""
        return cls(
            domain,
            account.min_distance_m,
            account.acts,
            account.contact,
            account.casualties,
            account.damage,
            account.harm,
        )


@dataclass(frozen=True, slots=True)
class Rated:
    """A level and the reasons that set it."""

    level: Level
    reasons: tuple[str, ...]


def _metres(value: float) -> str:
    return f"{value:,.0f} m"


def rate(facts: Facts, regime: IncidentRegime) -> Rated:
    """The level of an incident: the worst level any of its facts reaches, and why."""
    where = "in the air" if facts.domain == "air" else "at sea"
    conduct = set(regime.conduct_acts)
    acts = [a for a in facts.acts if a not in conduct]
    l1: list[str] = []
    if facts.contact:
        l1.append("contact between the units")
    if facts.casualties:
        l1.append(f"{facts.casualties} casualt{'y' if facts.casualties == 1 else 'ies'}")
    if facts.damage:
        l1.append("damage")
    if l1:
        return Rated("L1", tuple(l1))
    d = facts.min_distance_m
    dangerous = regime.dangerous_distance_m.of(facts.domain)
    unsafe = regime.unsafe_distance_m.of(facts.domain)
    l2: list[str] = []
    if d is not None and d < dangerous:
        l2.append(
            f"closest distance {_metres(d)}, below the dangerous distance of "
            f"{_metres(dangerous)} {where}"
        )
    if acts and facts.harm:
        l2.append(f"a prohibited act that caused harm: {', '.join(acts)}")
    if l2:
        return Rated("L2", tuple(l2))
    l3: list[str] = []
    if d is not None and d < unsafe:
        l3.append(
            f"closest distance {_metres(d)}, below the unsafe distance of {_metres(unsafe)} {where}"
        )
    if acts:
        l3.append(f"a prohibited act without harm: {', '.join(acts)}")
    if l3:
        return Rated("L3", tuple(l3))
    named = [a for a in facts.acts if a in conduct]
    if named:
        return Rated("L4", (f"communication or professionalism only: {', '.join(named)}",))
    return Rated(
        "L4",
        ("no contact, harm, prohibited act or distance below the unsafe distance: "
         "communication or professionalism only",),
    )  # fmt: skip


def at_least(level: str, worst: str) -> bool:
    """Whether ``level`` is ``worst`` or worse (L1 is the worst)."""
    return level <= worst
