"""Each member's transparency index and its year-over-year figures (pure, from the context).

The index [design] weighs three shares, by the charter's ``index_weights`` (equal by
default), and is shown from 0 to 100:

- **on time**: of the returns and expenditure reports due so far, those sent by their day;
- **complete**: of those due, those sent at all (late ones count);
- **agreement**: of the transfers mirror-checked with its counterparts, those both sides
  report with the same number of items.

A part with nothing to measure (no report due yet, no transfer checked) is left out and
the others are weighed alone; with no part at all there is no index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from cosec.mechanisms.arms.context import ArmsContext
from cosec.mechanisms.arms.mirror import Transfer, transfers
from cosec.mechanisms.arms.records import CATEGORIES


@dataclass(frozen=True, slots=True)
class Transparency:
    """A member's transparency index and what it is made of."""

    member: str
    due: int
    """Returns and expenditure reports due so far."""
    sent: int
    on_time: int
    checked: int
    """Transfers with its counterparts that were mirror-checked."""
    agreeing: int

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def on_time_share(self) -> float | None:
        """Share sent by their day (``None``: nothing due yet)."""
        return self._share(self.on_time, self.due)

    @property
    def complete_share(self) -> float | None:
        """Share sent at all."""
        return self._share(self.sent, self.due)

    @property
    def agreement_share(self) -> float | None:
        """Share of checked transfers both sides report alike."""
        return self._share(self.agreeing, self.checked)


def _due_reports(ctx: ArmsContext) -> list[tuple[str, int]]:
    out = []
    for year in ctx.years:
        for what in ("return", "expenditure"):
            due = ctx.regime.due(year, what)
            if due is None or ctx.as_of <= due:
                continue
            if ctx.since is not None and due.date() < ctx.since:
                continue
            out.append((what, year))
    return out


def member_transfers(ctx: ArmsContext, member: str) -> list[Transfer]:
    """Every mirror-checked transfer of ``member``'s returns, from its lines and its
    counterparts' (an index walk over its returns only)."""
    mine = [f for (m, _), f in sorted(ctx.returns.items()) if m == member]
    return list(transfers(ctx, mine))


def transparency(ctx: ArmsContext, member: str) -> Transparency:
    """``member``'s index parts as of the context's day."""
    due = _due_reports(ctx)
    sent = on_time = 0
    for what, year in due:
        got = (ctx.returns if what == "return" else ctx.expenditures).get((member, year))
        if got is not None:
            sent += 1
            on_time += got.first_at <= (ctx.regime.due(year, what) or got.first_at)
    checked = member_transfers(ctx, member)
    return Transparency(
        member=member,
        due=len(due),
        sent=sent,
        on_time=on_time,
        checked=len(checked),
        agreeing=sum(1 for t in checked if t.agrees),
    )


def index_of(t: Transparency, ctx: ArmsContext) -> float | None:
    """The weighted index from 0 to 100 (``None``: nothing to measure)."""
    w = ctx.regime.index_weights
    parts = [
        (w.on_time, t.on_time_share),
        (w.complete, t.complete_share),
        (w.agreement, t.agreement_share),
    ]
    weighed = [(weight, share) for weight, share in parts if share is not None and weight > 0]
    total = sum(weight for weight, _ in weighed)
    if not total:
        return None
    return round(100 * sum(weight * share for weight, share in weighed) / total, 1)


@dataclass(frozen=True, slots=True)
class YearFigures:
    """What a member reported for one year, and the change from the year before."""

    year: int
    exports: dict[str, int]
    """Category → items exported (its own return)."""
    imports: dict[str, int]
    expenditure: float | None
    currency: str
    nil: bool
    filed: bool
    exports_change: int | None = None
    imports_change: int | None = None
    expenditure_change: float | None = None
    """Relative change (0.05: 5 % more), same currency only."""

    @property
    def exported(self) -> int:
        """Items exported in every category."""
        return sum(self.exports.values())

    @property
    def imported(self) -> int:
        """Items imported in every category."""
        return sum(self.imports.values())


def year_over_year(ctx: ArmsContext, member: str) -> list[YearFigures]:
    """``member``'s figures per year it reported, oldest first, each with its change."""
    years = sorted(
        {y for m, y in ctx.returns if m == member} | {y for m, y in ctx.expenditures if m == member}
    )
    out: list[YearFigures] = []
    for year in years:
        f = ctx.returns.get((member, year))
        s = ctx.expenditures.get((member, year))
        exports = _by_category(f.exports.values()) if f is not None else {}
        imports = _by_category(f.imports.values()) if f is not None else {}
        fig = YearFigures(
            year=year,
            exports=exports,
            imports=imports,
            expenditure=s.total if s is not None else None,
            currency=s.currency if s is not None else "",
            nil=f.nil if f is not None else False,
            filed=f is not None,
        )
        prev = out[-1] if out and out[-1].year == year - 1 else None
        if prev is not None:
            spent = None
            if prev.expenditure and fig.expenditure is not None and prev.currency == fig.currency:
                spent = fig.expenditure / prev.expenditure - 1
            fig = replace(
                fig,
                exports_change=_diff(prev, fig, "exported"),
                imports_change=_diff(prev, fig, "imported"),
                expenditure_change=spent,
            )
        out.append(fig)
    return out


def _diff(prev: YearFigures, now: YearFigures, what: str) -> int | None:
    if not (prev.filed and now.filed):
        return None
    return int(getattr(now, what)) - int(getattr(prev, what))


def _by_category(per_counterpart: Iterable[Mapping[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for cats in per_counterpart:
        for c, n in cats.items():
            out[c] = out.get(c, 0) + n
    return {c: out[c] for c in CATEGORIES if c in out}
