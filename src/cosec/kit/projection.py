"""A mechanism's state, folded from its records one at a time, and judged by subject.

Evaluation must cost what a change touches, not what the store holds (a store of 2,000
notifications once spent 42 s re-judging everything after each submission). So each
mechanism keeps a :class:`Projection`: the facts its obligations read (activities,
calendars, reports...), built by applying its records in log order and kept in step with
the log by applying each new record as it comes. Applying a record names the *subjects*
whose findings it may change (an activity ``N12``, a calendar ``calendar:CHN:2027``);
:meth:`~Projection.expand` closes them over the rules that look across records (the other
activities of a suspected split); :meth:`~Projection.due` names the subjects whose findings
may change because time passed (a reply falling overdue). The engine then asks for a
context focused on those subjects, runs the obligations, and rewrites only the findings
that touch them. With no focus the same context judges everything: ``cosec evaluate``
and ``assess`` run that way, and a property test holds the two paths to the same findings.

The contract a projection keeps: with ``focus`` given, every obligation yields every
finding (as the unfocused context would) whose subjects meet the focus, and
:meth:`~Projection.expand` is what makes that true for rules that join subjects.

A mechanism that does not need to scale subclasses :class:`WholeProjection`: every change
and every tick re-judges the whole mechanism.

A projection may also define ``apply_many(records)`` (see :class:`Folds`): take in many records
at once when no one needs their subjects, as the first evaluation of a store does (it
judges everything afterwards). It must leave the state applying them one by one leaves;
it exists so that a projection can skip work done only to name subjects (closing them over
a suspected split, say), which for a store's whole history costs more than the fold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, Protocol, TypeVar, runtime_checkable

from cosec.charter.models import RegimeBase
from cosec.kit.evidence import EvidenceReader
from cosec.kit.submission import StoredRecord

C = TypeVar("C", covariant=True)
C_ = TypeVar("C_")
R = TypeVar("R", bound=RegimeBase)

EVERYTHING = "*"
"""The subject that stands for all of them: judge the whole mechanism again."""


@dataclass(frozen=True)
class Setup(Generic[R]):
    """What a projection is built with: the regime (typed), per charter version, and how
    to read evidence and the state-vessel registry."""

    regime: R
    """The regime in the charter version in force now."""
    regimes: dict[str, R]
    """The regime under each adopted charter version (records are judged under theirs)."""
    members: tuple[str, ...] | None
    """Members of the regime; ``None``: any state (a reference regime)."""
    member_name: Callable[[str], str]
    since: date
    """The day the deployment's first charter took effect."""
    evidence: EvidenceReader
    mechanism: str = ""

    def regime_for(self, charter_version: str | None) -> R:
        """The regime a record sent under ``charter_version`` is judged by."""
        if charter_version is None:
            return self.regime
        return self.regimes.get(charter_version, self.regime)

    def names(self, codes: Iterable[str]) -> str:
        """``China and the United States``: member names for a sentence."""
        named = [self.member_name(c) for c in codes]
        if len(named) <= 1:
            return "".join(named)
        return ", ".join(named[:-1]) + " and " + named[-1]


class Projection(Protocol[C]):
    """A mechanism's state folded from its records (see the module's docstring)."""

    def apply(self, record: StoredRecord) -> Iterable[str]:
        """Take in one more record (in log order); the subjects whose findings it may change."""
        ...

    def expand(self, subjects: set[str]) -> set[str]:
        """These subjects and every subject a rule judges together with them."""
        ...

    def due(self, since: datetime, until: datetime) -> Iterable[str]:
        """Subjects whose findings may change because the clock moved from since to until."""
        ...

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> C:
        """What the obligations read, judging ``focus`` (``None``: everything)."""
        ...


@runtime_checkable
class Folds(Protocol):
    """A projection that takes in many records at once (see the module's docstring)."""

    def apply_many(self, records: Iterable[StoredRecord]) -> None:
        """Take in ``records`` (in log order) as :meth:`Projection.apply` would, one by one,
        without naming the subjects they change."""
        ...


def fold(projection: object, records: Iterable[StoredRecord]) -> None:
    """Take ``records`` into ``projection``: through its ``apply_many`` if it has one, else one by
    one through ``apply``."""
    if isinstance(projection, Folds):
        projection.apply_many(records)
        return
    apply = projection.apply  # type: ignore[attr-defined]
    for record in records:
        apply(record)


@dataclass
class WholeProjection(Generic[R, C_]):
    """A projection that keeps its records and re-judges everything on any change.

    Subclass it and write :meth:`context` from ``self.records``; enough for a mechanism
    whose records stay few (a few thousand a year).
    """

    setup: Setup[R]
    records: list[StoredRecord] = field(default_factory=list)

    def apply(self, record: StoredRecord) -> Iterable[str]:
        """Keep the record; everything is to be judged again."""
        self.records.append(record)
        return (EVERYTHING,)

    def expand(self, subjects: set[str]) -> set[str]:
        """Nothing to close over: everything is judged."""
        return subjects

    def due(self, since: datetime, until: datetime) -> Iterable[str]:
        """Deadlines may have passed: judge everything again."""
        return (EVERYTHING,) if until > since else ()

    def context(self, *, as_of: datetime, focus: frozenset[str] | None) -> C_:
        """What the obligations read (subclasses build it from ``self.records``)."""
        raise NotImplementedError
