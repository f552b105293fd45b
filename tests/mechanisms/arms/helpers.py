"""Returns for the rule tests, built as the rules see them."""

from __future__ import annotations

from datetime import UTC, datetime

from cosec.charters import load_profile
from cosec.mechanisms.arms.context import ArmsContext, Filed, Spent, summed
from cosec.mechanisms.arms.regime import ArmsRegime

EAS = load_profile("eas-2026")
REGIME = EAS.regime("arms")
assert isinstance(REGIME, ArmsRegime)
DUE_2025 = datetime(2026, 5, 31, 23, 59, 59, 999999, tzinfo=UTC)
"""The end of the day the 2025 returns are due [checked: 31 May of the next year]."""


def at(text: str) -> datetime:
    """``2026-05-31 12:00`` in UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def filed(
    member: str,
    *,
    exports: tuple[tuple[str, str, int], ...] = (),
    imports: tuple[tuple[str, str, int], ...] = (),
    year: int = 2025,
    sent: str = "2026-05-01 09:00",
    rid: int = 1,
) -> Filed:
    """A return: ``exports``/``imports`` as ``(counterpart, category, units)``."""
    return Filed(
        member=member,
        year=year,
        first_at=at(sent),
        nil=not exports and not imports,
        exports=summed(exports),
        imports=summed(imports),
        record_ids=(rid,),
    )


def context(
    *returns: Filed,
    as_of: str = "2026-07-01 00:00",
    years: tuple[int, ...] = (2025,),
    spent: tuple[Spent, ...] = (),
    focus: frozenset[str] | None = None,
    members: tuple[str, ...] | str | None = "eas",
) -> ArmsContext:
    named: dict[tuple[int, str], set[str]] = {}
    for f in returns:
        for other in f.counterparts:
            named.setdefault((f.year, other), set()).add(f.member)
    return ArmsContext(
        regime=REGIME,
        as_of=at(as_of),
        returns={(f.member, f.year): f for f in returns},
        named_by=named,
        expenditures={(s.member, s.year): s for s in spent},
        years=years,
        members=EAS.member_codes if members == "eas" else members,  # type: ignore[arg-type]
        member_name=EAS.member_name,
        focus=focus,
    )
