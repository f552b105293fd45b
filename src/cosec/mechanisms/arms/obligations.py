"""The rules of the annual exchange (domain §5): returns and expenditure reports sent by
their day, and each transfer reported alike by its exporter and its importer.

Pure functions of an :class:`~cosec.mechanisms.arms.context.ArmsContext`; the same rules
judge stored records and files (``cosec arms assess``).
"""

from __future__ import annotations

from collections.abc import Iterator

from cosec.kit import FindingDraft, Severity
from cosec.mechanisms.arms.context import (
    ArmsContext,
    expenditure_subject,
    return_subject,
)
from cosec.mechanisms.arms.mirror import Transfer, transfers
from cosec.mechanisms.arms.records import CATEGORY_NAMES

SEVERITY = {
    "return_missing": Severity.MEDIUM,
    "return_late": Severity.LOW,
    "mirror_mismatch": Severity.LOW,
    "import_unreported": Severity.MEDIUM,
    "export_unreported": Severity.MEDIUM,
}
"""[design] A missing return or a transfer one side leaves out weighs more than a late
return or a different count."""


def _sent_by_day(ctx: ArmsContext, what: str) -> Iterator[FindingDraft]:
    obligation = "arms.returns_on_time" if what == "return" else "arms.expenditure_on_time"
    words = "return of arms transfers" if what == "return" else "report of military expenditure"
    sent = ctx.returns if what == "return" else ctx.expenditures
    subject_of = return_subject if what == "return" else expenditure_subject
    for year in ctx.years:
        due = ctx.regime.due(year, what)
        if due is None or ctx.as_of <= due or (ctx.since is not None and due.date() < ctx.since):
            continue
        members = ctx.members
        if members is None:
            members = tuple(sorted(m for (m, y) in sent if y == year))
        for member in members:
            subject = subject_of(member, year)
            if not ctx.judges(subject):
                continue
            got = sent.get((member, year))
            if got is not None and got.first_at <= due:
                continue
            flag = "return_late" if got is not None else "return_missing"
            name = ctx.names((member,))
            yield FindingDraft(
                obligation=obligation,
                flag=flag,
                severity=SEVERITY[flag],
                members=(member,),
                subjects=(subject,),
                evidence=got.record_ids if got is not None else (),
                summary=(
                    f"{name} sent its {words} for {year} on {got.first_at:%d %B %Y}, after "
                    f"{due:%d %B %Y}, the day it was due."
                    if got is not None
                    else f"{name} has not sent its {words} for {year}, due on {due:%d %B %Y}."
                ),
                details={
                    "year": year,
                    "due": due.date().isoformat(),
                    "what": what,
                    **({"sent": got.first_at.isoformat()} if got is not None else {}),
                },
            )


def check_returns(ctx: ArmsContext) -> Iterator[FindingDraft]:
    """``arms.returns_on_time``: every member's return for a year by its day (31 May)."""
    yield from _sent_by_day(ctx, "return")


def check_expenditure(ctx: ArmsContext) -> Iterator[FindingDraft]:
    """``arms.expenditure_on_time``: every member's expenditure report by its day (30 April)."""
    yield from _sent_by_day(ctx, "expenditure")


def _items(n: int | None, category: str) -> str:
    what = CATEGORY_NAMES.get(category, category)
    return f"{n} item{'s' if n != 1 else ''} of {what} (category {category})"


def describe(ctx: ArmsContext, t: Transfer) -> str:
    """One sentence on a transfer the two sides report differently."""
    exp, imp = ctx.names((t.exporter,)), ctx.names((t.importer,))
    if t.imported is None:
        return (
            f"{exp} reports exporting {_items(t.exported, t.category)} to {imp} in {t.year}; "
            f"{imp}'s return lists no such import."
        )
    if t.exported is None:
        return (
            f"{imp} reports importing {_items(t.imported, t.category)} from {exp} in {t.year}; "
            f"{exp}'s return lists no such export."
        )
    return (
        f"{exp} reports exporting {_items(t.exported, t.category)} to {imp} in {t.year}; "
        f"{imp} reports importing {t.imported}."
    )


def check_mirror(ctx: ArmsContext) -> Iterator[FindingDraft]:
    """``arms.mirror``: a transfer both sides report, with the same number of items."""
    for t in transfers(ctx, ctx.judged_returns()):
        flag = t.flag
        if flag is None:
            continue
        yield FindingDraft(
            obligation="arms.mirror",
            flag=flag,
            severity=SEVERITY[flag],
            members=(t.exporter, t.importer),
            subjects=(return_subject(t.exporter, t.year), return_subject(t.importer, t.year)),
            aspect=f"{t.exporter}>{t.importer}:{t.category}",
            evidence=t.evidence,
            summary=describe(ctx, t),
            details={
                "year": t.year,
                "category": t.category,
                "exporter": t.exporter,
                "importer": t.importer,
                "exported": t.exported,
                "imported": t.imported,
            },
        )
