"""Use cases of the annual exchange: the views the interfaces show, read through visibility.

Submissions go through the one shared pipeline (:mod:`cosec.plugin.store`'s ``submit``);
the rules a submission meets are in :mod:`.checks`, the state the obligations read in
:mod:`.projection`. Views fold the returns the reader may read with the same projection,
so a member's index and figures are what the rules see, restricted to what it may read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from cosec.kit import NoEvidence, NotFound, Principal, Setup
from cosec.mechanisms.arms.context import ArmsContext, filed_from
from cosec.mechanisms.arms.index import (
    Transparency,
    YearFigures,
    index_of,
    member_transfers,
    transparency,
    year_over_year,
)
from cosec.mechanisms.arms.mirror import Transfer
from cosec.mechanisms.arms.projection import ArmsProjection
from cosec.mechanisms.arms.records import CATEGORIES, ArmsReturn, Expenditure
from cosec.mechanisms.arms.regime import ArmsRegime
from cosec.plugin.store import (
    Deployment,
    FindingView,
    RecordRow,
    Session,
    get_visible,
    list_findings,
    list_visible,
    stored_payload,
)

MECHANISM = "arms"
KINDS = ("arms.return", "arms.expenditure")


def regime_of(deployment: Deployment) -> ArmsRegime:
    """The arms regime of the charter in force."""
    regime = deployment.current.regime(MECHANISM)
    if not isinstance(regime, ArmsRegime):
        raise NotFound(f"{deployment.current.id} has no arms regime")
    return regime


@dataclass(frozen=True)
class ReturnView:
    """A return as a reader sees it."""

    record: RecordRow
    ret: ArmsReturn
    due: datetime
    latest: bool
    """No later return of the same member and year replaces it."""

    @property
    def member(self) -> str:
        """The reporting state."""
        return self.record.submitter

    @property
    def on_time(self) -> bool:
        """Sent by the year's day."""
        return self.record.submitted_at <= self.due

    @property
    def exported(self) -> int:
        """Items exported, every category."""
        return sum(x.units for x in self.ret.exports)

    @property
    def imported(self) -> int:
        """Items imported, every category."""
        return sum(x.units for x in self.ret.imports)

    @property
    def lines(self) -> int:
        """Lines of the return."""
        return len(self.ret.exports) + len(self.ret.imports)


def list_returns(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    member: str | None = None,
    year: int | None = None,
) -> list[ReturnView]:
    """Returns ``principal`` may read, newest year first."""
    regime = regime_of(deployment)
    rows = list_visible(
        session, principal, deployment.current, kinds=["arms.return"], submitter=member
    )
    seen: set[tuple[str, int]] = set()
    out = []
    for row in reversed(rows):  # newest first: the first of a member-year is the latest
        ret = stored_payload(ArmsReturn, row)
        if ret is None or (year is not None and ret.year != year):
            continue
        key = (row.submitter, ret.year)
        due = regime.due(ret.year)
        assert due is not None  # a return always has a day
        out.append(ReturnView(row, ret, due, key not in seen))
        seen.add(key)
    return sorted(out, key=lambda v: (-v.ret.year, v.member, -v.record.id))


def get_return(
    session: Session, *, deployment: Deployment, principal: Principal, record_id: int
) -> ReturnView:
    """One return, or :class:`NotFound`."""
    row = get_visible(session, principal, deployment.current, record_id)
    ret = stored_payload(ArmsReturn, row) if row is not None and row.kind == "arms.return" else None
    if row is None or ret is None:
        raise NotFound(f"no arms return {record_id}")
    later = [
        v
        for v in list_returns(
            session, deployment=deployment, principal=principal, member=row.submitter, year=ret.year
        )
        if v.record.id > row.id
    ]
    due = regime_of(deployment).due(ret.year)
    assert due is not None
    return ReturnView(row, ret, due, not later)


@dataclass(frozen=True)
class OtherSide:
    """What the other state's return says of a line's transfer."""

    status: str
    """``reported``, ``not listed``, ``no return`` or ``outside the regime``."""
    units: int | None = None
    """Items the other side reports (summed over its lines), when it does."""
    agrees: bool = False
    """It reports as many items as this return's lines for that state and category."""


def other_sides(
    session: Session, *, deployment: Deployment, principal: Principal, view: ReturnView
) -> dict[tuple[str, str, str], OtherSide]:
    """``(side, counterpart, category)`` of each line of a return → what the counterpart's
    latest return (as the reader may read it) says of the same transfer."""
    ctx = context(
        session, deployment=deployment, principal=principal, as_of=view.record.submitted_at
    )
    mine = filed_from(view.member, view.ret, first_at=view.record.submitted_at)
    out: dict[tuple[str, str, str], OtherSide] = {}
    for side, lines, theirs in (
        ("exports", mine.exports, "imports"),
        ("imports", mine.imports, "exports"),
    ):
        for other, cats in lines.items():
            g = ctx.returns.get((other, view.ret.year))
            for category, units in cats.items():
                key = (side, other, category)
                if not ctx.in_regime(other):
                    out[key] = OtherSide("outside the regime")
                elif g is None:
                    out[key] = OtherSide("no return")
                else:
                    n = getattr(g, theirs).get(view.member, {}).get(category)
                    out[key] = (
                        OtherSide("not listed")
                        if n is None
                        else OtherSide("reported", n, n == units)
                    )
    return out


