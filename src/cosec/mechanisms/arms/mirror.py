"""Mirror checks: each transfer as its exporter and its importer report it.

A return is compared only with the returns of the states its lines name and of the states
whose lines name it (``ArmsContext.named_by``): grouping by ``(year, exporter, importer,
category)`` through these indexes, never every pair of members. Transfers with a state
outside the regime, or with a member that filed nothing that year, are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cosec.mechanisms.arms.context import ArmsContext, Filed
from cosec.mechanisms.arms.records import CATEGORIES


@dataclass(frozen=True, slots=True)
class Transfer:
    """One ``(year, exporter, importer, category)`` as both sides report it."""

    year: int
    exporter: str
    importer: str
    category: str
    exported: int | None
    """Items the exporter reports (``None``: its return does not list the transfer)."""
    imported: int | None
    """Items the importer reports (``None``: its return does not list the transfer)."""
    evidence: tuple[int, ...] = ()

    @property
    def agrees(self) -> bool:
        """Both report it, with the same number of items."""
        return self.exported is not None and self.exported == self.imported

    @property
    def flag(self) -> str | None:
        """``mirror_mismatch``, ``import_unreported``, ``export_unreported`` or none."""
        if self.exported is None:
            return "export_unreported"
        if self.imported is None:
            return "import_unreported"
        return None if self.exported == self.imported else "mirror_mismatch"


def _order(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def _one_way(ctx: ArmsContext, exp: Filed, imp: Filed) -> Iterator[Transfer]:
    sent = exp.exports.get(imp.member, {})
    got = imp.imports.get(exp.member, {})
    for category in sorted(set(sent) | set(got), key=_order):
        yield Transfer(
            year=exp.year,
            exporter=exp.member,
            importer=imp.member,
            category=category,
            exported=sent.get(category),
            imported=got.get(category),
            evidence=tuple(sorted({*exp.record_ids, *imp.record_ids})),
        )


def pair(ctx: ArmsContext, a: Filed, b: Filed) -> Iterator[Transfer]:
    """Every transfer between two returns of the same year, both ways."""
    yield from _one_way(ctx, a, b)
    yield from _one_way(ctx, b, a)


def transfers(ctx: ArmsContext, returns: Iterable[Filed]) -> Iterator[Transfer]:
    """Every mirror-checked transfer that involves one of ``returns``, each once."""
    done: set[tuple[int, str, str]] = set()
    for f in returns:
        if not ctx.in_regime(f.member):
            continue
        others = f.counterparts | ctx.named_by.get((f.year, f.member), set())
        for other in sorted(others):
            key = (f.year, *sorted((f.member, other)))
            if other == f.member or key in done or not ctx.in_regime(other):
                continue
            done.add(key)  # type: ignore[arg-type]
            g = ctx.returns.get((other, f.year))
            if g is not None:
                yield from pair(ctx, f, g)
