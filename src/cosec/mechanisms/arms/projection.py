"""The arms mechanism's state, folded from its records (see :mod:`cosec.kit.projection`).

Returns and expenditure reports by ``(member, year)``, and for each ``(year, state)`` the
members whose returns name that state. A new return names one subject,
``return:CHN:2025``; the engine re-judges it with the returns it shares findings with,
and the mirror check reaches its counterparts through the index. Deadlines passing name
every member's subject for that year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from cosec.kit import Setup, StoredRecord, payload_of
from cosec.mechanisms.arms.context import (
    ArmsContext,
    Filed,
    Spent,
    expenditure_subject,
    filed_from,
    return_subject,
)
from cosec.mechanisms.arms.records import ArmsReturn, Expenditure
from cosec.mechanisms.arms.regime import ArmsRegime


@dataclass
class ArmsProjection:
    """Returns and expenditure reports, indexed; kept in step with the log."""

    setup: Setup[ArmsRegime]
    returns: dict[tuple[str, int], Filed] = field(default_factory=dict)
    named_by: dict[tuple[int, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    expenditures: dict[tuple[str, int], Spent] = field(default_factory=dict)

    def apply(self, record: StoredRecord) -> set[str]:
        """Take in one record; the subjects whose findings it may change."""
        if record.kind == "arms.return":
            ret = payload_of(ArmsReturn, record)
            return set() if ret is None else self.take_return(record, ret)
        if record.kind == "arms.expenditure":
            rep = payload_of(Expenditure, record)
            if rep is None:
                return set()
            key = (record.submitter, rep.year)
            prev = self.expenditures.get(key)
            first = prev.first_at if prev is not None else record.submitted_at
            ids = (prev.record_ids if prev is not None else ()) + (record.id,)
            self.expenditures[key] = Spent.of(record.submitter, rep, first, ids)
            return {expenditure_subject(*key)}
        return set()

    def take_return(self, record: StoredRecord, ret: ArmsReturn) -> set[str]:
        """A return replaces the member's earlier one for the year (the first one's time
        still says when it came)."""
        member, year = record.submitter, ret.year
        prev = self.returns.get((member, year))
        if prev is not None:
            for other in prev.counterparts:
                self.named_by[(year, other)].discard(member)
        filed = filed_from(
            member,
            ret,
            first_at=prev.first_at if prev is not None else record.submitted_at,
            record_ids=(prev.record_ids if prev is not None else ()) + (record.id,),
        )
        self.returns[(member, year)] = filed
        for other in filed.counterparts:
            self.named_by[(year, other)].add(member)
        return {return_subject(member, year)}

    def expand(self, subjects: set[str]) -> set[str]:
        """Nothing to close over: a return's mirror findings name it as a subject, and the
        engine adds the subjects of the findings they touch."""
        return subjects

    def due(self, since: datetime, until: datetime) -> set[str]:
        """Every member's subjects for a year whose return or report fell due meanwhile."""
        out: set[str] = set()
        if until <= since:
            return out
        regime = self.setup.regime
        members = self.setup.members or tuple(sorted({m for m, _ in self.returns}))
        for year in range(since.year - 2, until.year + 1):
            for what, subject in (("return", return_subject), ("expenditure", expenditure_subject)):
                day = regime.due(year, what)
                if day is not None and since <= day < until:
                    out |= {subject(m, year) for m in members}
        return out

    def years(self, as_of: datetime) -> tuple[int, ...]:
        """Years whose returns may be due by ``as_of``: from the charter's first one on."""
        first = self.setup.since.year - 1
        seen = {y for _, y in self.returns} | {y for _, y in self.expenditures}
        return tuple(sorted(set(range(first, as_of.year)) | {y for y in seen if y >= first}))

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> ArmsContext:
        """What the obligations read, judging ``focus``."""
        return ArmsContext(
            regime=self.setup.regime,
            as_of=as_of,
            returns=self.returns,
            named_by=self.named_by,
            expenditures=self.expenditures,
            years=self.years(as_of),
            members=self.setup.members,
            member_name=self.setup.member_name,
            since=self.setup.since,
            focus=focus,
        )


def new_projection(setup: Setup[ArmsRegime]) -> ArmsProjection:
    """The projection of an empty log (the registration's factory)."""
    return ArmsProjection(setup)
