"""The facts the arms obligations judge, whatever they were read from (stored records or a
file), and the lookups that keep the mirror checks to the pairs a return names."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from cosec.mechanisms.arms.records import ArmsReturn, Expenditure
from cosec.mechanisms.arms.regime import ArmsRegime

ByCategory = Mapping[str, int]
"""Category → items, several lines for the same counterpart and category summed."""


@dataclass(frozen=True, slots=True)
class Filed:
    """A member's return for a year as the rules see it (the latest it sent)."""

    member: str
    year: int
    first_at: datetime
    """When its first return for the year came: what timeliness is judged by."""
    nil: bool
    exports: Mapping[str, ByCategory]
    """Importing state → category → items."""
    imports: Mapping[str, ByCategory]
    """Exporting state → category → items."""
    record_ids: tuple[int, ...] = ()
    label: str = ""
    """How a file names it (``return 3``); empty for stored records."""

    @property
    def counterparts(self) -> set[str]:
        """Every state its lines name."""
        return set(self.exports) | set(self.imports)


def summed(lines: Iterable[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    """``(counterpart, category, units)`` lines → counterpart → category → items."""
    out: dict[str, dict[str, int]] = {}
    for counterpart, category, units in lines:
        per = out.setdefault(counterpart, {})
        per[category] = per.get(category, 0) + units
    return out


def filed_from(
    member: str,
    ret: ArmsReturn,
    *,
    first_at: datetime,
    record_ids: tuple[int, ...] = (),
    label: str = "",
) -> Filed:
    """A return's payload as the rules see it."""
    return Filed(
        member=member,
        year=ret.year,
        first_at=first_at,
        nil=ret.nil,
        exports=summed((x.counterpart, x.category, x.units) for x in ret.exports),
        imports=summed((x.counterpart, x.category, x.units) for x in ret.imports),
        record_ids=record_ids,
        label=label,
    )


@dataclass(frozen=True, slots=True)
class Spent:
    """A member's expenditure report for a year (the latest it sent)."""

    member: str
    year: int
    first_at: datetime
    form: str
    currency: str
    total: float
    record_ids: tuple[int, ...] = ()

    @classmethod
    def of(
        cls, member: str, report: Expenditure, first_at: datetime, record_ids: tuple[int, ...]
    ) -> Spent:
        """From a stored report."""
        return cls(
            member, report.year, first_at, report.form, report.currency, report.total, record_ids
        )


def return_subject(member: str, year: int) -> str:
    """The subject of a member's return for a year: ``return:CHN:2025``."""
    return f"return:{member}:{year}"


def expenditure_subject(member: str, year: int) -> str:
    """The subject of a member's expenditure report for a year: ``expenditure:CHN:2025``."""
    return f"expenditure:{member}:{year}"


def parse_subject(subject: str) -> tuple[str, str, int] | None:
    """``return:CHN:2025`` → ``("return", "CHN", 2025)``; ``None`` for anything else."""
    head, _, rest = subject.partition(":")
    member, _, year = rest.partition(":")
    if head in ("return", "expenditure") and member and year.isdigit():
        return head, member, int(year)
    return None


@dataclass(frozen=True)
class ArmsContext:
    """Everything the arms obligations read, and the clock they read it by.

    ``returns`` and ``expenditures`` are keyed by ``(member, year)``; ``named_by`` by
    ``(year, state)`` gives the members whose returns name that state, so a mirror check
    of one return reaches exactly the returns that may disagree with it. ``focus`` names
    the subjects to judge (``return:CHN:2025``); ``None`` judges everything.
    """

    regime: ArmsRegime
    as_of: datetime
    returns: Mapping[tuple[str, int], Filed]
    named_by: Mapping[tuple[int, str], set[str]]
    expenditures: Mapping[tuple[str, int], Spent] = field(default_factory=dict)
    years: tuple[int, ...] = ()
    """Years whose returns are due (and judged once their day has passed)."""
    members: tuple[str, ...] | None = None
    """Members of the regime; ``None``: any state (those that filed are judged)."""
    member_name: Callable[[str], str] = str
    since: date | None = None
    """Day the charter took effect: returns falling due before it are not judged."""
    focus: frozenset[str] | None = None

    def judges(self, subject: str) -> bool:
        """Whether a subject is in focus."""
        return self.focus is None or subject in self.focus

    def in_regime(self, code: str) -> bool:
        """Whether a state is a member of the regime."""
        return self.members is None or code in self.members

    def names(self, codes: Iterable[str]) -> str:
        """``China and Indonesia``: member names for a sentence."""
        named = [self.member_name(c) for c in codes]
        if len(named) <= 1:
            return "".join(named)
        return ", ".join(named[:-1]) + " and " + named[-1]

    def judged_returns(self) -> list[Filed]:
        """The returns in focus (all without a focus)."""
        if self.focus is None:
            return list(self.returns.values())
        out = []
        for s in sorted(self.focus):
            parsed = parse_subject(s)
            if parsed is not None and parsed[0] == "return":
                f = self.returns.get((parsed[1], parsed[2]))
                if f is not None:
                    out.append(f)
        return out