@dataclass(frozen=True)
class ExpenditureView:
    """An expenditure report as a reader sees it."""

    record: RecordRow
    report: Expenditure


def list_expenditures(
    session: Session, *, deployment: Deployment, principal: Principal, member: str | None = None
) -> list[ExpenditureView]:
    """Expenditure reports ``principal`` may read, newest first."""
    rows = list_visible(
        session,
        principal,
        deployment.current,
        kinds=["arms.expenditure"],
        submitter=member,
        newest_first=True,
    )
    return [
        ExpenditureView(row, rep)
        for row in rows
        if (rep := stored_payload(Expenditure, row)) is not None
    ]


def context(
    session: Session, *, deployment: Deployment, principal: Principal, as_of: datetime
) -> ArmsContext:
    """The rules' context over the records ``principal`` may read."""
    charter = deployment.current
    regime = regime_of(deployment)
    projection = ArmsProjection(
        Setup(
            regime=regime,
            regimes={},
            members=charter.regime_members(MECHANISM),
            member_name=charter.member_name,
            since=deployment.versions[0].effective_from,
            evidence=NoEvidence(),
            mechanism=MECHANISM,
        )
    )
    for row in list_visible(session, principal, charter, kinds=list(KINDS)):
        projection.apply(row)
    return projection.context(as_of=as_of, focus=None)


@dataclass(frozen=True)
class MemberArms:
    """A member's page: its index, its figures by year, its transfers as both sides report
    them, and its findings."""

    member: str
    transparency: Transparency
    index: float | None
    years: list[YearFigures]
    transfers: list[Transfer]
    findings: list[FindingView]

    @property
    def disagreements(self) -> list[Transfer]:
        """Transfers the two sides report differently, newest year first."""
        return sorted(
            (t for t in self.transfers if not t.agrees),
            key=lambda t: (-t.year, t.exporter, t.importer, CATEGORIES.index(t.category)),
        )


def member_arms(
    session: Session,
    *,
    deployment: Deployment,
    principal: Principal,
    member: str,
    as_of: datetime,
) -> MemberArms:
    """``member``'s arms page."""
    if not deployment.current.is_member(member):
        raise NotFound(f"{member} is not a member of {deployment.current.id}")
    ctx = context(session, deployment=deployment, principal=principal, as_of=as_of)
    t = transparency(ctx, member)
    found = [
        f
        for f in list_findings(session, deployment=deployment, principal=principal, member=member)
        if f.row.mechanism == MECHANISM
    ]
    return MemberArms(
        member=member,
        transparency=t,
        index=index_of(t, ctx) if ctx.returns else None,  # a reader who may read no return
        years=year_over_year(ctx, member),
        transfers=member_transfers(ctx, member),
        findings=found,
    )


@dataclass(frozen=True)
class Summary:
    """The arms page's figures, from one fold of what the reader may read."""

    indexes: list[tuple[str, Transparency, float | None]]
    totals: dict[int, dict[str, int]]
    returns: int
    """Returns (member-years) the reader may read: none, and there is no index to show."""


def summary(
    session: Session, *, deployment: Deployment, principal: Principal, as_of: datetime
) -> Summary:
    """Every member's index and the totals by year and category."""
    ctx = context(session, deployment=deployment, principal=principal, as_of=as_of)
    return Summary(_indexes(ctx), _totals(ctx), len(ctx.returns))


def indexes(
    session: Session, *, deployment: Deployment, principal: Principal, as_of: datetime
) -> list[tuple[str, Transparency, float | None]]:
    """Every member's transparency index, in charter order."""
    return _indexes(context(session, deployment=deployment, principal=principal, as_of=as_of))


def _indexes(ctx: ArmsContext) -> list[tuple[str, Transparency, float | None]]:
    members = ctx.members or tuple(sorted({m for m, _ in ctx.returns}))
    out = []
    for m in members:
        t = transparency(ctx, m)
        out.append((m, t, index_of(t, ctx)))
    return out


def totals(
    session: Session, *, deployment: Deployment, principal: Principal, as_of: datetime
) -> dict[int, dict[str, int]]:
    """Items exported by year and category, as the exporters report them (latest returns)."""
    return _totals(context(session, deployment=deployment, principal=principal, as_of=as_of))


def _totals(ctx: ArmsContext) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for (_, year), f in ctx.returns.items():
        per = out[year]
        for cats in f.exports.values():
            for c, n in cats.items():
                per[c] = per.get(c, 0) + n
    return {y: {c: out[y][c] for c in CATEGORIES if c in out[y]} for y in sorted(out)}
